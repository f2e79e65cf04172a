import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { ConfigError, DEFAULT_NPM_REGISTRY, loadConfig } from './config';
import { writeTestGeoIpDb } from './testing-mmdb';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '127.0.0.1',
      dataDir: path.resolve('./data'),
      databaseUrl: undefined,
      issuerBaseUrl: 'http://localhost:3000',
      tenant: 'default',
      adminEmail: 'admin@localhost',
      adminPassword: undefined,
      bootstrapClient: undefined,
      masterKey: undefined,
      storeOutageMaxStalenessMs: 900_000,
      cacheRefreshMs: 60_000,
      rateLimits: { tokenFailuresPerMinute: 20, signInFailuresPer15Minutes: 5 },
      hookEgress: { allow: [], deny: [], maxRequests: 10, maxResponseBytes: 1024 * 1024 },
      npmRegistry: DEFAULT_NPM_REGISTRY,
      geoip: undefined,
    });
  });

  it('reads every variable, dropping a trailing slash from the issuer', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATA_DIR: '/var/lib/tokenhook',
      DATABASE_URL: 'postgres://u:p@db/tokenhook',
      ISSUER_BASE_URL: 'https://auth.example.com/',
      TENANT: 'acme',
      ADMIN_EMAIL: 'ops@example.com',
      ADMIN_PASSWORD: 'correct horse battery',
      BOOTSTRAP_CLIENT_ID: 'ci-bootstrap',
      BOOTSTRAP_CLIENT_SECRET: 'z'.repeat(40),
      MASTER_KEY: key,
      RATE_LIMIT_TOKEN_FAILURES: '50',
      RATE_LIMIT_SIGNIN_FAILURES: '3',
      STORE_OUTAGE_MAX_STALENESS: '120',
      CACHE_REFRESH_SECONDS: '5',
      HOOK_EGRESS_ALLOW: '127.0.0.1, *.corp.example:8443,fd00::/8',
      HOOK_EGRESS_DENY: '169.254.0.0/16',
      HOOK_EGRESS_MAX_REQUESTS: '3',
      HOOK_EGRESS_MAX_RESPONSE_BYTES: '65536',
      NPM_CONFIG_REGISTRY: 'http://127.0.0.1:4873',
    });
    expect(config).toEqual({
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/var/lib/tokenhook',
      databaseUrl: 'postgres://u:p@db/tokenhook',
      issuerBaseUrl: 'https://auth.example.com',
      tenant: 'acme',
      adminEmail: 'ops@example.com',
      adminPassword: 'correct horse battery',
      bootstrapClient: { clientId: 'ci-bootstrap', clientSecret: 'z'.repeat(40) },
      masterKey: Buffer.alloc(32, 7),
      storeOutageMaxStalenessMs: 120_000,
      cacheRefreshMs: 5_000,
      rateLimits: { tokenFailuresPerMinute: 50, signInFailuresPer15Minutes: 3 },
      hookEgress: {
        allow: ['127.0.0.1', '*.corp.example:8443', 'fd00::/8'],
        deny: ['169.254.0.0/16'],
        maxRequests: 3,
        maxResponseBytes: 65536,
      },
      npmRegistry: 'http://127.0.0.1:4873/',
    });
  });

  it('follows PORT in the default issuer and treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '4000', TENANT: '' })).toMatchObject({
      issuerBaseUrl: 'http://localhost:4000',
      tenant: 'default',
    });
  });

  it('ignores variables it does not read, such as the removed HOOK_IN_THREAD_SLICE_MS', () => {
    expect(loadConfig({ HOOK_IN_THREAD_SLICE_MS: '5' })).toEqual(loadConfig({}));
    expect(loadConfig({ HOOK_IN_THREAD_SLICE_MS: 'not a number' })).toEqual(loadConfig({}));
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ MASTER_KEY: Buffer.alloc(16).toString('base64') }, /MASTER_KEY: must be 32 bytes/],
    [{ ISSUER_BASE_URL: 'ftp://x' }, /ISSUER_BASE_URL/],
    [
      { BOOTSTRAP_CLIENT_ID: 'only-the-id' },
      /set both BOOTSTRAP_CLIENT_ID and BOOTSTRAP_CLIENT_SECRET/,
    ],
    [
      { BOOTSTRAP_CLIENT_ID: 'ci-bootstrap', BOOTSTRAP_CLIENT_SECRET: 'short' },
      /BOOTSTRAP_CLIENT_SECRET: must be at least 32 characters/,
    ],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [
      { HOOK_EGRESS_ALLOW: 'a.example,10.0.0.0/40' },
      /HOOK_EGRESS_ALLOW: "10.0.0.0\/40" is not a host name/,
    ],
    [{ HOOK_EGRESS_ALLOW: '*' }, /HOOK_EGRESS_ALLOW: "\*" is only accepted in HOOK_EGRESS_DENY/],
    [{ HOOK_EGRESS_DENY: 'http://x' }, /HOOK_EGRESS_DENY: "http:\/\/x" is not a host name/],
    [{ HOOK_EGRESS_MAX_REQUESTS: '-1' }, /HOOK_EGRESS_MAX_REQUESTS/],
    [{ HOOK_EGRESS_MAX_RESPONSE_BYTES: '0' }, /HOOK_EGRESS_MAX_RESPONSE_BYTES/],
    [{ NPM_CONFIG_REGISTRY: 'file:///tmp/registry' }, /NPM_CONFIG_REGISTRY/],
  ])('rejects %j with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('opens GEOIP_DB at start: a lookup of the MaxMind DB file', () => {
    const { geoip } = loadConfig({ GEOIP_DB: writeTestGeoIpDb() });
    expect(geoip?.('127.0.0.1')).toMatchObject({ countryCode: 'FR', cityName: 'Paris' });
  });

  it('fails the start when GEOIP_DB cannot be read or is not a MaxMind DB file', () => {
    const missing = { GEOIP_DB: '/nonexistent/GeoLite2-City.mmdb' };
    expect(() => loadConfig(missing)).toThrow(ConfigError);
    expect(() => loadConfig(missing)).toThrow(
      /GEOIP_DB: cannot read \/nonexistent\/GeoLite2-City\.mmdb: ENOENT/,
    );
    const file = `${writeTestGeoIpDb()}.txt`;
    writeFileSync(file, 'country,city\n');
    expect(() => loadConfig({ GEOIP_DB: file })).toThrow(ConfigError);
    expect(() => loadConfig({ GEOIP_DB: file })).toThrow(
      /GEOIP_DB: .*\.txt is not a MaxMind DB \(\.mmdb\) file/,
    );
  });
});

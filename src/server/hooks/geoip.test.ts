/** Actions' `event.request.geoip` at /oauth/token, with and without GEOIP_DB. */
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHookTrial, createTestServer } from '../testing';
import { PARIS_GEOIP, writeTestGeoIpDb } from '../testing-mmdb';

const API = 'https://geoip.example';
const CLAIM = 'https://t.example/geoip';

const ACTION = `exports.onExecuteCredentialsExchange = async (event, api) => {
  api.accessToken.setCustomClaim('country', event.request.geoip.countryCode);
  api.accessToken.setCustomClaim('city', event.request.geoip.cityName);
  api.accessToken.setCustomClaim('${CLAIM}', event.request.geoip);
};`;

const HOOK = `module.exports = function (client, scope, audience, context, cb) {
  cb(null, { '${CLAIM}': { keys: Object.keys(context), request: context.request } });
};`;

/** A server with a credentials-exchange hook, and a token request through it from `peer`. */
async function serverWithHook(env: Record<string, string>) {
  const t = await createTestServer(env);
  const trial = await createHookTrial(t, API, 'read:data');
  return {
    t,
    async token(script: string, peer: string) {
      const res = await trial.exchange(script, { peer });
      expect(res.status, res.text).toBe(200);
      return decodeJwt(res.body.access_token as string);
    },
  };
}

describe('with GEOIP_DB', () => {
  let s: Awaited<ReturnType<typeof serverWithHook>>;
  beforeAll(async () => {
    s = await serverWithHook({ GEOIP_DB: writeTestGeoIpDb() });
  }, 60_000);
  afterAll(() => s.t.close());

  it("an Action reads the caller's location from event.request.geoip", async () => {
    const claims = await s.token(ACTION, '127.0.0.1');
    expect(claims).toMatchObject({ country: 'FR', city: 'Paris' });
    expect(claims[CLAIM]).toEqual(PARIS_GEOIP);
  });

  it('an address the database does not know gives {}', async () => {
    const claims = await s.token(ACTION, '::1');
    expect(claims[CLAIM]).toEqual({});
    expect(claims).not.toHaveProperty('country');
  });

  it("Hook-style code's context is unchanged: no geoip of Auth0's, an empty internal one", async () => {
    const claims = await s.token(HOOK, '127.0.0.1');
    const got = claims[CLAIM] as { keys: string[]; request: Record<string, unknown> };
    expect(got.keys).not.toContain('geoip');
    expect(got.request.geoip).toEqual({});
  });
});

describe('without GEOIP_DB', () => {
  let s: Awaited<ReturnType<typeof serverWithHook>>;
  beforeAll(async () => {
    s = await serverWithHook({});
  }, 60_000);
  afterAll(() => s.t.close());

  it('event.request.geoip is {}', async () => {
    const claims = await s.token(ACTION, '127.0.0.1');
    expect(claims[CLAIM]).toEqual({});
    expect(claims).not.toHaveProperty('country');
  });
});

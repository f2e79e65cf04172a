import path from 'node:path';
import { z } from 'zod';
import { clientSecretSchema } from '@/shared/schemas/client';
import { openGeoIpDatabase, type GeoIpLookup } from './geoip';
import { EgressRuleError, parseEgressRule, splitEgressList } from './hooks/egress/policy';

/** npm's public registry; NPM_CONFIG_REGISTRY replaces it (a mirror, Verdaccio, a proxy). */
export const DEFAULT_NPM_REGISTRY = 'https://registry.npmjs.org/';

/** Everything the server needs to know about its surroundings; built once from the environment. */
export interface Config {
  port: number;
  host: string;
  /** Holds the SQLite file and, unless MASTER_KEY is set, the master key file. */
  dataDir: string;
  databaseUrl: string | undefined;
  /** Public base URL without a trailing slash; tokens carry `iss` = `${issuerBaseUrl}/`. */
  issuerBaseUrl: string;
  tenant: string;
  adminEmail: string;
  adminPassword: string | undefined;
  bootstrapClient: { clientId: string; clientSecret: string } | undefined;
  /** 32-byte key that encrypts secrets at rest; read from a key file in dataDir when unset. */
  masterKey: Buffer | undefined;
  /** While the store is unreachable, how long after the outage began cached state still issues tokens. */
  storeOutageMaxStalenessMs: number;
  /** With several nodes: how often every cache is re-read even when no change was announced. */
  cacheRefreshMs: number;
  rateLimits: {
    /** Failed client authentications at /oauth/token per minute, per client and address (×5 per address). */
    tokenFailuresPerMinute: number;
    /** Failed console sign-ins per 15 minutes, per account (×4 per address). */
    signInFailuresPer15Minutes: number;
  };
  /** Hooks' outbound HTTP: rules on top of the default policy (public addresses only) and per-run limits. */
  hookEgress: {
    /** HOOK_EGRESS_ALLOW entries: hosts, `*.domain` wildcards, addresses or CIDRs, each with an optional `:port`. */
    allow: string[];
    /** HOOK_EGRESS_DENY entries, same forms plus `*`; deny wins over allow. */
    deny: string[];
    /** Requests one hook run may make (redirects count). */
    maxRequests: number;
    /** Response body bytes one hook run may receive, all requests together. */
    maxResponseBytes: number;
  };
  /** Registry that hooks' npm modules are resolved from, with a trailing slash. */
  npmRegistry: string;
  /** Actions' `event.request.geoip` from the MaxMind DB file GEOIP_DB names, opened at start. */
  geoip: GeoIpLookup | undefined;
}

/** A comma-separated HOOK_EGRESS_* list, each entry checked by the policy's own parser. */
const egressListSchema = (variable: string) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      const entries = splitEgressList(value);
      for (const entry of entries) {
        try {
          parseEgressRule(entry, variable);
        } catch (err) {
          if (!(err instanceof EgressRuleError)) throw err;
          ctx.addIssue({ code: 'custom', message: err.message.replace(`${variable}: `, '') });
        }
      }
      return entries;
    });

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  ISSUER_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  TENANT: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lowercase letters, digits and dashes')
    .default('default'),
  ADMIN_EMAIL: z.email().default('admin@localhost'),
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  BOOTSTRAP_CLIENT_ID: z
    .string()
    .regex(/^[\w-]{8,128}$/, 'must be 8-128 letters, digits, _ or -')
    .optional(),
  BOOTSTRAP_CLIENT_SECRET: clientSecretSchema.optional(),
  RATE_LIMIT_TOKEN_FAILURES: z.coerce.number().int().min(1).max(100_000).default(20),
  RATE_LIMIT_SIGNIN_FAILURES: z.coerce.number().int().min(1).max(10_000).default(5),
  STORE_OUTAGE_MAX_STALENESS: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 86_400)
    .default(900),
  CACHE_REFRESH_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  MASTER_KEY: z
    .base64()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded')
    .optional(),
  HOOK_EGRESS_ALLOW: egressListSchema('HOOK_EGRESS_ALLOW'),
  HOOK_EGRESS_DENY: egressListSchema('HOOK_EGRESS_DENY'),
  HOOK_EGRESS_MAX_REQUESTS: z.coerce.number().int().min(0).max(1000).default(10),
  HOOK_EGRESS_MAX_RESPONSE_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(256 * 1024 * 1024)
    .default(1024 * 1024),
  NPM_CONFIG_REGISTRY: z.url({ protocol: /^https?$/ }).default(DEFAULT_NPM_REGISTRY),
  GEOIP_DB: z.string().optional(),
});

/** Thrown for a bad environment; main.ts prints the message and exits. */
export class ConfigError extends Error {}

/** Reads the environment (README.md's Configuration table). Empty strings count as unset. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  if (Boolean(e.BOOTSTRAP_CLIENT_ID) !== Boolean(e.BOOTSTRAP_CLIENT_SECRET)) {
    throw new ConfigError(
      'Invalid configuration: set both BOOTSTRAP_CLIENT_ID and BOOTSTRAP_CLIENT_SECRET, or neither',
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    issuerBaseUrl: (e.ISSUER_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    tenant: e.TENANT,
    adminEmail: e.ADMIN_EMAIL,
    adminPassword: e.ADMIN_PASSWORD,
    bootstrapClient:
      e.BOOTSTRAP_CLIENT_ID && e.BOOTSTRAP_CLIENT_SECRET
        ? { clientId: e.BOOTSTRAP_CLIENT_ID, clientSecret: e.BOOTSTRAP_CLIENT_SECRET }
        : undefined,
    masterKey: e.MASTER_KEY ? Buffer.from(e.MASTER_KEY, 'base64') : undefined,
    storeOutageMaxStalenessMs: e.STORE_OUTAGE_MAX_STALENESS * 1000,
    cacheRefreshMs: e.CACHE_REFRESH_SECONDS * 1000,
    rateLimits: {
      tokenFailuresPerMinute: e.RATE_LIMIT_TOKEN_FAILURES,
      signInFailuresPer15Minutes: e.RATE_LIMIT_SIGNIN_FAILURES,
    },
    hookEgress: {
      allow: e.HOOK_EGRESS_ALLOW,
      deny: e.HOOK_EGRESS_DENY,
      maxRequests: e.HOOK_EGRESS_MAX_REQUESTS,
      maxResponseBytes: e.HOOK_EGRESS_MAX_RESPONSE_BYTES,
    },
    npmRegistry: e.NPM_CONFIG_REGISTRY.replace(/\/*$/, '/'),
    geoip: e.GEOIP_DB ? openGeoIp(e.GEOIP_DB) : undefined,
  };
}

function openGeoIp(file: string): GeoIpLookup {
  try {
    return openGeoIpDatabase(path.resolve(file));
  } catch (err) {
    throw new ConfigError(`Invalid configuration:\n  GEOIP_DB: ${(err as Error).message}`);
  }
}

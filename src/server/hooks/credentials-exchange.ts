/**
 * Auth0 credentials-exchange semantics: how a hook's `cb(null, result)` becomes token content.
 * Sources: reference/auth0-semantics.md §1.2 (auth0-ext-compilers, Auth0 docs).
 */
import { scopeValueSchema } from '@/shared/schemas/resource-server';

/** Auth0's own hosts: URL-named properties on them are not custom claims (§1.2). */
const OWNED_HOSTS = ['auth0.com', 'webtask.io', 'webtask.run'];

/** Claims a hook can never set (Auth0's restricted list, §1.2); none of them is a URL anyway. */
export const RESERVED_CLAIMS: ReadonlySet<string> = new Set([
  'acr', 'act', 'active', 'amr', 'at_hash', 'ath', 'attest', 'aud', 'auth_time', 'authorization_details', 'azp',
  'c_hash', 'client_id', 'cnf', 'cty', 'dest', 'entitlements', 'events', 'exp', 'groups', 'gty', 'htm', 'htu',
  'iat', 'internalService', 'iss', 'jcard', 'jku', 'jti', 'jwe', 'jwk', 'kid', 'may_act', 'mky', 'nbf', 'nonce',
  'object_id', 'org_id', 'org_name', 'orig', 'origid', 'permissions', 'roles', 'rph', 's_hash', 'sid', 'sub',
  'sub_jwk', 'toe', 'txn', 'typ', 'uuid', 'vot', 'vtm', 'x5t#S256', 'scope',
]);

/** Custom claims together may take at most 100 KB (Auth0's limit). */
export const MAX_CUSTOM_CLAIMS_BYTES = 100 * 1024;

/** A property becomes a claim only when named by an http(s) URL outside Auth0's hosts. */
export function isCustomClaimName(name: string): boolean {
  if (RESERVED_CLAIMS.has(name) || name.startsWith('sip_')) return false;
  let url: URL;
  try {
    url = new URL(name);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const host = url.hostname.toLowerCase();
  return !OWNED_HOSTS.some((owned) => host === owned || host.endsWith(`.${owned}`));
}

export type ExchangeResult =
  | { ok: true; scopes: string[]; claims: Record<string, unknown> }
  | { ok: false; message: string };

/**
 * Applies `cb(null, result)`: `result.scope` replaces the granted scopes (absent: none, as in
 * Auth0: "removing it will reset all scopes"), URL-named properties become claims, everything
 * else is ignored. `cb(null)` gives a token with no scopes and nothing of the runtime.
 */
export function applyExchangeResult(result: unknown): ExchangeResult {
  if (result === null || typeof result !== 'object' || Array.isArray(result)) {
    return { ok: true, scopes: [], claims: {} };
  }
  const record = result as Record<string, unknown>;
  let scopes: string[] = [];
  if (record.scope !== undefined && record.scope !== null) {
    if (!Array.isArray(record.scope) || !record.scope.every((s) => typeof s === 'string')) {
      return { ok: false, message: 'The hook returned an invalid scope: expected an array of strings' };
    }
    const invalid = record.scope.find((s) => !scopeValueSchema.safeParse(s).success);
    if (invalid !== undefined) {
      return { ok: false, message: `The hook returned an invalid scope value: ${JSON.stringify(invalid).slice(0, 100)}` };
    }
    scopes = [...new Set(record.scope as string[])];
  }
  const claims: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(record)) {
    if (value !== undefined && isCustomClaimName(name)) claims[name] = value;
  }
  if (Buffer.byteLength(JSON.stringify(claims)) > MAX_CUSTOM_CLAIMS_BYTES) {
    return { ok: false, message: 'The hook returned custom claims larger than 100 KB' };
  }
  return { ok: true, scopes, claims };
}

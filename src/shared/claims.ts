/**
 * Which properties of a credentials-exchange hook's result become token claims (Auth0 semantics,
 * reference/auth0-semantics.md §1.2). The server applies these rules; the console uses them to
 * explain why a claim was dropped.
 */

/** Auth0's own hosts: URL-named properties on them are not custom claims. */
export const OWNED_CLAIM_HOSTS = ['auth0.com', 'webtask.io', 'webtask.run'] as const;

/** Claims a hook can never set (Auth0's restricted list); none of them is a URL anyway. */
export const RESERVED_CLAIMS: ReadonlySet<string> = new Set([
  'acr', 'act', 'active', 'amr', 'at_hash', 'ath', 'attest', 'aud', 'auth_time', 'authorization_details', 'azp',
  'c_hash', 'client_id', 'cnf', 'cty', 'dest', 'entitlements', 'events', 'exp', 'groups', 'gty', 'htm', 'htu',
  'iat', 'internalService', 'iss', 'jcard', 'jku', 'jti', 'jwe', 'jwk', 'kid', 'may_act', 'mky', 'nbf', 'nonce',
  'object_id', 'org_id', 'org_name', 'orig', 'origid', 'permissions', 'roles', 'rph', 's_hash', 'sid', 'sub',
  'sub_jwk', 'toe', 'txn', 'typ', 'uuid', 'vot', 'vtm', 'x5t#S256', 'scope',
]);

/**
 * True for a host that is one of Auth0's, or one of `ownHosts` (the server's own issuer host), or
 * below one: claims named under them could pass for the issuer's own.
 */
export function isOwnedClaimHost(hostname: string, ownHosts: readonly string[] = []): boolean {
  const host = hostname.toLowerCase();
  return [...OWNED_CLAIM_HOSTS, ...ownHosts].some((owned) => {
    const o = owned.toLowerCase();
    return host === o || host.endsWith(`.${o}`);
  });
}

/** A property becomes a claim only when named by an http(s) URL outside the owned hosts. */
export function isCustomClaimName(name: string, ownHosts: readonly string[] = []): boolean {
  if (RESERVED_CLAIMS.has(name) || name.startsWith('sip_')) return false;
  let url: URL;
  try {
    url = new URL(name);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  return !isOwnedClaimHost(url.hostname, ownHosts);
}

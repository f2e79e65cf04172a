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

/** True for a host that is one of Auth0's or below one. */
export function isOwnedClaimHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return OWNED_CLAIM_HOSTS.some((owned) => host === owned || host.endsWith(`.${owned}`));
}

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
  return !isOwnedClaimHost(url.hostname);
}

/** The claims Tokenhook itself puts in every access token. */
export const PLATFORM_CLAIMS = ['iss', 'sub', 'aud', 'iat', 'exp', 'azp', 'scope', 'gty', 'jti'] as const;

/** Why the platform ignored a property of a hook's result (one that `isCustomClaimName` refuses), in words. */
export function whyDropped(name: string): string {
  if ((PLATFORM_CLAIMS as readonly string[]).includes(name)) return `Reserved: Tokenhook sets ${name} itself; a hook cannot change it.`;
  if (RESERVED_CLAIMS.has(name)) return 'Reserved: this claim is on the restricted list no hook may set.';
  if (name.startsWith('sip_')) return 'Reserved: names starting with sip_ are kept for the platform.';
  let url: URL;
  try {
    url = new URL(name);
  } catch {
    return `Not namespaced: a custom claim must be named by a URL, e.g. https://example.com/${name}.`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `Not namespaced: the name must be an http:// or https:// URL, not ${url.protocol}.`;
  }
  if (isOwnedClaimHost(url.hostname)) {
    return `Reserved namespace: names on ${OWNED_CLAIM_HOSTS.join(', ')} belong to the platform.`;
  }
  return 'Ignored by the platform.';
}

/**
 * Which properties of a credentials-exchange hook's result become token claims. The server applies
 * these rules; the console uses them to explain why a claim was dropped. Two styles, as on Auth0:
 * - Hook code (`module.exports = function (client, scope, audience, context, cb)`): only properties
 *   named by an http(s) URL outside Auth0's hosts; everything else is ignored.
 * - Actions code (`api.accessToken.setCustomClaim`): any name, namespaced or not, except the
 *   restricted claims and Auth0's namespaces
 *   (https://auth0.com/docs/secure/tokens/json-web-tokens/create-custom-claims, non-namespaced
 *   custom claims allowed since 2022-07-28).
 */
export type ClaimStyle = 'hooks' | 'actions';

/** Auth0's own hosts: URL-named properties on them are not custom claims. */
export const OWNED_CLAIM_HOSTS = ['auth0.com', 'webtask.io', 'webtask.run'] as const;

/** The namespaces Actions-style code may not use (Auth0's, as hosts or as a `host/` prefix). */
export const ACTIONS_OWNED_CLAIM_HOSTS = [...OWNED_CLAIM_HOSTS, 'auth0.io'] as const;

/** Claims a hook can never set (Auth0's restricted list); none of them is a URL anyway. */
export const RESERVED_CLAIMS: ReadonlySet<string> = new Set([
  'acr',
  'act',
  'active',
  'amr',
  'at_hash',
  'ath',
  'attest',
  'aud',
  'auth_time',
  'authorization_details',
  'azp',
  'c_hash',
  'client_id',
  'cnf',
  'cty',
  'dest',
  'entitlements',
  'events',
  'exp',
  'groups',
  'gty',
  'htm',
  'htu',
  'iat',
  'internalService',
  'iss',
  'jcard',
  'jku',
  'jti',
  'jwe',
  'jwk',
  'kid',
  'may_act',
  'mky',
  'nbf',
  'nonce',
  'object_id',
  'org_id',
  'org_name',
  'orig',
  'origid',
  'permissions',
  'roles',
  'rph',
  's_hash',
  'sid',
  'sub',
  'sub_jwk',
  'toe',
  'txn',
  'typ',
  'uuid',
  'vot',
  'vtm',
  'x5t#S256',
  'scope',
]);

/**
 * True for a host that is one of Auth0's (for the code's style), or one of `ownHosts` (the
 * server's own issuer host), or below one: claims named under them could pass for the issuer's.
 */
export function isOwnedClaimHost(
  hostname: string,
  style: ClaimStyle = 'hooks',
  ownHosts: readonly string[] = [],
): boolean {
  const host = hostname.toLowerCase();
  const owned = style === 'actions' ? ACTIONS_OWNED_CLAIM_HOSTS : OWNED_CLAIM_HOSTS;
  return [...owned, ...ownHosts].some((o) => {
    const name = o.toLowerCase();
    return host === name || host.endsWith(`.${name}`);
  });
}

function httpUrl(name: string): URL | undefined {
  try {
    const url = new URL(name);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a property of the result becomes a claim, under the rules of the code's style. */
export function isCustomClaimName(
  name: string,
  style: ClaimStyle = 'hooks',
  ownHosts: readonly string[] = [],
): boolean {
  if (name === '' || RESERVED_CLAIMS.has(name) || name.startsWith('sip_')) return false;
  const url = httpUrl(name);
  if (style === 'hooks')
    return url !== undefined && !isOwnedClaimHost(url.hostname, 'hooks', ownHosts);
  if (url) return !isOwnedClaimHost(url.hostname, 'actions', ownHosts);
  // A `namespace/claim` name: its first segment must not be one of the owned namespaces.
  const slash = name.indexOf('/');
  return slash < 0 || !isOwnedClaimHost(name.slice(0, slash), 'actions', ownHosts);
}

/** The claims Tokenhook itself puts in every access token. */
export const PLATFORM_CLAIMS = [
  'iss',
  'sub',
  'aud',
  'iat',
  'exp',
  'azp',
  'scope',
  'gty',
  'jti',
] as const;

/** Why the platform ignored a property of a hook's result (one that `isCustomClaimName` refuses), in words. */
export function whyDropped(
  name: string,
  style: ClaimStyle = 'hooks',
  ownHosts: readonly string[] = [],
): string {
  if ((PLATFORM_CLAIMS as readonly string[]).includes(name))
    return `Reserved: Tokenhook sets ${name} itself; a hook cannot change it.`;
  if (RESERVED_CLAIMS.has(name))
    return 'Reserved: this claim is on the restricted list no hook may set.';
  if (name.startsWith('sip_'))
    return 'Reserved: names starting with sip_ are kept for the platform.';
  if (name === '') return 'Ignored: a claim needs a name.';
  const owned = [
    ...(style === 'actions' ? ACTIONS_OWNED_CLAIM_HOSTS : OWNED_CLAIM_HOSTS),
    ...ownHosts,
  ].join(', ');
  if (style === 'actions') return `Reserved namespace: names on ${owned} belong to the platform.`;
  let url: URL;
  try {
    url = new URL(name);
  } catch {
    return `Not namespaced: a custom claim must be named by a URL, e.g. https://example.com/${name}.`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `Not namespaced: the name must be an http:// or https:// URL, not ${url.protocol}.`;
  }
  if (isOwnedClaimHost(url.hostname, 'hooks', ownHosts))
    return `Reserved namespace: names on ${owned} belong to the platform.`;
  return 'Ignored by the platform.';
}

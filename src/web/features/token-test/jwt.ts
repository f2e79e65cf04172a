import { jwtDecode, InvalidTokenError, type JwtHeader } from 'jwt-decode';
import { z } from 'zod';
import { PLATFORM_CLAIMS } from '@/shared/claims';

/** A JSON Web Key as `/.well-known/jwks.json` publishes it (public members only). */
export const jwkSchema = z.looseObject({
  kty: z.string(),
  kid: z.string().optional(),
  alg: z.string().optional(),
  use: z.string().optional(),
  n: z.string().optional(),
  e: z.string().optional(),
  crv: z.string().optional(),
  x: z.string().optional(),
  y: z.string().optional(),
});
export const jwksSchema = z.object({ keys: z.array(jwkSchema) });
export type Jwk = z.infer<typeof jwkSchema>;
export type Jwks = z.infer<typeof jwksSchema>;

/** A token split into its three parts and decoded where possible (jwt.io's left and right panes). */
export interface DecodedJwt {
  parts: { header: string; payload: string; signature: string };
  header: (JwtHeader & Record<string, unknown>) | null;
  payload: Record<string, unknown> | null;
  /** What could not be decoded, in words; null when the token is well formed. */
  problem: string | null;
}

/** Decodes without verifying (jwt-decode); malformed input keeps whatever part could be read. */
export function decodeJwt(token: string): DecodedJwt {
  const trimmed = token.trim();
  const [header = '', payload = '', signature = '', ...extra] = trimmed.split('.');
  const parts = { header, payload, signature };
  const read = <T>(fn: () => T): { value: T | null; error: string | null } => {
    try {
      return { value: fn(), error: null };
    } catch (error) {
      return {
        value: null,
        error:
          error instanceof InvalidTokenError || error instanceof Error
            ? error.message
            : String(error),
      };
    }
  };
  const h = read(() => jwtDecode<JwtHeader & Record<string, unknown>>(trimmed, { header: true }));
  const p = read(() => jwtDecode<Record<string, unknown>>(trimmed));
  let problem: string | null = null;
  if (!trimmed) problem = 'Paste a token to decode it.';
  else if (extra.length > 0)
    problem = `A JWT has three parts separated by dots; this one has ${extra.length + 3}.`;
  else if (!payload)
    problem =
      'A JWT has three parts separated by dots (header.payload.signature); this one has no payload.';
  else if (h.error) problem = `The header is not valid: ${h.error}`;
  else if (p.error) problem = `The payload is not valid: ${p.error}`;
  else if (!signature)
    problem = 'The token has no signature (an unsecured JWT): nothing can vouch for its claims.';
  return { parts, header: h.value, payload: p.value, problem };
}

/** Claims Tokenhook itself puts in every access token; anything else came from the hook. */

/** What each registered or Tokenhook claim means (RFC 7519 §4.1, RFC 8693 §4.2, Auth0). */
export const CLAIM_DESCRIPTIONS: Record<string, string> = {
  iss: 'Issuer: the server that signed the token',
  sub: 'Subject: the application the token was issued to (client ID + @clients)',
  aud: 'Audience: the API that must accept the token',
  iat: 'Issued at',
  exp: 'Expires at: APIs refuse the token after this time',
  nbf: 'Not before: APIs refuse the token before this time',
  azp: 'Authorized party: the application that asked for the token',
  scope: 'Scopes: what the application may do at the API',
  gty: 'Grant type used to get the token',
  jti: 'Token ID: unique for every token',
  alg: 'Algorithm the token is signed with',
  typ: 'Media type of the token',
  kid: 'Key ID: which key of the JWKS verifies the signature',
};

export const TIME_CLAIMS = new Set(['iat', 'exp', 'nbf', 'auth_time']);

export type ClaimOrigin = 'platform' | 'hook-added' | 'hook-changed';

export interface ScopeDiff {
  /** Scopes in the token that the grant does not list. */
  added: string[];
  /** Grant scopes the token no longer carries. */
  removed: string[];
}

/** Compares the token's scopes with the grant's: a hook may add or remove some. */
export function diffScopes(tokenScope: unknown, grantScope: string[] | null): ScopeDiff {
  if (grantScope === null || typeof tokenScope !== 'string') return { added: [], removed: [] };
  const inToken = tokenScope.split(' ').filter(Boolean);
  return {
    added: inToken.filter((s) => !grantScope.includes(s)),
    removed: grantScope.filter((s) => !inToken.includes(s)),
  };
}

/** Where each payload claim came from, given the grant's scopes. */
export function claimOrigins(
  payload: Record<string, unknown>,
  grantScope: string[] | null,
): Record<string, ClaimOrigin> {
  const diff = diffScopes(payload.scope, grantScope);
  const origins: Record<string, ClaimOrigin> = {};
  for (const name of Object.keys(payload)) {
    if (!(PLATFORM_CLAIMS as readonly string[]).includes(name)) origins[name] = 'hook-added';
    else if (name === 'scope' && (diff.added.length > 0 || diff.removed.length > 0))
      origins[name] = 'hook-changed';
    else origins[name] = 'platform';
  }
  return origins;
}

export type Verification =
  | { status: 'verified'; kid: string | null; alg: string; expiredAt: number | null }
  | { status: 'failed'; reason: string };

/** What a signature can be checked against: a JWKS (key chosen by kid), one JWK, or a PEM (SPKI) public key. */
export type VerificationKey =
  | { kind: 'jwks'; jwks: Jwks }
  | { kind: 'jwk'; jwk: Jwk }
  | { kind: 'spki'; der: Uint8Array<ArrayBuffer>; kty: 'RSA' | 'EC' | null };

const ALGORITHMS: Record<
  string,
  {
    importParams: RsaHashedImportParams | EcKeyImportParams;
    verifyParams: AlgorithmIdentifier | RsaPssParams | EcdsaParams;
    kty: string;
  }
> = {
  RS256: {
    importParams: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    verifyParams: { name: 'RSASSA-PKCS1-v1_5' },
    kty: 'RSA',
  },
  // RFC 7518 §3.5: the salt is as long as the hash.
  PS256: {
    importParams: { name: 'RSA-PSS', hash: 'SHA-256' },
    verifyParams: { name: 'RSA-PSS', saltLength: 32 },
    kty: 'RSA',
  },
  // RFC 7518 §3.4: R || S, which is WebCrypto's own ECDSA signature format.
  ES256: {
    importParams: { name: 'ECDSA', namedCurve: 'P-256' },
    verifyParams: { name: 'ECDSA', hash: 'SHA-256' },
    kty: 'EC',
  },
};

export function base64UrlToBytes(value: string): Uint8Array<ArrayBuffer> {
  const base64 =
    value.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (value.length % 4)) % 4);
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Verifies a JWS signature in the browser with WebCrypto against a JWKS: the key is chosen by
 * `kid` and must match the header's `alg` (RFC 8725 §3.1: never let the token pick the algorithm
 * of a key). Says exactly why when it does not verify.
 */
export function verifyJwt(token: string, jwks: Jwks, now = Date.now()): Promise<Verification> {
  return verifyJwtWithKey(token, { kind: 'jwks', jwks }, now);
}

/** Like `verifyJwt`, against any key the standalone decoder accepts. */
export async function verifyJwtWithKey(
  token: string,
  key: VerificationKey,
  now = Date.now(),
): Promise<Verification> {
  const decoded = decodeJwt(token);
  if (!decoded.header || !decoded.payload || !decoded.parts.signature) {
    return { status: 'failed', reason: decoded.problem ?? 'The token is malformed.' };
  }
  const { alg, kid } = decoded.header;
  if (!alg || !(alg in ALGORITHMS))
    return {
      status: 'failed',
      reason: `The algorithm ${alg ?? '(none)'} is not one Tokenhook signs with (RS256, PS256, ES256).`,
    };
  const spec = ALGORITHMS[alg]!;
  const mismatch = (keyName: string, keyAlg: string) => ({
    status: 'failed' as const,
    reason: `Algorithm mismatch: the token says ${alg}, ${keyName} is for ${keyAlg}.`,
  });
  let material:
    { format: 'jwk'; jwk: JsonWebKey } | { format: 'spki'; der: Uint8Array<ArrayBuffer> };
  let keyName: string;
  let keyKid: string | null = kid ?? null;
  if (key.kind === 'jwks') {
    if (!kid)
      return {
        status: 'failed',
        reason: 'The header has no kid: there is no way to tell which key signed it.',
      };
    const jwk = key.jwks.keys.find((k) => k.kid === kid);
    if (!jwk)
      return {
        status: 'failed',
        reason: `Unknown key: no key with kid ${kid} in the JWKS (rotated away, or issued by another server).`,
      };
    keyName = `key ${kid}`;
    if ((jwk.alg && jwk.alg !== alg) || jwk.kty !== spec.kty)
      return mismatch(`the key ${kid}`, jwk.alg ?? jwk.kty);
    material = { format: 'jwk', jwk: publicJwk(jwk) };
  } else if (key.kind === 'jwk') {
    const { jwk } = key;
    if (jwk.kid && kid && jwk.kid !== kid) {
      return {
        status: 'failed',
        reason: `Wrong key: the token was signed with key ${kid}, the pasted key is ${jwk.kid}.`,
      };
    }
    keyName = jwk.kid ? `key ${jwk.kid}` : 'the pasted key';
    keyKid = jwk.kid ?? kid ?? null;
    if ((jwk.alg && jwk.alg !== alg) || jwk.kty !== spec.kty)
      return mismatch(keyName, jwk.alg ?? jwk.kty);
    material = { format: 'jwk', jwk: publicJwk(jwk) };
  } else {
    keyName = 'the pasted key';
    if (key.kty && key.kty !== spec.kty) return mismatch(keyName, `${key.kty} signatures`);
    material = { format: 'spki', der: key.der };
  }
  if (!globalThis.crypto?.subtle) {
    return {
      status: 'failed',
      reason:
        'This page is not on HTTPS or localhost, so the browser offers no WebCrypto to verify with.',
    };
  }
  try {
    const cryptoKey =
      material.format === 'jwk'
        ? await crypto.subtle.importKey('jwk', material.jwk, spec.importParams, false, ['verify'])
        : await crypto.subtle.importKey('spki', material.der, spec.importParams, false, ['verify']);
    const data = new TextEncoder().encode(`${decoded.parts.header}.${decoded.parts.payload}`);
    const ok = await crypto.subtle.verify(
      spec.verifyParams,
      cryptoKey,
      base64UrlToBytes(decoded.parts.signature),
      data,
    );
    if (!ok)
      return {
        status: 'failed',
        reason: `Invalid signature: the token was changed after it was signed, or not signed by ${keyName}.`,
      };
  } catch (error) {
    const detail = error instanceof Error ? error.message || error.name : String(error);
    return {
      status: 'failed',
      reason: `${keyName[0]!.toUpperCase()}${keyName.slice(1)} could not be used for ${alg}: ${detail}`,
    };
  }
  const exp = decoded.payload.exp;
  const expiredAt = typeof exp === 'number' && exp * 1000 <= now ? exp : null;
  return { status: 'verified', kid: keyKid, alg, expiredAt };
}

/** Only the public members: WebCrypto is strict about `alg`/`use`/`key_ops` combinations. */
function publicJwk(jwk: Jwk): JsonWebKey {
  return jwk.kty === 'RSA'
    ? { kty: 'RSA', n: jwk.n, e: jwk.e }
    : { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
}

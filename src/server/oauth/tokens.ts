import { createHmac, sign } from 'node:crypto';
import type { AccessTokenClaims } from '@/shared/schemas/token';
import type { ResourceServer } from '@/shared/schemas/resource-server';
import { newJti } from '../ids';
import type { KeyStore, SigningKey } from './keys';

export interface IssueInput {
  clientId: string;
  api: ResourceServer;
  scopes: string[];
  /** Custom claims (from a hook); reserved claims below always win. */
  extraClaims?: Record<string, unknown>;
  /** The API's HS256 secret; required when the API signs with HS256. */
  signingSecret?: string;
}

export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
  claims: AccessTokenClaims;
}

/**
 * A compact JWS (RFC 7515) signed with node:crypto's callback `sign`, which runs on the libuv
 * thread pool: signing never blocks the event loop. This is the token endpoint's hot path, so it
 * skips jose's builder (claims are built right here); jose verifies these tokens in the tests.
 */
export function signJwt(key: SigningKey, payload: object, atJwt = false): Promise<string> {
  const header = atJwt ? key.atJwtHeaderSegment : key.headerSegment;
  const input = `${header}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return new Promise((resolve, reject) =>
    sign('sha256', Buffer.from(input), key.signOptions, (err, signature) =>
      err ? reject(err) : resolve(`${input}.${signature.toString('base64url')}`),
    ),
  );
}

const HS256_HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString(
  'base64url',
);
const HS256_AT_JWT_HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'at+jwt' })).toString(
  'base64url',
);

/** A compact JWS with HMAC SHA-256 (RFC 7518 §3.2) under the API's shared secret. */
function signHs256(secret: string, payload: object, atJwt: boolean): string {
  const input = `${atJwt ? HS256_AT_JWT_HEADER : HS256_HEADER}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/**
 * Signs client-credentials access tokens in the API's `token_dialect`:
 * - `access_token` (Auth0's): header `{alg, typ: "JWT", kid}`, payload
 *   iss/sub/aud/iat/exp/azp/scope/gty/jti;
 * - `rfc9068_profile` (RFC 9068 §2): header `typ: "at+jwt"`, `client_id` in place of `azp`;
 * - the `_authz` variants add `permissions`, the token's scopes as an array.
 */
export class TokenIssuer {
  readonly issuer: string;

  constructor(
    issuerBaseUrl: string,
    private readonly keys: KeyStore,
  ) {
    this.issuer = `${issuerBaseUrl}/`;
  }

  async issue({
    clientId,
    api,
    scopes,
    extraClaims,
    signingSecret,
  }: IssueInput): Promise<IssuedToken> {
    const dialect = api.token_dialect ?? 'access_token';
    const rfc9068 = dialect === 'rfc9068_profile' || dialect === 'rfc9068_profile_authz';
    const iat = Math.floor(Date.now() / 1000);
    const claims: AccessTokenClaims = {
      ...extraClaims,
      iss: this.issuer,
      sub: `${clientId}@clients`,
      aud: api.identifier,
      iat,
      exp: iat + api.token_lifetime,
      ...(rfc9068 ? { client_id: clientId } : { azp: clientId }),
      scope: scopes.join(' '),
      gty: 'client-credentials',
      jti: newJti(),
      ...(dialect.endsWith('_authz') && { permissions: scopes }),
    };
    let accessToken: string;
    if (api.signing_alg === 'HS256') {
      if (!signingSecret)
        throw new Error(`API ${api.id} signs with HS256 but has no signing secret`);
      accessToken = signHs256(signingSecret, claims, rfc9068);
    } else {
      accessToken = await signJwt(await this.keys.signingKey(api.signing_alg), claims, rfc9068);
    }
    return { accessToken, expiresIn: api.token_lifetime, claims };
  }
}

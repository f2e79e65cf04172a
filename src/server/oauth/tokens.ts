import { sign } from 'node:crypto';
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
export function signJwt(key: SigningKey, payload: object): Promise<string> {
  const input = `${key.headerSegment}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return new Promise((resolve, reject) =>
    sign('sha256', Buffer.from(input), key.signOptions, (err, signature) =>
      err ? reject(err) : resolve(`${input}.${signature.toString('base64url')}`),
    ),
  );
}

/**
 * Signs client-credentials access tokens in Auth0's dialect: header `{alg, typ: "JWT", kid}`,
 * payload iss/sub/aud/iat/exp/azp/scope/gty/jti.
 */
export class TokenIssuer {
  readonly issuer: string;

  constructor(
    issuerBaseUrl: string,
    private readonly keys: KeyStore,
  ) {
    this.issuer = `${issuerBaseUrl}/`;
  }

  async issue({ clientId, api, scopes, extraClaims }: IssueInput): Promise<IssuedToken> {
    const key = await this.keys.signingKey(api.signing_alg);
    const iat = Math.floor(Date.now() / 1000);
    const claims: AccessTokenClaims = {
      ...extraClaims,
      iss: this.issuer,
      sub: `${clientId}@clients`,
      aud: api.identifier,
      iat,
      exp: iat + api.token_lifetime,
      azp: clientId,
      scope: scopes.join(' '),
      gty: 'client-credentials',
      jti: newJti(),
    };
    const accessToken = await signJwt(key, claims);
    return { accessToken, expiresIn: api.token_lifetime, claims };
  }
}

import { SignJWT } from 'jose';
import type { AccessTokenClaims } from '@/shared/schemas/token';
import type { ResourceServer } from '@/shared/schemas/resource-server';
import { newJti } from '../ids';
import type { KeyStore } from './keys';

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
 * Signs client-credentials access tokens in Auth0's dialect: header `{alg, typ: "JWT", kid}`,
 * payload iss/sub/aud/iat/exp/azp/scope/gty/jti. WebCrypto signs on the libuv thread pool, so
 * signing does not block the event loop.
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
    const accessToken = await new SignJWT(claims)
      .setProtectedHeader({ alg: key.alg, typ: 'JWT', kid: key.kid })
      .sign(key.privateKey);
    return { accessToken, expiresIn: api.token_lifetime, claims };
  }
}

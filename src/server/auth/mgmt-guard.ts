import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { errors as joseErrors, jwtVerify } from 'jose';
import type { AppEnv, Principal } from '../app-env';
import { apiError } from '../errors';
import type { KeyStore } from '../oauth/keys';

/** The client's current grant on the Management API, if its token still counts (Directory.stillGranted). */
export type GrantCheck = (clientId: string, iat: number) => Promise<string[] | undefined>;

/**
 * One way in to the Management API: returns the caller, `null` when its credentials are absent,
 * or throws a 401 when they are present but wrong. The console's session is another authenticator.
 */
export type Authenticator = (req: Request) => Promise<Principal | null>;

const unauthorized = (message: string, errorCode = 'invalid_token') =>
  apiError(401, errorCode, message);

/**
 * Bearer access tokens issued by our own token endpoint for the Management API's audience:
 * signature (published keys only), issuer, audience and expiry are checked, and then at every use
 * that the client still exists, has not changed its secret since, and still holds the grant; the
 * token's scopes count only as far as the grant still allows them.
 */
export function bearerAuthenticator(
  keys: KeyStore,
  issuer: string,
  audience: string,
  stillGranted: GrantCheck,
): Authenticator {
  return async (req) => {
    const header = req.headers.get('authorization');
    if (!header) return null;
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw unauthorized('Bad HTTP authentication header format');
    try {
      const { payload } = await jwtVerify(
        match[1]!,
        (protectedHeader) => {
          const key = protectedHeader.kid ? keys.verificationKey(protectedHeader.kid) : undefined;
          if (!key || key.alg !== protectedHeader.alg) throw new joseErrors.JWKSNoMatchingKey();
          return key.publicKey;
        },
        {
          issuer,
          audience,
          algorithms: ['RS256', 'PS256', 'ES256'],
          requiredClaims: ['exp', 'sub'],
        },
      );
      const scopes =
        typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
      const subject = typeof payload.azp === 'string' ? payload.azp : String(payload.sub);
      const granted = await stillGranted(subject, payload.iat ?? 0);
      if (!granted) throw unauthorized('Revoked token: its client, secret or grant has changed');
      return {
        kind: 'client',
        subject,
        scopes: new Set(scopes.filter((s) => granted.includes(s))),
        expiresAt: payload.exp! * 1000,
      };
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw unauthorized('Expired token');
      if (err instanceof joseErrors.JOSEError) throw unauthorized('Invalid token');
      throw err;
    }
  };
}

/** Requires a caller on every route below it: 401 without valid credentials. */
export function requireAuth(authenticators: Authenticator[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    for (const authenticate of authenticators) {
      const principal = await authenticate(c.req.raw);
      if (principal) {
        c.set('principal', principal);
        c.set('caller', {
          get credential() {
            const presented = c.req.header('authorization') ?? c.req.header('cookie') ?? '';
            return createHash('sha256').update(presented).digest('base64url');
          },
          reauthenticate: () => authenticate(c.req.raw).catch(() => null),
        });
        return next();
      }
    }
    throw unauthorized('Missing authentication', 'missing_authentication');
  };
}

/** 403 `insufficient_scope` unless the caller holds one of `anyOf` (Auth0's message). */
export function requireScope(...anyOf: string[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { scopes } = c.get('principal');
    if (!anyOf.some((s) => scopes.has(s))) {
      throw apiError(
        403,
        'insufficient_scope',
        `Insufficient scope, expected any of: ${anyOf.join(',')}`,
      );
    }
    return next();
  };
}

export const hasScope = (principal: Principal, scope: string) => principal.scopes.has(scope);

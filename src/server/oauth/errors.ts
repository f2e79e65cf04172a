import type { OAuthErrorBody } from '@/shared/schemas/errors';

/**
 * A token endpoint failure, rendered as RFC 6749 §5.2 `{error, error_description}`. Only the
 * description given here is ever shown: nothing internal reaches the client.
 */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
    /** Set on a failed Basic authentication: RFC 6749 §5.2 requires a matching challenge. */
    readonly wwwAuthenticate?: string,
    /** Seconds, for 429 and 503 (`Retry-After`). */
    readonly retryAfter?: number,
  ) {
    super(description);
    this.name = 'OAuthError';
  }

  toBody(): OAuthErrorBody {
    return { error: this.error, error_description: this.description };
  }
}

export const invalidRequest = (description: string) =>
  new OAuthError(400, 'invalid_request', description);
export const unsupportedGrantType = (grantType: string) =>
  new OAuthError(400, 'unsupported_grant_type', `Unsupported grant type: ${grantType}`);
export const invalidClient = (viaBasic: boolean) =>
  new OAuthError(
    401,
    'invalid_client',
    'Client authentication failed',
    viaBasic ? 'Basic realm="tokenhook", charset="UTF-8"' : undefined,
  );
export const unauthorizedClient = () =>
  new OAuthError(
    403,
    'unauthorized_client',
    "Grant type 'client_credentials' not allowed for the client.",
  );
export const accessDenied = (description: string) =>
  new OAuthError(403, 'access_denied', description);
export const invalidScope = (description: string) =>
  new OAuthError(400, 'invalid_scope', description);
export const serverError = (description: string) =>
  new OAuthError(500, 'server_error', description);
export const tooManyRequests = (retryAfter: number) =>
  new OAuthError(
    429,
    'too_many_requests',
    `Too many failed authentications; retry in ${retryAfter} s`,
    undefined,
    retryAfter,
  );
/** The store is unreachable and the request needs what this node has not cached (node-oidc-provider's TemporarilyUnavailable). */
export const temporarilyUnavailable = (retryAfter: number) =>
  new OAuthError(
    503,
    'temporarily_unavailable',
    'The server cannot issue this token right now; retry later',
    undefined,
    retryAfter,
  );
/** Auth0's application token quota: the buckets past their limit, retry when the last one resets. */
export const quotaExceeded = (buckets: string[], retryAfter: number) =>
  new OAuthError(
    429,
    'too_many_requests',
    `Token quota exceeded for the client (${buckets.join(', ')})`,
    undefined,
    retryAfter,
  );

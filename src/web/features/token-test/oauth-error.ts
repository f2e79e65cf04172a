/** An OAuth error body (RFC 6749 §5.2). */
export interface OAuthErrorBody {
  error: string;
  error_description?: string;
}

export function isOAuthError(body: unknown): body is OAuthErrorBody {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { error?: unknown }).error === 'string'
  );
}

const SENTENCES: Record<string, string> = {
  access_denied: 'The application is not allowed to get a token for this API.',
  invalid_client:
    'The application’s credentials were not accepted: the client ID or secret is wrong, or the application was deleted.',
  invalid_scope:
    'A scope in the request, or one a hook added, is not defined on this API or not granted to the application.',
  invalid_request: 'The request is missing something or has a value the server cannot accept.',
  unauthorized_client:
    'The application may not use the Client Credentials grant: turn it on in its settings.',
  unsupported_grant_type: 'The server does not support this grant type.',
  server_error: 'The server, or the enabled hook, failed while issuing the token.',
  temporarily_unavailable: 'The server is busy; try again in a moment.',
  too_many_attempts: 'Too many failed attempts: the server is refusing requests for a while.',
};

/** What went wrong, in a sentence a person reads first; the server's own words follow it. */
export function explainOAuthError(
  status: number,
  body: OAuthErrorBody,
  retryAfter?: string | null,
  hookName?: string | null,
): string {
  if (status === 429)
    return `Too many failed attempts${retryAfter ? `: try again in ${retryAfter} s` : ''}.`;
  // A hook's cb(err) (or its crash) is a 500 server_error whose description is the hook's message.
  if (hookName && body.error === 'server_error')
    return `The enabled hook “${hookName}” stopped the exchange: no token was issued.`;
  return SENTENCES[body.error] ?? 'The token endpoint refused the request.';
}

/** Who said the error description: the hook, when a hook refused. */
export function errorSpeaker(body: OAuthErrorBody, hookName?: string | null): string {
  return hookName && body.error === 'server_error' ? 'The hook said' : 'The server said';
}

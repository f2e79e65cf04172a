import type { HookOutcome } from '@/shared/schemas/hook';

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

/** Who an OAuth error is down to: what was sent, the application's grant, the hook, or the server. */
export type ErrorSource = 'request' | 'grant' | 'hook' | 'server';

const SENTENCES: Record<string, { source: ErrorSource; sentence: string }> = {
  access_denied: {
    source: 'grant',
    sentence: 'The application has no grant for this API, so it may not get a token for it.',
  },
  invalid_client: {
    source: 'request',
    sentence:
      'The application’s credentials were not accepted: the client ID or secret is wrong, or the application was deleted.',
  },
  invalid_scope: {
    source: 'grant',
    sentence:
      'A scope in the request is not defined on this API or not granted to the application.',
  },
  invalid_request: {
    source: 'request',
    sentence: 'The request is missing something or has a value the server cannot accept.',
  },
  unauthorized_client: {
    source: 'grant',
    sentence:
      'The application may not use the Client Credentials grant: turn it on in its settings.',
  },
  unsupported_grant_type: {
    source: 'request',
    sentence: 'The server does not support this grant type.',
  },
  server_error: { source: 'server', sentence: 'The server failed while issuing the token.' },
  temporarily_unavailable: {
    source: 'server',
    sentence: 'The server is busy; try again in a moment.',
  },
  too_many_attempts: {
    source: 'request',
    sentence: 'Too many failed attempts: the server is refusing requests for a while.',
  },
};

/** How the hook's run ended, from its execution record (`Tokenhook-Hook-Execution`). */
export interface HookRunOutcome {
  outcome: HookOutcome;
  message?: string | undefined;
}

const HOOK_FAILURES: Partial<Record<HookOutcome, string>> = {
  timeout: 'did not finish in time',
  memory: 'ran out of memory',
  syntax: 'does not compile',
  runtime: 'threw an error',
};

export interface OAuthErrorAttribution {
  source: ErrorSource;
  /** What went wrong, in a sentence a person reads first, naming its source. */
  headline: string;
  /** The error description, said by whoever said it; null when the headline already carries it. */
  detail: string | null;
}

/**
 * Puts an OAuth error down to its source. The exchange's own execution record decides whether the
 * hook refused (`cb(err)`, whatever OAuth error that maps to) or failed; without one, a
 * `server_error` while a hook is enabled is put down to the hook, as its failures end that way.
 */
export function attributeOAuthError(input: {
  status: number;
  body: OAuthErrorBody;
  retryAfter?: string | null;
  hookName?: string | null;
  execution?: HookRunOutcome | null;
}): OAuthErrorAttribution {
  const { status, body, retryAfter, hookName, execution } = input;
  const description = body.error_description || null;
  const said = (who: string) => (description ? `${who} said: “${description}”` : null);
  if (status === 429)
    return {
      source: 'request',
      headline: `Too many failed attempts${retryAfter ? `: try again in ${retryAfter} s` : ''}.`,
      detail: said('The server'),
    };
  if (hookName && execution && execution.outcome !== 'success') {
    const message = execution.message || description;
    const failure = HOOK_FAILURES[execution.outcome];
    const headline =
      execution.outcome === 'error'
        ? `The hook “${hookName}” refused the token`
        : `The hook “${hookName}” ${failure ?? 'failed'}`;
    // A timeout or out-of-memory message only repeats what the headline says.
    const adds = message && !(failure && message.toLowerCase().includes(failure));
    return {
      source: 'hook',
      headline: adds ? `${headline}: ${message}` : `${headline}.`,
      detail: null,
    };
  }
  if (hookName && !execution && body.error === 'server_error')
    return {
      source: 'hook',
      headline: `The enabled hook “${hookName}” stopped the exchange: no token was issued.`,
      detail: said('The hook'),
    };
  const known = SENTENCES[body.error];
  if (hookName && execution && body.error === 'invalid_scope')
    return {
      source: 'grant',
      headline: `A scope in the request, or one the hook “${hookName}” added, is not defined on this API or not granted to the application.`,
      detail: said('The server'),
    };
  return {
    source: known?.source ?? 'server',
    headline: known?.sentence ?? 'The token endpoint refused the request.',
    detail: said('The server'),
  };
}

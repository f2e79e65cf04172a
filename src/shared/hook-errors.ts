import { hookErrorClasses, type HookOAuthErrorCode } from './hook-contract';
import type { HookOutcome } from './schemas/hook';

/*
 * How a hook run that did not give a token ends a token request (RFC 6749 §5.2), in one table used
 * by the token endpoint, the Runner, the test gate and the console's wording. Auth0's Hooks:
 * `cb(new InvalidScopeError(m))` → 400 invalid_scope, `InvalidRequestError` → 400 invalid_request,
 * anything else (ServerError, a plain Error, a throw, a timeout, running out of memory) → 500
 * server_error, always with the hook's message.
 */

/** The OAuth error a run ends with, and its HTTP status. */
export interface HookOAuthError {
  status: 400 | 500;
  error: HookOAuthErrorCode;
  error_description: string;
}

/** `cb(err)` with one of the declared classes (hook-contract.ts) ends with its error; any other is 500. */
function classError(name: string): Pick<HookOAuthError, 'status' | 'error'> | undefined {
  return Object.hasOwn(hookErrorClasses, name)
    ? hookErrorClasses[name as keyof typeof hookErrorClasses]
    : undefined;
}

/** What a failure says when the hook gave no message. */
const DEFAULT_MESSAGES: Partial<Record<HookOutcome, string>> = {
  timeout: 'The hook did not finish in time',
  memory: 'The hook ran out of memory',
};

/** The OAuth error of a failed run (`outcome` other than `success`). */
export function hookOAuthError(run: {
  outcome: HookOutcome;
  error_name?: string | undefined;
  message?: string | undefined;
}): HookOAuthError {
  const description = run.message || DEFAULT_MESSAGES[run.outcome] || 'The hook failed';
  const mapped =
    run.outcome === 'error' && run.error_name !== undefined
      ? classError(run.error_name)
      : undefined;
  const { status, error } = mapped ?? { status: 500, error: 'server_error' };
  return { status, error, error_description: description };
}

import { ApiError } from '@/shared/api-error';

/*
 * The gate: code goes live (Ctrl+S on an enabled hook, enabling, deploying the draft, rolling
 * back) only when it compiles and its saved test cases pass against exactly that code. A compile
 * error is refused with 400 `hook_compile_error` (line and column); failing cases with 409
 * `test_cases_failed`, which `?force=true` overrides (the tenant log records it).
 */

/** What was refused, and so which code the test cases ran against. */
export type GatedAction =
  | { kind: 'save' }
  | { kind: 'enable' }
  | { kind: 'deploy' }
  | { kind: 'rollback'; version: number };

/** The Tests tab's target for the code an action would make live (none for an unsaved buffer). */
export function gatedTarget(action: GatedAction): 'live' | 'draft' | number | undefined {
  switch (action.kind) {
    case 'save':
      return undefined;
    case 'enable':
      return 'live';
    case 'deploy':
      return 'draft';
    case 'rollback':
      return action.version;
  }
}

export function isTestGateRefusal(error: unknown): error is ApiError {
  return (
    error instanceof ApiError &&
    error.status === 409 &&
    error.body.errorCode === 'test_cases_failed'
  );
}

export function isCompileRefusal(error: unknown): error is ApiError {
  return (
    error instanceof ApiError &&
    error.status === 400 &&
    error.body.errorCode === 'hook_compile_error'
  );
}

/** The gate refused: the code does not compile or its test cases fail. */
export function isGateRefusal(error: unknown): error is ApiError {
  return isTestGateRefusal(error) || isCompileRefusal(error);
}

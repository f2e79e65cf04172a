import { ApiError } from '@/shared/api-client';

/*
 * The test gate (issue 11 §4): enabling a hook, deploying its draft or rolling it back is refused
 * with 409 `test_cases_failed` while its saved test cases fail against the code that would go live.
 * The console says which cases fail and offers the audited override (`?force=true`).
 */

/** What was refused, and so which code the test cases ran against. */
export type GatedAction = { kind: 'enable' } | { kind: 'deploy' } | { kind: 'rollback'; version: number };

/** The Tests tab's target for the code an action would make live. */
export function gatedTarget(action: GatedAction): 'live' | 'draft' | number {
  return action.kind === 'enable' ? 'live' : action.kind === 'deploy' ? 'draft' : action.version;
}

export function isTestGateRefusal(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status === 409 && error.body.errorCode === 'test_cases_failed';
}

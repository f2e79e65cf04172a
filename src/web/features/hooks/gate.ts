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

/** The refusal in parts, read from the server's message with the hook's saved case names. */
export interface GateRefusal {
  /** The failing cases by name, in the saved order; empty when the message could not be read. */
  failing: string[];
  total: number | undefined;
  /** The first failure, e.g. `claim x: expected "a", got "b"`. */
  firstFailure: string | undefined;
}

/**
 * Reads `N of M test cases fail (a, b): <first failure>. Fix the hook, or add ?force=true to
 * override`. Case names may contain ", " or "): ", so the list is matched against the names the
 * hook has (the server lists them in that order) rather than split. Anything unexpected gives an
 * empty list: the dialog then shows the message as it is.
 */
export function readRefusal(message: string, savedNames: string[]): GateRefusal {
  const head = /^(\d+) of (\d+) test cases fail \(/.exec(message);
  if (!head) return { failing: [], total: undefined, firstFailure: undefined };
  const count = Number(head[1]);
  const total = Number(head[2]);
  let rest = message.slice(head[0].length);
  const failing: string[] = [];
  for (const name of savedNames) {
    if (failing.length === count) break;
    const separator = failing.length + 1 === count ? '): ' : ', ';
    if (rest.startsWith(name + separator)) {
      failing.push(name);
      rest = rest.slice(name.length + separator.length);
    }
  }
  if (failing.length !== count) return { failing: [], total, firstFailure: undefined };
  const firstFailure = rest.replace(/\. Fix the hook, or add \?force=true to override$/, '');
  return { failing, total, firstFailure: firstFailure || undefined };
}

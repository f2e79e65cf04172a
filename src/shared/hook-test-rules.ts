/*
 * How a hook test case's expectations compare with a run, in one place: the server decides with
 * these (the verdict, the gate) and sends the rows; the console shows the server's rows.
 */
import type { HookTestActual, HookTestExpect } from './schemas/hook-test';

/** Deep equality of JSON values (object key order does not matter). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const rb = b as Record<string, unknown>;
  return (
    ka.length === kb.length &&
    ka.every((k) => Object.hasOwn(rb, k) && sameJson((a as Record<string, unknown>)[k], rb[k]))
  );
}

/** Two scope lists hold the same scopes, in any order (an absent list holds none). */
export function sameScopes(a: string[] | undefined, b: string[] | undefined): boolean {
  return sameJson([...(a ?? [])].sort(), [...(b ?? [])].sort());
}

/** One expectation of a case against what the run produced. */
export interface ExpectationCheck {
  /** What is checked: `outcome`, `claim <name>`, `scope`, `error`, `error_description`. */
  label: string;
  expected: string;
  actual: string;
  met: boolean;
  /** For an unmet check that explains the failure: one line, expected vs actual. */
  failure?: string;
}

const ABSENT = '(absent)';
const NO_TOKEN = '(no token)';
const shown = (value: unknown) => (value === undefined ? ABSENT : JSON.stringify(value));
const said = (value: unknown) => (value === undefined ? 'nothing' : JSON.stringify(value));
const scopeText = (scope: string[] | undefined) =>
  scope && scope.length > 0 ? [...scope].sort().join(' ') : '(none)';

/**
 * Expected against actual, one check per expectation: claims compare as JSON values, scopes in
 * any order, the error description only when one is expected. A run that ended in an error when a
 * token was expected fails on that first, and every token expectation is unmet.
 */
export function expectationChecks(
  expect: HookTestExpect,
  actual: HookTestActual,
): ExpectationCheck[] {
  const check = (
    label: string,
    expected: string,
    actualText: string,
    met: boolean,
    failure?: string,
  ): ExpectationCheck => ({
    label,
    expected,
    actual: actualText,
    met,
    ...(!met && failure !== undefined && { failure }),
  });
  if (expect.error) {
    const want = expect.error;
    const got = actual.error;
    const checks = [
      check(
        'error',
        want.error,
        got ? got.error : 'a token',
        got?.error === want.error,
        `expected error ${want.error}, got ${got ? got.error : 'a token'}`,
      ),
    ];
    if (want.error_description !== undefined) {
      checks.push(
        check(
          'error_description',
          JSON.stringify(want.error_description),
          got ? JSON.stringify(got.error_description) : NO_TOKEN,
          got?.error_description === want.error_description,
          got
            ? `expected error_description ${said(want.error_description)}, got ${said(got.error_description)}`
            : undefined,
        ),
      );
    }
    return checks;
  }

  const checks: ExpectationCheck[] = [];
  const failed = actual.error;
  if (failed) {
    checks.push(
      check(
        'outcome',
        'a token',
        `${failed.error}: ${failed.error_description}`,
        false,
        `expected a token, got ${failed.error}: ${failed.error_description}`,
      ),
    );
  }
  for (const [name, value] of Object.entries(expect.claims ?? {})) {
    const got = actual.claims?.[name];
    const failure = failed ? undefined : `claim ${name}: expected ${said(value)}, got ${said(got)}`;
    checks.push(
      check(
        `claim ${name}`,
        shown(value),
        failed ? NO_TOKEN : shown(got),
        !failed && sameJson(got, value),
        failure,
      ),
    );
  }
  for (const name of expect.absent_claims ?? []) {
    const present = actual.claims !== undefined && name in actual.claims;
    const failure = failed
      ? undefined
      : `claim ${name}: expected absent, got ${said(actual.claims?.[name])}`;
    checks.push(
      check(
        `claim ${name}`,
        ABSENT,
        failed ? NO_TOKEN : present ? shown(actual.claims?.[name]) : ABSENT,
        !failed && !present,
        failure,
      ),
    );
  }
  if (expect.scope) {
    const failure = failed
      ? undefined
      : `scope: expected ${said(expect.scope)}, got ${said(actual.scope)}`;
    checks.push(
      check(
        'scope',
        scopeText(expect.scope),
        failed ? NO_TOKEN : scopeText(actual.scope),
        !failed && sameScopes(expect.scope, actual.scope),
        failure,
      ),
    );
  }
  return checks;
}

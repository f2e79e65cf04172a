import {
  hookTestCaseCreateSchema,
  type HookOAuthError,
  type HookTestCase,
  type HookTestCaseCreate,
  type HookTestExpect,
} from '@/shared/schemas/hook-test';
import { sameJson } from '@/shared/hook-test-rules';
import { fieldErrors, type FieldErrors } from '@/web/lib/form';

/*
 * The Tests tab's logic, kept out of the components: the test case form and its mapping to the
 * shared schema (the one definition the server validates with too), and the expected-against-actual
 * rows a run is shown as.
 */

/** Which code the test cases run against: the saved draft, the live code or a version. */
export type TestTarget = 'draft' | 'live' | number;

/** The test case form, as the person edits it: text everywhere, parsed on submit. */
export interface TestCaseForm {
  name: string;
  /** The point's arguments as JSON, or a stored application and API (credentials-exchange). */
  input: 'payload' | 'application';
  payload: string;
  clientId: string;
  audience: string;
  /** A token with claims and scopes, or an OAuth error instead of a token. */
  outcome: 'token' | 'error';
  claims: { name: string; value: string }[];
  /** Claim names, separated by spaces, commas or new lines. */
  absent: string;
  checkScope: boolean;
  /** Scopes, separated by spaces. */
  scope: string;
  error: HookOAuthError;
  errorDescription: string;
}

/** The form's fields; errors are keyed by these (`expect` is the expectations as a whole). */
export type TestCaseField =
  | 'name'
  | 'payload'
  | 'clientId'
  | 'audience'
  | 'expect'
  | 'claims'
  | 'absent'
  | 'scope'
  | 'error'
  | 'errorDescription'
  | '_form';

const json = (value: unknown) => JSON.stringify(value, null, 2);

export function emptyTestCaseForm(sample: Record<string, unknown>): TestCaseForm {
  return {
    name: '',
    input: 'payload',
    payload: json(sample),
    clientId: '',
    audience: '',
    outcome: 'token',
    claims: [{ name: '', value: '' }],
    absent: '',
    checkScope: false,
    scope: '',
    error: 'invalid_scope',
    errorDescription: '',
  };
}

/** A saved case in the form; a case saved without a payload (CLI, API) shows the sample it runs with. */
export function testCaseToForm(
  testCase: HookTestCase,
  sample: Record<string, unknown>,
): TestCaseForm {
  const { input, expect } = testCase;
  const claims = Object.entries(expect.claims ?? {}).map(([name, value]) => ({
    name,
    value: formatClaimValue(value),
  }));
  return {
    ...emptyTestCaseForm(sample),
    name: testCase.name,
    input:
      input.client_id !== undefined || input.audience !== undefined ? 'application' : 'payload',
    payload: json(input.payload ?? sample),
    clientId: input.client_id ?? '',
    audience: input.audience ?? '',
    outcome: expect.error ? 'error' : 'token',
    claims: claims.length > 0 ? claims : [{ name: '', value: '' }],
    absent: (expect.absent_claims ?? []).join(' '),
    checkScope: expect.scope !== undefined,
    scope: (expect.scope ?? []).join(' '),
    error: expect.error?.error ?? 'invalid_scope',
    errorDescription: expect.error?.error_description ?? '',
  };
}

/**
 * A claim value as typed: JSON when it parses (`42`, `true`, `["a"]`, `{"plan":"full"}`, `"42"`),
 * otherwise the text itself, so `gold` means the string "gold" without quotes.
 */
export function parseClaimValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The inverse of `parseClaimValue`: strings unquoted unless they would read back as something else. */
export function formatClaimValue(value: unknown): string {
  if (typeof value === 'string' && sameJson(parseClaimValue(value), value)) return value;
  return JSON.stringify(value);
}

const words = (text: string) => text.split(/[\s,]+/).filter(Boolean);

export type FormResult =
  | { ok: true; value: HookTestCaseCreate }
  | { ok: false; errors: Partial<Record<TestCaseField, string>> };

/** Builds the request body from the form and validates it with the shared schema. */
export function testCaseFromForm(form: TestCaseForm): FormResult {
  const errors: Partial<Record<TestCaseField, string>> = {};
  let input: HookTestCaseCreate['input'] = {};
  if (form.input === 'payload') {
    try {
      const payload: unknown = JSON.parse(form.payload);
      if (payload && typeof payload === 'object' && !Array.isArray(payload))
        input = { payload: payload as Record<string, unknown> };
      else errors.payload = 'Must be a JSON object, keyed by parameter name';
    } catch (error) {
      errors.payload = `Not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
    }
  } else {
    if (!form.clientId) errors.clientId = 'Choose an application';
    if (!form.audience) errors.audience = 'Choose an API';
    input = { client_id: form.clientId || undefined, audience: form.audience || undefined };
  }

  let expect: HookTestExpect;
  if (form.outcome === 'error') {
    expect = {
      error: {
        error: form.error,
        ...(form.errorDescription !== '' && { error_description: form.errorDescription }),
      },
    };
  } else {
    const claims: Record<string, unknown> = {};
    for (const row of form.claims) {
      const name = row.name.trim();
      if (!name && !row.value.trim()) continue;
      if (!name) errors.claims ??= 'Every value needs a claim name';
      else if (name in claims) errors.claims ??= `Claim ${name} is listed twice`;
      else claims[name] = parseClaimValue(row.value);
    }
    const absent = words(form.absent);
    const overlap = absent.find((name) => name in claims);
    if (overlap) errors.absent = `${overlap} cannot be both expected and absent`;
    if (Object.keys(claims).length === 0 && absent.length === 0 && !form.checkScope) {
      errors.expect = 'Expect at least one claim, an absent claim or the scopes';
    }
    expect = {
      ...(Object.keys(claims).length > 0 && { claims }),
      ...(absent.length > 0 && { absent_claims: absent }),
      ...(form.checkScope && { scope: words(form.scope) }),
    };
  }

  const parsed = hookTestCaseCreateSchema.safeParse({ name: form.name, input, expect });
  if (!parsed.success)
    Object.assign(errors, { ...testCaseFieldErrors(fieldErrors(parsed.error)), ...errors });
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, value: parsed.data };
}

/** Errors keyed by request paths (`expect.claims.x`, from zod or the server's 400) → the form's fields. */
export function testCaseFieldErrors(byPath: FieldErrors): Partial<Record<TestCaseField, string>> {
  const out: Partial<Record<TestCaseField, string>> = {};
  for (const [path, message] of Object.entries(byPath)) {
    const field = fieldOf(path);
    out[field] ??= message;
  }
  return out;
}

function fieldOf(path: string): TestCaseField {
  const is = (prefix: string) => path === prefix || path.startsWith(`${prefix}.`);
  if (is('name')) return 'name';
  if (is('input.payload')) return 'payload';
  if (is('input.client_id')) return 'clientId';
  if (is('input.audience')) return 'audience';
  if (is('expect.claims')) return 'claims';
  if (is('expect.absent_claims')) return 'absent';
  if (is('expect.scope')) return 'scope';
  if (is('expect.error.error_description')) return 'errorDescription';
  if (is('expect.error')) return 'error';
  if (path === 'expect') return 'expect';
  return '_form';
}

/** What a case runs with, in a few words. */
export function describeInput(
  input: HookTestCase['input'],
  names: { application?: string; api?: string } = {},
): string {
  if (input.client_id !== undefined || input.audience !== undefined) {
    return `${names.application ?? input.client_id ?? '?'} → ${names.api ?? input.audience ?? '?'}`;
  }
  return input.payload ? 'Own payload' : 'Sample payload';
}

/** What a case expects, in a few words ("2 claims · 1 absent · scope", "error invalid_scope"). */
export function describeExpect(expect: HookTestExpect): string {
  if (expect.error) return `Error ${expect.error.error}`;
  const parts: string[] = [];
  const claims = Object.keys(expect.claims ?? {}).length;
  if (claims > 0) parts.push(claims === 1 ? '1 claim' : `${claims} claims`);
  if (expect.absent_claims?.length) parts.push(`${expect.absent_claims.length} absent`);
  if (expect.scope) parts.push('scope');
  return parts.join(' · ');
}

/** The "2 of 3 passed" line of a run. */
export function runSummary(cases: { passed: boolean }[]): {
  passed: number;
  failed: number;
  total: number;
} {
  const passed = cases.filter((c) => c.passed).length;
  return { passed, failed: cases.length - passed, total: cases.length };
}

/** How a run's target reads in a sentence: "the draft", "the live code", "version 3" (`3` or the run's `v3`). */
export function targetName(target: TestTarget | string): string {
  if (target === 'draft') return 'the draft';
  if (target === 'live') return 'the live code';
  return `version ${String(target).replace(/^v/, '')}`;
}

/** A "Run against" option's value back to a target. */
export const parseTarget = (value: string): TestTarget =>
  value === 'draft' || value === 'live' ? value : Number(value);

import { describe, expect, it } from 'vitest';
import { ApiError } from '@/shared/api-error';
import type { HookTestCase } from '@/shared/schemas/hook-test';
import { hookKeys } from '@/web/data/hooks/keys';
import { gatedTarget, isTestGateRefusal } from './gate';
import {
  describeExpect,
  describeInput,
  emptyTestCaseForm,
  formatClaimValue,
  parseClaimValue,
  parseTarget,
  runSummary,
  targetName,
  testCaseFieldErrors,
  testCaseFromForm,
  testCaseToForm,
  type TestCaseForm,
} from './test-cases';
import { sameJson } from '@/shared/hook-test-rules';

const sample = { client: { id: 'c' }, scope: ['read:connections'] };
const form = (patch: Partial<TestCaseForm>): TestCaseForm => ({
  ...emptyTestCaseForm(sample),
  name: 'case',
  ...patch,
});

describe('claim values', () => {
  it.each([
    ['gold', 'gold'],
    ['42', 42],
    ['"42"', '42'],
    ['true', true],
    ['null', null],
    ['["a","b"]', ['a', 'b']],
    ['{"plan":"full"}', { plan: 'full' }],
    ['', ''],
    ['not { json', 'not { json'],
  ])('%j reads as %j and shows as it was typed', (text, value) => {
    expect(parseClaimValue(text)).toEqual(value);
    expect(parseClaimValue(formatClaimValue(value))).toEqual(value);
  });

  it('shows strings unquoted unless they would read back as something else', () => {
    expect(formatClaimValue('gold')).toBe('gold');
    expect(formatClaimValue('42')).toBe('"42"');
    expect(formatClaimValue('true')).toBe('"true"');
    expect(formatClaimValue({ a: [1] })).toBe('{"a":[1]}');
  });
});

describe('testCaseFromForm', () => {
  it('builds the request body: the payload, claims, absent claims and scopes', () => {
    const result = testCaseFromForm(
      form({
        name: '  adds the plan  ',
        payload: '{"scope": []}',
        claims: [
          { name: 'https://x/plan', value: 'gold' },
          { name: ' https://x/n ', value: '3' },
          { name: '', value: '' },
        ],
        absent: 'https://x/a, https://x/b\nhttps://x/c',
        checkScope: true,
        scope: ' read:data  write:data ',
      }),
    );
    expect(result).toEqual({
      ok: true,
      value: {
        name: 'adds the plan',
        input: { payload: { scope: [] } },
        expect: {
          claims: { 'https://x/plan': 'gold', 'https://x/n': 3 },
          absent_claims: ['https://x/a', 'https://x/b', 'https://x/c'],
          scope: ['read:data', 'write:data'],
        },
      },
    });
  });

  it('an empty scope list expects no scopes; an unchecked one checks nothing', () => {
    expect(testCaseFromForm(form({ checkScope: true, scope: '' }))).toMatchObject({
      ok: true,
      value: { expect: { scope: [] } },
    });
    expect(
      testCaseFromForm(
        form({ checkScope: false, scope: 'a', claims: [{ name: 'c', value: '1' }] }),
      ),
    ).toMatchObject({
      ok: true,
      value: { expect: { claims: { c: 1 } } },
    });
  });

  it('an application and API instead of a payload', () => {
    expect(
      testCaseFromForm(
        form({ input: 'application', clientId: 'app', audience: 'https://api', checkScope: true }),
      ),
    ).toMatchObject({
      ok: true,
      value: { input: { client_id: 'app', audience: 'https://api' } },
    });
  });

  it('an expected OAuth error, its description only when given', () => {
    expect(
      testCaseFromForm(
        form({
          outcome: 'error',
          error: 'invalid_request',
          claims: [{ name: 'ignored', value: '1' }],
        }),
      ),
    ).toMatchObject({
      ok: true,
      value: { expect: { error: { error: 'invalid_request' } } },
    });
    expect(testCaseFromForm(form({ outcome: 'error', errorDescription: 'no tier' }))).toMatchObject(
      {
        ok: true,
        value: { expect: { error: { error: 'invalid_scope', error_description: 'no tier' } } },
      },
    );
  });

  it('names every field that is wrong, with the shared schema’s rules', () => {
    expect(
      testCaseFromForm(form({ name: '   ', payload: '{', claims: [{ name: '', value: 'x' }] })),
    ).toEqual({
      ok: false,
      errors: {
        name: 'Required',
        payload: expect.stringMatching(/^Not valid JSON: /),
        claims: 'Every value needs a claim name',
        expect: 'Expect at least one claim, an absent claim or the scopes',
      },
    });
    expect(testCaseFromForm(form({ payload: '[1]', checkScope: true }))).toEqual({
      ok: false,
      errors: { payload: 'Must be a JSON object, keyed by parameter name' },
    });
    expect(testCaseFromForm(form({ input: 'application', checkScope: true }))).toEqual({
      ok: false,
      errors: { clientId: 'Choose an application', audience: 'Choose an API' },
    });
    expect(
      testCaseFromForm(
        form({
          claims: [
            { name: 'a', value: '1' },
            { name: 'a', value: '2' },
          ],
          absent: 'b',
        }),
      ),
    ).toEqual({
      ok: false,
      errors: { claims: 'Claim a is listed twice' },
    });
    expect(testCaseFromForm(form({ claims: [{ name: 'a', value: '1' }], absent: 'a' }))).toEqual({
      ok: false,
      errors: { absent: 'a cannot be both expected and absent' },
    });
    expect(testCaseFromForm(form({ name: 'x'.repeat(101), checkScope: true }))).toEqual({
      ok: false,
      errors: { name: 'Must be at most 100 characters' },
    });
  });

  it('reads a saved case back into the same form', () => {
    const saved: HookTestCase = {
      id: 't1',
      name: 'round trip',
      input: { payload: { scope: ['a'] } },
      expect: { claims: { n: '42', m: 42 }, absent_claims: ['x', 'y'], scope: ['b', 'a'] },
    };
    const back = testCaseFromForm(testCaseToForm(saved, sample));
    expect(back).toEqual({
      ok: true,
      value: { name: saved.name, input: saved.input, expect: saved.expect },
    });
  });

  it('a case saved without a payload opens with the sample; one with an application in application mode', () => {
    const bare = testCaseToForm(
      { id: 't', name: 'n', input: {}, expect: { error: { error: 'server_error' } } },
      sample,
    );
    expect([bare.input, JSON.parse(bare.payload), bare.outcome, bare.error]).toEqual([
      'payload',
      sample,
      'error',
      'server_error',
    ]);
    const real = testCaseToForm(
      { id: 't', name: 'n', input: { client_id: 'c', audience: 'a' }, expect: { scope: [] } },
      sample,
    );
    expect([real.input, real.clientId, real.audience, real.checkScope, real.scope]).toEqual([
      'application',
      'c',
      'a',
      true,
      '',
    ]);
  });
});

describe('testCaseFieldErrors', () => {
  it('maps request paths (from zod or the server’s 400) to the form’s fields', () => {
    expect(
      testCaseFieldErrors({
        name: 'Required',
        'input.payload.scope': 'bad payload',
        'input.client_id': 'bad client',
        expect: 'Must expect something',
        'expect.claims.https://x/y': 'bad claim',
        'expect.absent_claims.0': 'bad absent',
        'expect.scope.1': 'bad scope',
        'expect.error.error': 'bad code',
        'expect.error.error_description': 'bad description',
        input: 'Additional properties',
      }),
    ).toEqual({
      name: 'Required',
      payload: 'bad payload',
      clientId: 'bad client',
      expect: 'Must expect something',
      claims: 'bad claim',
      absent: 'bad absent',
      scope: 'bad scope',
      error: 'bad code',
      errorDescription: 'bad description',
      _form: 'Additional properties',
    });
  });
});

describe('sameJson', () => {
  it.each([
    [1, 1, true],
    [1, '1', false],
    [null, null, true],
    [null, {}, false],
    [[1, 2], [1, 2], true],
    [[1, 2], [2, 1], false],
    [{ a: 1, b: 2 }, { b: 2, a: 1 }, true],
    [{ a: 1 }, { a: 1, b: undefined }, false],
    [[], {}, false],
  ])('%j vs %j → %s', (a, b, same) => {
    expect(sameJson(a, b)).toBe(same);
  });
});

describe('summaries', () => {
  it('describe what a case runs with and what it expects', () => {
    expect(describeInput({})).toBe('Sample payload');
    expect(describeInput({ payload: {} })).toBe('Own payload');
    expect(describeInput({ client_id: 'c', audience: 'a' })).toBe('c → a');
    expect(
      describeInput({ client_id: 'c', audience: 'a' }, { application: 'Billing', api: 'Orders' }),
    ).toBe('Billing → Orders');
    expect(describeExpect({ claims: { a: 1, b: 2 }, absent_claims: ['c'], scope: [] })).toBe(
      '2 claims · 1 absent · scope',
    );
    expect(describeExpect({ claims: { a: 1 } })).toBe('1 claim');
    expect(describeExpect({ error: { error: 'invalid_scope' } })).toBe('Error invalid_scope');
  });

  it('count a run and name its target', () => {
    expect(runSummary([{ passed: true }, { passed: false }, { passed: true }])).toEqual({
      passed: 2,
      failed: 1,
      total: 3,
    });
    expect([targetName('draft'), targetName('live'), targetName(3), targetName('v3')]).toEqual([
      'the draft',
      'the live code',
      'version 3',
      'version 3',
    ]);
    expect([parseTarget('draft'), parseTarget('live'), parseTarget('4')]).toEqual([
      'draft',
      'live',
      4,
    ]);
  });

  it('test cases have their own key under the hook keys', () => {
    expect(hookKeys.tests('h')).toEqual(['hooks', 'tests', 'h']);
  });
});

describe('the test gate', () => {
  const refusal = (message: string, errorCode = 'test_cases_failed', status = 409) =>
    new ApiError(status, { statusCode: status, error: 'Conflict', message, errorCode });

  it('recognises the 409 the server refuses with, and nothing else', () => {
    expect(isTestGateRefusal(refusal('x'))).toBe(true);
    expect(isTestGateRefusal(refusal('x', 'other'))).toBe(false);
    expect(isTestGateRefusal(refusal('x', 'test_cases_failed', 400))).toBe(false);
    expect(isTestGateRefusal(new Error('x'))).toBe(false);
  });

  it('runs the Tests tab against the code that was refused', () => {
    expect([
      gatedTarget({ kind: 'enable' }),
      gatedTarget({ kind: 'deploy' }),
      gatedTarget({ kind: 'rollback', version: 2 }),
    ]).toEqual(['live', 'draft', 2]);
  });
});

import { describe, expect, it } from 'vitest';
import { expectationChecks } from './hook-test-rules';
import type { HookTestActual, HookTestExpect } from './schemas/hook-test';

/** The checks as the console shows them (without the failure lines). */
const rows = (e: HookTestExpect, a: HookTestActual) =>
  expectationChecks(e, a).map(({ failure: _failure, ...row }) => row);

describe('expectationChecks', () => {
  it('claims, absent claims and scopes against the token, unmet ones marked', () => {
    expect(
      rows(
        {
          claims: { 'https://x/v': 'good', n: { a: 1, b: [2] } },
          absent_claims: ['gone', 'here'],
          scope: ['b', 'a'],
        },
        { claims: { 'https://x/v': 'bad', n: { b: [2], a: 1 }, here: true }, scope: ['a', 'b'] },
      ),
    ).toEqual([
      { label: 'claim https://x/v', expected: '"good"', actual: '"bad"', met: false },
      { label: 'claim n', expected: '{"a":1,"b":[2]}', actual: '{"b":[2],"a":1}', met: true },
      { label: 'claim gone', expected: '(absent)', actual: '(absent)', met: true },
      { label: 'claim here', expected: '(absent)', actual: 'true', met: false },
      { label: 'scope', expected: 'a b', actual: 'a b', met: true },
    ]);
  });

  it('a missing claim and missing scopes', () => {
    expect(rows({ claims: { c: 1 }, scope: [] }, { claims: {} })).toEqual([
      { label: 'claim c', expected: '1', actual: '(absent)', met: false },
      { label: 'scope', expected: '(none)', actual: '(none)', met: true },
    ]);
  });

  it('an error where a token was expected fails first, and every expectation with it', () => {
    expect(
      rows(
        { claims: { c: 1 }, absent_claims: ['d'] },
        { error: { error: 'invalid_scope', error_description: 'nope' } },
      ),
    ).toEqual([
      { label: 'outcome', expected: 'a token', actual: 'invalid_scope: nope', met: false },
      { label: 'claim c', expected: '1', actual: '(no token)', met: false },
      { label: 'claim d', expected: '(absent)', actual: '(no token)', met: false },
    ]);
  });

  it('an expected error: the code, and the description only when one is expected', () => {
    const error = { error: 'invalid_scope', error_description: 'no tier' };
    expect(rows({ error: { error: 'invalid_scope' } }, { error })).toEqual([
      { label: 'error', expected: 'invalid_scope', actual: 'invalid_scope', met: true },
    ]);
    expect(
      rows({ error: { error: 'invalid_request', error_description: 'tier' } }, { error }),
    ).toEqual([
      { label: 'error', expected: 'invalid_request', actual: 'invalid_scope', met: false },
      { label: 'error_description', expected: '"tier"', actual: '"no tier"', met: false },
    ]);
    expect(
      rows({ error: { error: 'server_error', error_description: 'x' } }, { claims: {}, scope: [] }),
    ).toEqual([
      { label: 'error', expected: 'server_error', actual: 'a token', met: false },
      { label: 'error_description', expected: '"x"', actual: '(no token)', met: false },
    ]);
  });

  it('says in one line per failure what was expected and what came; the verdict is every check met', () => {
    const lines = (e: HookTestExpect, a: HookTestActual) =>
      expectationChecks(e, a).flatMap((c) => (c.failure ? [c.failure] : []));
    expect(
      lines(
        { claims: { c: 1 }, absent_claims: ['d'], scope: ['x'] },
        { claims: { d: 2 }, scope: [] },
      ),
    ).toEqual([
      'claim c: expected 1, got nothing',
      'claim d: expected absent, got 2',
      'scope: expected ["x"], got []',
    ]);
    expect(
      lines({ claims: { c: 1 } }, { error: { error: 'invalid_scope', error_description: 'nope' } }),
    ).toEqual(['expected a token, got invalid_scope: nope']);
    expect(
      lines({ error: { error: 'invalid_scope', error_description: 'a' } }, { claims: {} }),
    ).toEqual(['expected error invalid_scope, got a token']);
  });
});

import { describe, expect, it } from 'vitest';
import { formatDuration, oauthOutcome } from './outcome';

describe('oauthOutcome', () => {
  it.each([
    [{ outcome: 'success' as const }, 'Success', 200],
    [{ outcome: 'error' as const, error_name: 'InvalidScopeError' }, 'invalid_scope', 400],
    [{ outcome: 'error' as const, error_name: 'InvalidRequestError' }, 'invalid_request', 400],
    [{ outcome: 'error' as const, error_name: 'ServerError' }, 'server_error', 500],
    [{ outcome: 'error' as const, error_name: 'Error' }, 'server_error', 500],
    [{ outcome: 'timeout' as const }, 'server_error', 500],
    [{ outcome: 'syntax' as const }, 'server_error', 500],
  ])('%o → %s', (run, label, status) => {
    expect(oauthOutcome(run)).toMatchObject({ label, status });
  });
});

it('formatDuration', () => {
  expect([formatDuration(3.4), formatDuration(1400), formatDuration(12_000)]).toEqual([
    '3 ms',
    '1.4 s',
    '12 s',
  ]);
});

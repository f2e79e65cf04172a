import { describe, expect, it } from 'vitest';
import type { Hook } from '@/shared/schemas/hook';
import { hookKeys } from '@/web/data/hooks/keys';
import { applyEnabled, liveRival } from '@/web/data/hooks/enable';
import { formatDuration, oauthOutcome } from './outcome';

const hook = (id: string, triggerId: Hook['triggerId'], enabled: boolean): Hook => ({
  id,
  name: id,
  script: 'x',
  triggerId,
  enabled,
  dependencies: {},
  timeout_ms: 5000,
});

describe('applyEnabled', () => {
  const hooks = [
    hook('a', 'credentials-exchange', true),
    hook('b', 'credentials-exchange', false),
    hook('c', 'send-phone-message', true),
  ];

  it('enabling a hook turns off the other enabled hook of its point, and only of its point', () => {
    expect(applyEnabled(hooks, hooks[1]!, true).map((h) => [h.id, h.enabled])).toEqual([
      ['a', false],
      ['b', true],
      ['c', true],
    ]);
  });

  it('disabling a hook changes nothing else', () => {
    expect(applyEnabled(hooks, hooks[0]!, false).map((h) => [h.id, h.enabled])).toEqual([
      ['a', false],
      ['b', false],
      ['c', true],
    ]);
  });
});

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

describe('hookKeys', () => {
  it('nests every key under `all`, so one invalidation refreshes the list, details, secrets and logs', () => {
    for (const key of [
      hookKeys.list(),
      hookKeys.detail('h'),
      hookKeys.secrets('h'),
      hookKeys.logs('h'),
    ]) {
      expect(key.slice(0, hookKeys.all.length)).toEqual([...hookKeys.all]);
    }
  });
});

it('formatDuration', () => {
  expect([formatDuration(3.4), formatDuration(1400), formatDuration(12_000)]).toEqual([
    '3 ms',
    '1.4 s',
    '12 s',
  ]);
});

describe('liveRival', () => {
  it('is the hook live on the same point, never the target itself', () => {
    const hooks = [
      hook('a', 'credentials-exchange', true),
      hook('b', 'credentials-exchange', false),
    ];
    expect(liveRival(hooks, hooks[1]!)?.id).toBe('a');
    expect(liveRival(hooks, hooks[0]!)).toBeUndefined();
    expect(liveRival([hook('b', 'credentials-exchange', false)], hooks[1]!)).toBeUndefined();
  });
});

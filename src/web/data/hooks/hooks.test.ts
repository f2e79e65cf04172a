import { describe, expect, it } from 'vitest';
import type { Hook } from '@/shared/schemas/hook';
import { applyEnabled, liveRival } from './enable';
import { hookKeys } from './keys';

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

describe('hookKeys', () => {
  it('nests every key under `all`, so one invalidation refreshes the list, details, secrets and logs', () => {
    for (const key of [
      hookKeys.list(),
      hookKeys.detail('h'),
      hookKeys.secrets('h'),
      hookKeys.logs('h'),
      hookKeys.draft('h'),
      hookKeys.versionPage('h', 0),
      hookKeys.version('h', 3),
      hookKeys.tests('h'),
      // The token test's enabled hook: enabling or disabling any hook invalidates `all`.
      hookKeys.enabled('credentials-exchange'),
    ]) {
      expect(key.slice(0, hookKeys.all.length)).toEqual([...hookKeys.all]);
    }
  });
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

// The warm-context cache on its own: contexts taken while a run uses them, several per hook, and
// the cap over all hooks counted right through version changes.
import assert from 'node:assert/strict';
import { beforeAll as before, describe, it } from 'vitest';
import { ContextCache, type ContextKey } from './contexts.js';
import {
  DEFAULT_SANDBOX_LIMITS,
  HeapGovernor,
  loadQuickJS,
  type HookSandbox,
  type SandboxOutcome,
} from './sandbox.js';

const script =
  'module.exports = function (client, scope, audience, context, cb) { cb(null, {}); };';
/** The outcome of a run that ended cleanly: its context may be kept. */
const clean: SandboxOutcome = {
  result: { ok: true, valueJson: '{}', logs: [], durationMs: 0 },
  keep: true,
  fatal: false,
  suspect: false,
};
const key = (hookId: string, version: string): ContextKey => ({ hookId, version, script });

describe('ContextCache', () => {
  let cache: (maxContexts: number, perHook?: number) => ContextCache;
  before(async () => {
    const governor = new HeapGovernor(256 * 1024 * 1024);
    const quickjs = await loadQuickJS(governor);
    cache = (maxContexts, perHook) =>
      new ContextCache(quickjs, governor, DEFAULT_SANDBOX_LIMITS, {}, maxContexts, perHook);
  });

  /** Takes a context for the key and puts it back after a clean run; says whether it was warm. */
  function use(c: ContextCache, k: ContextKey): boolean {
    const got = c.acquire(k);
    assert.ok(!('failure' in got));
    c.release(k, got.sandbox, clean);
    return got.warm;
  }

  it('gives a context to one run at a time, and keeps as many per hook as ran at once', () => {
    const c = cache(8, 2);
    const taken = [c.acquire(key('a', '1')), c.acquire(key('a', '1')), c.acquire(key('a', '1'))];
    assert.deepEqual(
      taken.map((t) => t.warm),
      [false, false, false],
    );
    const sandboxes = taken.map((t) => ('sandbox' in t ? t.sandbox : undefined)) as HookSandbox[];
    assert.equal(new Set(sandboxes).size, 3);
    for (const sb of sandboxes) c.release(key('a', '1'), sb, clean);
    assert.equal(use(c, key('a', '1')), true);
    const again = [c.acquire(key('a', '1')), c.acquire(key('a', '1')), c.acquire(key('a', '1'))];
    assert.deepEqual(
      again.map((t) => t.warm),
      [true, true, false],
    );
  });

  it('counts a context dropped for a new version: the cap then still holds two hooks', () => {
    const c = cache(2);
    assert.equal(use(c, key('a', '1')), false);
    assert.equal(use(c, key('a', '2')), false); // version 1 is dropped
    assert.equal(use(c, key('b', '1')), false);
    assert.equal(use(c, key('a', '2')), true);
    assert.equal(use(c, key('b', '1')), true);
  });

  it('drops a context of a suspect run without keeping it, and counts it', () => {
    const c = cache(8);
    const got = c.acquire(key('s', '1'));
    assert.ok(!('failure' in got));
    c.release(key('s', '1'), got.sandbox, { ...clean, keep: false, suspect: true });
    assert.equal(c.dropped, 1);
    assert.equal(c.poisoned, false);
    assert.equal(use(c, key('s', '1')), false);
    assert.equal(use(c, key('s', '1')), true);
  });
});

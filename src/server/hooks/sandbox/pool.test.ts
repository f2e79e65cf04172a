// The sandbox's own suite: the contract, context reuse, the hostile list, isolation, pool mechanics.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll as after, beforeAll as before, describe, it } from 'vitest';
import { credentialsExchangeSample } from '@/shared/hook-points';
import { HookPool, type HookPoolOptions, type HookResult, type RunOptions } from './pool.js';
import { slowModules } from './testing-modules.js';
import { decodeResult } from './result-json.js';

const SEED = credentialsExchangeSample;
const ARGS = [
  { id: 'client-1', name: 'My App' },
  ['read:things'],
  'https://api.example.com',
  { webtask: {} },
];

// Captured before any hook runs (tsx installs its own for source maps).
const hostPrepareStackTrace = (Error as { prepareStackTrace?: unknown }).prepareStackTrace;

let pool: HookPool;
let n = 0;
/** Unique hookId per call unless given, so tests do not share contexts by accident. */
function run(script: string, extra: Partial<RunOptions> = {}): Promise<HookResult> {
  return pool.run({
    hookId: `h${++n}`,
    version: '1',
    script,
    args: structuredClone(ARGS),
    timeoutMs: 2000,
    ...extra,
  });
}
/** A pool with these options for `fn`, closed afterwards whatever happens. */
async function withPool<T>(options: HookPoolOptions, fn: (p: HookPool) => Promise<T>): Promise<T> {
  const p = new HookPool(options);
  try {
    return await fn(p);
  } finally {
    await p.close();
  }
}

const hook = (body: string) =>
  `module.exports = function (client, scope, audience, context, cb) { ${body} };`;

function assertFail(r: HookResult, kind: string, message?: RegExp): void {
  assert.equal(r.ok, false, `expected failure, got ${JSON.stringify(r)}`);
  if (r.ok) return;
  assert.equal(r.kind, kind, `expected ${kind}, got ${JSON.stringify(r)}`);
  if (message) assert.match(r.message, message);
  // Never leak host details: no file paths or stack frames in messages.
  assert.doesNotMatch(r.message, /\/tmp\/|node_modules|\bat .*:\d+/);
}

/** Loops until its deadline for the client 'slow'; answers every other client at once. */
const SLOW_FOR_ONE = hook(
  "if (client.id === 'slow') { while (true) {} } cb(null, { id: client.id })",
);

/** Runs of one hook version for a client `id` (its group), args naming it. */
const clientRuns =
  (p: HookPool, hookId: string, script: string, modules?: RunOptions['modules']) =>
  (id: string, timeoutMs: number) =>
    p.run({
      hookId,
      version: '1',
      script,
      args: [{ id }, [], 'a', {}],
      group: `v1\n${id}-client`,
      timeoutMs,
      ...(modules && { modules }),
    });

/**
 * Keeps `count` workers busy for `ms` (one run each), so that runs started meanwhile queue up and
 * leave in one batch.
 */
const occupy = (p: HookPool, count: number, ms: number) =>
  Array.from({ length: count }, (_, i) =>
    p.run({
      hookId: `busy-${i + 1}`,
      version: '1',
      script: hook(`var t = Date.now(); while (Date.now() - t < ${ms}) {} cb(null, {})`),
      args: ARGS,
    }),
  );

/** Loops until its deadline for the client 'slow'; every other client's run calls `url` first. */
const slowOrFetch = (
  url: string,
) => `module.exports = async function (client, scope, audience, context, cb) {
    if (client.id === 'slow') { while (true) {} }
    await fetch('${url}');
    cb(null, { id: client.id });
  };`;

/**
 * While a slow client's run holds one worker (its group long), the caller's run still takes the
 * other, the last free one: it answers within `callerMs` only if the caller's group is not long.
 */
async function assertCallerTakesLastFreeWorker(
  start: (id: string, timeoutMs: number) => Promise<HookResult>,
  slowMs: number,
  callerMs: number,
) {
  const slow = start('slow', slowMs);
  await new Promise((resolve) => setTimeout(resolve, 50));
  const next = await start('caller', callerMs);
  assert.deepEqual(next.ok && next.value, { id: 'caller' }, JSON.stringify(next));
  assertFail(await slow, 'timeout');
}

/** A loopback stand-in API, and a pool whose egress policy allows it (and nothing else). */
async function poolWithStandIn(handler: http.RequestListener, options: HookPoolOptions) {
  const standIn = http.createServer(handler);
  await new Promise<void>((resolve) => standIn.listen(0, '127.0.0.1', resolve));
  const port = (standIn.address() as AddressInfo).port;
  const p = new HookPool({
    ...options,
    egress: {
      allow: [`127.0.0.1:${port}`],
      deny: [],
      maxRequests: 2,
      maxResponseBytes: 1024,
      ownListeners: [],
    },
  });
  const close = async () => {
    await p.close();
    standIn.close();
  };
  return { p, port, close };
}

before(async () => {
  pool = new HookPool({ size: 2, graceMs: 500 });
  await pool.ready();
});
after(() => pool.close());

describe('contract', () => {
  it('runs the seed credentials-exchange hook', async () => {
    const r = await run(SEED);
    assert.deepEqual(r.ok && r.value, {
      'https://foo.com/claim': 'bar',
      scope: ['read:things', 'extra'],
    });
    assert.equal(typeof r.durationMs, 'number');
  });

  it('is generic over the argument list', async () => {
    const r = await pool.run({
      hookId: 'generic',
      version: '1',
      script:
        'module.exports = function (user, context, cb) { cb(null, { id: user.id, n: arguments.length }) }',
      args: [{ id: 'u1' }, {}],
    });
    assert.deepEqual(r.ok && r.value, { id: 'u1', n: 3 });
  });

  it('provides module, exports and the CommonJS wrapper', async () => {
    const r = await run(`exports.x = 1; var first = module.exports;
      module.exports = function (c, s, a, ctx, cb) { cb(null, { first: first.x, same: typeof exports, mod: typeof module }) }`);
    assert.deepEqual(r.ok && r.value, { first: 1, same: 'object', mod: 'object' });
  });

  it('captures console output with levels, a per-line cap and a line cap', async () => {
    const r = await run(
      hook(`console.log('a', 1, {b: 2}); console.info('i'); console.warn('w'); console.error(new Error('e'));
      console.log('x'.repeat(5000)); cb(null, {})`),
    );
    assert.ok(r.ok);
    assert.deepEqual(r.logs.slice(0, 4), [
      { level: 'log', message: 'a 1 {"b":2}' },
      { level: 'info', message: 'i' },
      { level: 'warn', message: 'w' },
      { level: 'error', message: 'Error: e' },
    ]);
    assert.ok(r.logs[4]!.message.length <= 1025);
    const many = await run(hook(`for (var i = 0; i < 1000; i++) console.log('line', i); cb(null)`));
    assert.equal(many.logs.length, 101); // 100 lines + one "limit reached" marker
    assert.match(many.logs[100]!.message, /log limit/);
  });

  it('supports setTimeout (host-driven) and clearTimeout', async () => {
    const t0 = performance.now();
    const r = await run(
      hook(`var t = setTimeout(function () { cb(new Error('cleared timer fired')) }, 10); clearTimeout(t);
      setTimeout(function (x) { cb(null, { x: x }) }, 50, 'arg')`),
    );
    assert.deepEqual(r.ok && r.value, { x: 'arg' });
    assert.ok(performance.now() - t0 >= 45);
  });

  it('supports promises and async functions', async () => {
    const r = await run(`module.exports = async function (c, s, a, ctx, cb) {
      await null; var v = await new Promise(function (res) { setTimeout(function () { res(7) }, 5) }); cb(null, { v: v }) }`);
    assert.deepEqual(r.ok && r.value, { v: 7 });
  });

  it('exposes the extensibility error classes and maps cb(err) to kind "error"', async () => {
    for (const cls of [
      'ExtensibilityUserError',
      'InvalidRequestError',
      'InvalidScopeError',
      'ServerError',
    ]) {
      const r = await run(
        hook(
          `var e = new ${cls}('nope'); if (!(e instanceof Error) || e.name !== '${cls}') throw new Error('bad class'); cb(e)`,
        ),
      );
      assert.equal(r.ok, false);
      if (!r.ok)
        assert.deepEqual(
          { kind: r.kind, name: r.name, message: r.message },
          { kind: 'error', name: cls, message: 'nope' },
        );
    }
    const s = await run(hook(`cb('plain string')`));
    assert.ok(!s.ok && s.kind === 'error' && s.message === 'plain string');
  });

  it('require() throws a clear error', async () => {
    const r = await run(
      hook(
        `try { require('child_process') } catch (e) { return cb(null, e.message) } cb(null, 'no throw')`,
      ),
    );
    assert.equal(r.ok && r.value, 'module child_process is not available in hooks');
  });

  it("has no host globals (Buffer, fetch, setImmediate and global are the guest's own)", async () => {
    const r = await run(
      hook(`cb(null, [typeof process, typeof WebAssembly, typeof std, typeof os, global === globalThis,
      Object.getPrototypeOf(Buffer.prototype) === Uint8Array.prototype, typeof fetch, typeof setImmediate])`),
    );
    assert.deepEqual(r.ok && r.value, [
      'undefined',
      'undefined',
      'undefined',
      'undefined',
      true,
      true,
      'function',
      'function',
    ]);
  });

  it('cb counts once; cb(null) gives an ok result with no value', async () => {
    const twice = await run(
      hook(`cb(null, 1); cb(null, 2); cb(new Error('late')); throw new Error('after cb')`),
    );
    assert.deepEqual(twice.ok && twice.value, 1);
    const empty = await run(hook(`cb(null)`));
    assert.ok(empty.ok && empty.value === undefined);
    const nul = await run(hook(`cb(null, null)`));
    assert.ok(nul.ok && nul.value === null);
  });

  it('sync throw -> runtime with the message only', async () => {
    const r = await run(hook(`null.boom`));
    assertFail(r, 'runtime', /null/);
    const t = await run(hook(`throw new TypeError('bad thing')`));
    assert.ok(!t.ok && t.message === 'bad thing' && t.name === 'TypeError');
  });

  it('throw inside a timer -> runtime', async () => {
    assertFail(
      await run(hook(`setTimeout(function () { throw new Error('in timer') }, 5)`)),
      'runtime',
      /^in timer$/,
    );
  });

  it('async rejection before cb -> runtime (no wait for the deadline)', async () => {
    const r = await run(
      `module.exports = async function () { await null; throw new InvalidScopeError('async') }`,
      { timeoutMs: 5000 },
    );
    assertFail(r, 'runtime', /^async$/);
    assert.ok(r.durationMs < 1000);
  });

  it('never calling cb -> timeout, short-circuited when nothing is pending', async () => {
    const r = await run(hook(`/* forgets cb */`), { timeoutMs: 5000 });
    assertFail(r, 'timeout', /without calling cb/);
    assert.ok(r.durationMs < 100);
    const late = await run(hook(`setTimeout(function () { cb(null, 1) }, 10000)`), {
      timeoutMs: 200,
    });
    assertFail(late, 'timeout');
  });

  it('rejects results larger than maxResultBytes', async () => {
    assertFail(
      await run(hook(`cb(null, 'x'.repeat(2000))`), { maxResultBytes: 1000 }),
      'runtime',
      /too large/,
    );
    // multi-byte characters are counted in UTF-8 bytes
    assertFail(
      await run(hook(`cb(null, '\u00e9'.repeat(600))`), { maxResultBytes: 1000 }),
      'runtime',
      /too large/,
    );
    assert.ok((await run(hook(`cb(null, 'x'.repeat(900))`), { maxResultBytes: 1000 })).ok);
  });

  it('non-JSON results and arguments fail cleanly', async () => {
    assertFail(await run(hook(`cb(null, { n: 1n })`)), 'runtime', /JSON/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    assertFail(
      await pool.run({ hookId: 'x', version: '1', script: SEED, args: [cyclic] }),
      'runtime',
      /JSON/,
    );
  });

  it('reports syntax errors with a line number', async () => {
    const r = await run(
      'var a = 1;\nmodule.exports = function (c, s, a, ctx, cb) {\n  cb(null, {)\n}',
    );
    assertFail(r, 'syntax', /line 3/);
  });

  it('reports top-level throws and a non-function export', async () => {
    assertFail(await run(`throw new Error('top level')`), 'runtime', /^top level$/);
    assertFail(await run(`module.exports = 42`), 'runtime', /not a function/);
  });
});

describe('context reuse', () => {
  const counter = `var n = 0; module.exports = function (c, s, a, ctx, cb) { n++; if (ctx.fail) throw new Error('x'); cb(null, n) };`;
  const call = (version: string, fail = false) =>
    pool.run({ hookId: 'counter', version, script: counter, args: [{}, [], '', { fail }] });

  it('keeps module state per (hookId, version) and rebuilds on a new version or after a failure', async () => {
    const first = await call('1');
    assert.equal(first.ok && first.value, 1);
    const values: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await call('1');
      values.push(r.ok && r.value);
    }
    assert.deepEqual(values, [2, 3, 4]);
    const v2 = await call('2');
    assert.equal(v2.ok && v2.value, 1);
    assertFail(await call('2', true), 'runtime');
    const afterFailure = await call('2');
    assert.equal(afterFailure.ok && afterFailure.value, 1);
  });

  it('a warm run costs well under a millisecond in the worker', async () => {
    const script = SEED;
    await pool.run({ hookId: 'warm', version: '1', script, args: ARGS });
    const d: number[] = [];
    for (let i = 0; i < 300; i++)
      d.push((await pool.run({ hookId: 'warm', version: '1', script, args: ARGS })).durationMs);
    d.sort((a, b) => a - b);
    const median = d[Math.floor(d.length / 2)]!;
    assert.ok(median < 0.5, `median warm duration ${median} ms`);
  });
});

describe('hostile hooks fail only their own run', () => {
  // Every hostile run is accompanied by a normal run that must finish in < 2 s.
  async function hostile(body: string, opts: Partial<RunOptions> = {}): Promise<HookResult> {
    const bad = run(hook(body), { timeoutMs: 1000, ...opts });
    await new Promise((r) => setTimeout(r, 20)); // let the hostile run occupy its worker
    const t0 = performance.now();
    const good = await run(SEED);
    const took = performance.now() - t0;
    assert.ok(good.ok, `normal run failed: ${JSON.stringify(good)}`);
    assert.ok(took < 2000, `normal run took ${took} ms`);
    return bad;
  }

  it('infinite loop -> timeout', async () => {
    assertFail(await hostile(`while (true) {}`), 'timeout');
  });

  it('catastrophic regex -> timeout (the interrupt handler reaches the regex engine)', async () => {
    const r = await hostile(`cb(null, /(a+)+$/.test('a'.repeat(40) + 'b'))`);
    assertFail(r, 'timeout');
    assert.ok(r.durationMs < 1500);
  });

  it('array memory bomb -> memory', async () => {
    assertFail(await hostile(`var a = []; while (true) a.push(new Array(1e6).fill(1))`), 'memory');
  });

  it('ArrayBuffer bombs -> failure', async () => {
    const big = await hostile(`new ArrayBuffer(2 ** 31)`);
    assert.ok(!big.ok && ['runtime', 'memory'].includes(big.kind));
    assertFail(await hostile(`var k = []; while (true) k.push(new ArrayBuffer(1e7))`), 'memory');
    assertFail(await hostile(`new ArrayBuffer(2 ** 30)`), 'memory');
  });

  it('string and object bombs -> failure', async () => {
    const s = await hostile(`var s = 'x'; while (true) s += s`);
    assert.ok(!s.ok && ['runtime', 'memory'].includes(s.kind));
    assertFail(await hostile(`var k = []; while (true) k.push({ a: 1, b: [1, 2, 3] })`), 'memory');
  });

  it('running out of memory inside a promise job fails its run and the worker keeps serving', async () => {
    // QuickJS turns the error into a rejection nobody sees, and may lose count of objects on the
    // way: freeing that runtime aborted the wasm module, so each such run replaced its worker.
    await withPool({ size: 1 }, async (p) => {
      await p.ready();
      for (let i = 0; i < 6; i++) {
        const body = [
          'Promise.resolve().then(function () { new Array(1e8).fill(0); cb(null, {}) })',
          'Promise.resolve().then(function () { new Array(2 ** 31 - 1).fill(0); cb(null, {}) })',
        ][i % 2]!;
        const r = await p.run({ hookId: `oom${i}`, version: '1', script: hook(body), args: ARGS });
        // Memory when the heap's growth was refused; QuickJS's own cap on one allocation leaves
        // no trace outside the guest, and then the run says it ended without cb, and why.
        assert.ok(
          !r.ok &&
            (r.kind === 'memory' ||
              (r.kind === 'timeout' && /promise callback/.test(r.hint ?? ''))),
          JSON.stringify(r),
        );
        const good = await p.run({ hookId: 'seed', version: '1', script: SEED, args: ARGS });
        assert.ok(good.ok, JSON.stringify(good));
      }
      assert.equal(p.stats().workersReplaced, 0, JSON.stringify(p.stats()));
    });
  });

  it('a hook that ends without calling cb is told why that happens, and which error a promise callback threw', async () => {
    const plain = await hostile(`/* forgets cb */`);
    assertFail(plain, 'timeout', /without calling cb/);
    assert.match(!plain.ok ? (plain.hint ?? '') : '', /Call cb exactly once/);
    const r = await hostile(
      `Promise.resolve().then(function () {\n  return null.missing;\n}).then(function () { cb(null, {}); })`,
    );
    assertFail(r, 'timeout', /without calling cb/);
    assert.ok(!r.ok);
    assert.match(r.hint ?? '', /was TypeError: .*null/);
    assert.match(r.stack ?? '', /hook\.js:2/);
    assert.ok(
      r.logs.some(
        (l) =>
          l.level === 'error' && /^Error thrown in a promise callback: TypeError/.test(l.message),
      ),
      JSON.stringify(r.logs),
    );
    // .then stays the standard method for everything else.
    const ok = await run(
      hook(
        `Promise.resolve(1).then(function (v) { return v + 1; }).catch(function () {}).finally(function () {}).then(function (v) { cb(null, [v, typeof Promise.prototype.then]); })`,
      ),
    );
    assert.deepEqual(ok.ok && ok.value, [2, 'function']);
  });

  it('catching OOM does not escape the limit', async () => {
    const r = await hostile(
      `var out = []; for (var i = 0; i < 50; i++) { try { var a = []; while (true) a.push(new Array(1e6).fill(1)) } catch (e) { a = null; out.push(String(e)) } } cb(null, out.length)`,
    );
    // Either the loop finishes (ok, context discarded) or it hits the deadline; the pool keeps serving.
    assert.ok(r.ok || r.kind === 'timeout' || r.kind === 'memory');
  });

  it('cb never called / cb twice / throw in timer', async () => {
    assertFail(await hostile(`/* nothing */`), 'timeout');
    const twice = await hostile(`cb(null, 'first'); cb(null, 'second')`);
    assert.equal(twice.ok && twice.value, 'first');
    assertFail(
      await hostile(`setTimeout(function () { throw new Error('boom') }, 1)`),
      'runtime',
      /boom/,
    );
  });

  it('constructor escape gives no host process', async () => {
    assertFail(
      await hostile(`cb(null, this.constructor.constructor('return process')().pid)`),
      'runtime',
      /process/,
    );
    const r = await hostile(`cb(null, typeof Function('return this')().process)`);
    assert.equal(r.ok && r.value, 'undefined');
  });

  it('Error.prepareStackTrace tampering has no effect outside the hook', async () => {
    const r = await hostile(
      `Error.prepareStackTrace = function () { return 'pwned' }; throw new Error('plain')`,
    );
    assertFail(r, 'runtime', /^plain$/);
    assert.equal(
      (Error as { prepareStackTrace?: unknown }).prepareStackTrace,
      hostPrepareStackTrace,
    );
    const other = await run(hook(`cb(null, typeof Error.prepareStackTrace)`));
    assert.equal(other.ok && other.value, 'undefined');
  });

  it('deep recursion -> runtime stack overflow', async () => {
    assertFail(await hostile(`function f() { f() } f()`), 'runtime', /stack overflow/);
    // Parser recursion is the worst case for the native stack (see maxStackBytes).
    const p = await hostile(`eval('('.repeat(1e6))`);
    assert.ok(!p.ok && p.kind === 'runtime', JSON.stringify(p));
  });

  it('infinite microtask loop -> timeout', async () => {
    assertFail(
      await hostile(`(function spin() { Promise.resolve().then(spin) })()`),
      'timeout',
      /within/,
    );
  });

  it('native-heavy loop the interrupt handler cannot see is killed by the main-thread backstop or the heap cap', async () => {
    // Each iteration is one long C call, so QuickJS polls the interrupt handler rarely.
    const r = await hostile(`while (true) new Array(1e6).fill(1)`, { timeoutMs: 500 });
    assert.ok(!r.ok && (r.kind === 'timeout' || r.kind === 'memory'), JSON.stringify(r));
  });

  it('main-thread backstop terminates a worker that ignores its deadline and replaces it', async () => {
    const before = pool.stats().workersReplaced;
    const t0 = performance.now();
    const r = await hostile(`while (true) {}`, { timeoutMs: 300, testDisableInterrupt: true });
    assertFail(r, 'timeout', /terminated/);
    assert.ok(performance.now() - t0 < 300 + 500 + 500);
    assert.ok(pool.stats().workersReplaced > before);
    assert.ok((await run(SEED)).ok);
  });
});

describe('isolation between hooks', () => {
  it('prototype pollution stays inside one context (same worker) and never reaches the host', async () => {
    const single = new HookPool({ size: 1 });
    try {
      const a = await single.run({
        hookId: 'polluter',
        version: '1',
        script: hook(
          `Object.prototype.polluted = 1; Array.prototype.push = null; JSON.parse = null; cb(null, ({}).polluted)`,
        ),
        args: ARGS,
      });
      assert.equal(a.ok && a.value, 1);
      const b = await single.run({
        hookId: 'victim',
        version: '1',
        script: hook(`cb(null, [({}).polluted, typeof [].push, typeof JSON.parse])`),
        args: ARGS,
      });
      assert.deepEqual(b.ok && b.value, [null, 'function', 'function']); // JSON turns undefined into null
      assert.equal(({} as { polluted?: unknown }).polluted, undefined);
      // The polluter's own context keeps working (its state persists by design).
      const again = await single.run({
        hookId: 'polluter',
        version: '1',
        script: hook(`cb(null, 'unused')`),
        args: ARGS,
      });
      assert.equal(again.ok && again.value, 1);
    } finally {
      await single.close();
    }
  });

  it('a "__proto__" key in a result cannot change prototypes on the host', async () => {
    const r = await run(
      hook(`var o = JSON.parse('{"__proto__": {"admin": true}, "ok": 1}'); cb(null, o)`),
    );
    assert.ok(r.ok);
    const v = r.value as Record<string, unknown>;
    assert.equal(v.ok, 1);
    assert.equal(Object.prototype.hasOwnProperty.call(v, '__proto__'), false);
    assert.equal(Object.assign({}, v).admin, undefined);
  });
});

describe('results and runs stay their own', () => {
  const deep = (leaf: string) =>
    hook(`var o = {}; var cur = o;
    for (var i = 0; i < 5000; i++) { var next = {}; Object.defineProperty(cur, '__proto__', { value: next, enumerable: true, writable: true, configurable: true }); cur = next }
    ${leaf}`);

  it('a result nested thousands of levels deep (with "__proto__") fails its own run, and the pool keeps serving', async () => {
    assertFail(await run(deep('cb(null, o)')), 'runtime', /nested too deeply/);
    // toJSON can hand stringify more nesting than the guest's walk saw: the worker checks the JSON too.
    const viaToJson = await run(
      hook(`var o = {}; var cur = o; for (var i = 0; i < 150; i++) { cur.a = {}; cur = cur.a }
      cb(null, { toJSON: function () { return o } })`),
    );
    assertFail(viaToJson, 'runtime', /nested too deeply/);
    assert.ok((await run(SEED)).ok);
  });

  it('decodes results without recursion and removes "__proto__" keys at every depth', () => {
    const json = '{"__proto__":'.repeat(20_000) + '1' + '}'.repeat(20_000);
    assert.throws(() => decodeResult(json), /nested too deeply/);
    const ok = decodeResult(
      '{"a":[{"__proto__":{"admin":true},"b":1}],"__proto__":{"admin":true}}',
    ) as { a: Array<Record<string, unknown>> };
    assert.equal(Object.prototype.hasOwnProperty.call(ok, '__proto__'), false);
    assert.equal(Object.prototype.hasOwnProperty.call(ok.a[0], '__proto__'), false);
    assert.deepEqual(ok.a[0], { b: 1 });
  });

  it("promise jobs queued after cb run in their own run, never in the next one's", async () => {
    const script = hook(`cb(null, context.who);
      Promise.resolve().then(function () { return null }).then(function () { console.log('late line of ' + context.who) })`);
    const first = await pool.run({
      hookId: 'jobs',
      version: '1',
      script,
      args: [{}, [], '', { who: 'alice' }],
    });
    const second = await pool.run({
      hookId: 'jobs',
      version: '1',
      script,
      args: [{}, [], '', { who: 'bob' }],
    });
    assert.deepEqual(first.logs, [{ level: 'log', message: 'late line of alice' }]);
    assert.deepEqual(second.logs, [{ level: 'log', message: 'late line of bob' }]);
  });

  it('a context whose run left timers pending after cb is not reused', async () => {
    const script = `var n = 0; module.exports = function (c, s, a, ctx, cb) { n++; if (ctx.leave) setTimeout(function () { console.log('stale timer') }, 1); cb(null, n) }`;
    const call = (leave: boolean) =>
      pool.run({ hookId: 'timers-left', version: '1', script, args: [{}, [], '', { leave }] });
    assert.equal((await call(false)).ok && 1, 1);
    const left = await call(true);
    assert.equal(left.ok && left.value, 2);
    const next = await call(false);
    assert.deepEqual([next.ok && next.value, next.logs], [1, []]);
  });
});

describe('pool mechanics', () => {
  it('serves concurrent callers and prefers the worker that has the context warm', async () => {
    await withPool({ size: 2 }, async (p) => {
      await p.ready();
      const results = await Promise.all(
        Array.from({ length: 64 }, (_, i) =>
          p.run({ hookId: `c${i % 4}`, version: '1', script: SEED, args: ARGS }),
        ),
      );
      assert.ok(
        results.every((r) => r.ok),
        JSON.stringify(results.filter((r) => !r.ok).slice(0, 2)),
      );
      const s = p.stats();
      assert.ok(s.warmHits > 40, JSON.stringify(s));
    });
  });

  it("a group whose run holds its worker long never takes the last free worker: another client's run goes first", async () => {
    await withPool({ size: 2, graceMs: 200 }, async (p) => {
      await p.ready();
      const run = clientRuns(p, 'grouped', SLOW_FOR_ONE);
      const finished: string[] = [];
      const start = (id: string) =>
        run(id, 1500).then((r) => {
          finished.push(id === 'slow' ? `slow-${finished.length}` : id);
          return r;
        });
      const first = start('slow');
      // The first slow run is under way (past the long mark) before the next ones arrive.
      await new Promise((resolve) => setTimeout(resolve, 100));
      const second = start('slow');
      const other = start('other');
      const answered = await other;
      assert.deepEqual(answered.ok && answered.value, { id: 'other' });
      // The other client's run finished while both slow runs were still waiting for their deadline.
      assert.equal(finished[0], 'other', finished.join());
      assertFail(await first, 'timeout');
      assertFail(await second, 'timeout');
    });
  });

  it("a run that only waited in the queue does not make its group long: the other client's next run still takes the free worker", async () => {
    await withPool({ size: 2, graceMs: 200 }, async (p) => {
      await p.ready();
      const start = clientRuns(p, 'grouped', SLOW_FOR_ONE);
      // Both workers taken by slow runs before anything is known of them; the other client's run
      // waits in the queue until its deadline.
      const slow = [start('slow', 800), start('slow', 800)];
      assertFail(await start('other', 200), 'timeout', /No hook worker became available/);
      for (const r of await Promise.all(slow)) assertFail(r, 'timeout');
      // Now the slow client's runs are long and keep off the last free worker; the other's are not.
      const more = [start('slow', 800), start('slow', 800)];
      await new Promise((resolve) => setTimeout(resolve, 50));
      const answered = await start('other', 500);
      assert.deepEqual(answered.ok && answered.value, { id: 'other' }, JSON.stringify(answered));
      for (const r of await Promise.all(more)) assertFail(r, 'timeout');
    });
  });

  it('time a run spends waiting for an outbound call does not count as holding its worker: its group takes the last free worker', async () => {
    const { p, port, close } = await poolWithStandIn(
      (_req, res) => setTimeout(() => res.end('{}'), 100),
      {
        size: 2,
        graceMs: 200,
      },
    );
    try {
      await p.ready();
      const start = clientRuns(p, 'waits', slowOrFetch(`http://127.0.0.1:${port}/slowly`));
      // A first run in a new context takes a while to load fetch: another client's, not counted.
      assert.ok((await start('warm-up', 2000)).ok);
      // 100 ms in all, nearly all of it waiting: not a long run.
      const first = await start('caller', 2000);
      assert.ok(first.ok && first.durationMs >= 100, JSON.stringify(first));
      await assertCallerTakesLastFreeWorker(start, 1500, 1000);
    } finally {
      await close();
    }
  });

  it("a run whose call had answered but waited while another client's run looped is not long: only its own I/O counts", async () => {
    const { p, port, close } = await poolWithStandIn((_req, res) => res.end('{}'), {
      size: 2,
      graceMs: 200,
    });
    try {
      await p.ready();
      const start = clientRuns(p, 'behind', slowOrFetch(`http://127.0.0.1:${port}/at-once`));
      // Contexts with fetch loaded in both workers first, so that no run below starts cold.
      await Promise.all([start('warm-up-1', 2000), start('warm-up-2', 2000)]);
      // Both workers busy for a moment: the caller's run and the slow one queue up and leave in
      // one batch. The caller's call answers at once, but its run can go on only after the slow
      // run's deadline, 600 ms later.
      const occupied = occupy(p, 2, 100);
      const [behind, slow] = await Promise.all([start('caller', 2000), start('slow', 600)]);
      assert.ok(behind.ok && behind.durationMs > 250, JSON.stringify(behind));
      assertFail(slow, 'timeout');
      await Promise.all(occupied);
      // The slow client is long now; the caller is not.
      await assertCallerTakesLastFreeWorker(start, 600, 400);
    } finally {
      await close();
    }
  });

  it("a new context's first run, slow to load the script, does not make its client long: loading is the same for every client", async () => {
    await withPool({ size: 2, graceMs: 200 }, async (p) => {
      await p.ready();
      // 60 ms of top-level code, as a hook that requires a large module takes to load.
      const script = `var t = Date.now(); while (Date.now() - t < 60) {}
        module.exports = function (client, scope, audience, context, cb) {
          if (client.id === 'slow') { while (true) {} }
          cb(null, { id: client.id });
        };`;
      const start = clientRuns(p, 'slow-to-load', script);
      const first = await start('caller', 2000);
      assert.ok(first.ok && first.durationMs >= 60, JSON.stringify(first));
      // The caller is not long (its next run loads the script in the other worker too).
      await assertCallerTakesLastFreeWorker(start, 600, 400);
    });
  });

  it('a run that requires a module for the first time in its context, slow to evaluate, does not make its client long', async () => {
    await withPool({ size: 2, graceMs: 200 }, async (p) => {
      await p.ready();
      // The caller's runs require a module with 60 ms of top-level code (as request's first load
      // takes about a second); built-in modules (fetch, Buffer, crypto) load the same way.
      const script = hook(
        "if (client.id === 'slow') { while (true) {} } cb(null, { id: client.id, m: require('slow-module') === 'loaded' })",
      );
      const start = clientRuns(p, 'slow-module', script, slowModules({ 'slow-module': 60 }));
      const first = await start('caller', 2000);
      assert.ok(first.ok && first.durationMs >= 60, JSON.stringify(first));
      const slow = start('slow', 600);
      await new Promise((resolve) => setTimeout(resolve, 50));
      // The caller's next run, in the other worker, evaluates the module there too.
      const next = await start('caller', 400);
      assert.deepEqual(next.ok && next.value, { id: 'caller', m: true }, JSON.stringify(next));
      assertFail(await slow, 'timeout');
    });
  });

  it('a module that loops while a run evaluates it counts past the first second: its client becomes long', async () => {
    await withPool({ size: 2, graceMs: 200 }, async (p) => {
      await p.ready();
      const script = hook(
        "if (client.id === 'slow') require('loops'); cb(null, { id: client.id })",
      );
      const start = clientRuns(p, 'loops-on-load', script, slowModules({ loops: Infinity }));
      assertFail(await start('slow', 1500), 'timeout');
      // Long now: of two more such runs only one takes a worker, and the caller gets the other.
      const slow = [start('slow', 1500), start('slow', 1500)];
      await new Promise((resolve) => setTimeout(resolve, 50));
      const answered = await start('caller', 1000);
      assert.deepEqual(answered.ok && answered.value, { id: 'caller' }, JSON.stringify(answered));
      for (const r of await Promise.all(slow)) assertFail(r, 'timeout');
    });
  });

  it('the egress limits hold per run, over all of its calls: a third call past HOOK_EGRESS_MAX_REQUESTS=2 is refused', async () => {
    let calls = 0;
    const { p, port, close } = await poolWithStandIn(
      (_req, res) => {
        calls++;
        res.end('{}');
      },
      { size: 1 },
    );
    try {
      await p.ready();
      const script = `module.exports = async function (client, scope, audience, context, cb) {
          var codes = [];
          for (var i = 0; i < 3; i++) {
            try { await fetch('http://127.0.0.1:${port}/call'); codes.push('ok'); }
            catch (e) { codes.push(e.code); }
          }
          cb(null, { codes: codes });
        };`;
      for (let round = 0; round < 2; round++) {
        const r = await p.run({ hookId: 'budget', version: '1', script, args: ARGS });
        assert.deepEqual(
          r.ok && r.value,
          { codes: ['ok', 'ok', 'EGRESS_LIMIT'] },
          JSON.stringify(r),
        );
      }
      assert.equal(calls, 4);
    } finally {
      await close();
    }
  });

  it('batches runs of one hook version, each with its own result, and a slow run hands the runs queued behind it to another worker', async () => {
    await withPool({ size: 2, graceMs: 200 }, async (p) => {
      await p.ready();
      const script = SLOW_FOR_ONE;
      // Both workers busy for a moment, so that what follows queues up and leaves in batches.
      const occupied = occupy(p, 2, 150);
      const started = performance.now();
      const slow = p.run({
        hookId: 'batched',
        version: '1',
        script,
        args: [{ id: 'slow' }, [], 'a', {}],
        timeoutMs: 4000,
      });
      // Queued together with the slow run: the first worker takes 16 of them in the same batch, behind it.
      const fast = Array.from({ length: 40 }, (_, i) =>
        p
          .run({
            hookId: 'batched',
            version: '1',
            script,
            args: [{ id: `fast-${i}` }, [], 'a', {}],
            timeoutMs: 4000,
          })
          .then((r) => ({ r, at: performance.now() - started })),
      );
      for (const [i, { r, at }] of (await Promise.all(fast)).entries()) {
        assert.deepEqual(r.ok && r.value, { id: `fast-${i}` }, JSON.stringify(r));
        assert.ok(at < 2000, `fast run ${i} waited ${Math.round(at)} ms behind the slow one`);
      }
      assertFail(await slow, 'timeout');
      for (const r of await Promise.all(occupied)) assert.ok(r.ok);
      assert.ok(p.stats().warmHits >= 30, JSON.stringify(p.stats()));
    });
  });

  it("runs of a batch waiting for outbound calls wait together, each in its own context: one run's call never holds the next run back", async () => {
    // The stand-in answers no call until three are open at once: if the worker ran the batch one
    // run after another, the first run's call would wait for its deadline.
    const open: http.ServerResponse[] = [];
    // Runs not started within stealAfterMs go back to the queue; first contexts take longer here.
    const { p, port, close } = await poolWithStandIn(
      (_req, res) => {
        open.push(res);
        if (open.length === 3) for (const r of open.splice(0)) r.end('{"ok":true}');
      },
      { size: 1, stealAfterMs: 60_000 },
    );
    try {
      await p.ready();
      const script = `var calls = 0;
        module.exports = async function (client, scope, audience, context, cb) {
          calls++;
          var res = await fetch('http://127.0.0.1:${port}/barrier');
          cb(null, { id: client.id, ok: (await res.json()).ok, calls: calls });
        };`;
      // The worker is busy for a moment, so that the three runs queue up and leave in one batch.
      const round = async (prefix: string) => {
        const occupied = occupy(p, 1, 100);
        const runs = await Promise.all(
          [0, 1, 2].map((i) =>
            p.run({
              hookId: 'barrier',
              version: '1',
              script,
              args: [{ id: `${prefix}${i}` }, [], 'a', {}],
              timeoutMs: 3000,
            }),
          ),
        );
        for (const r of await Promise.all(occupied)) assert.ok(r.ok);
        return runs.map((r) => (r.ok ? r.value : r));
      };
      const first = await round('c');
      assert.deepEqual(
        first,
        [0, 1, 2].map((i) => ({ id: `c${i}`, ok: true, calls: 1 })),
      );
      // The three contexts stay warm for the version, each with its own module state.
      const cold = p.stats().coldStarts;
      const second = await round('d');
      assert.deepEqual(
        second,
        [0, 1, 2].map((i) => ({ id: `d${i}`, ok: true, calls: 2 })),
      );
      assert.equal(p.stats().coldStarts, cold, JSON.stringify(p.stats()));
    } finally {
      await close();
    }
  });

  it('a worker that retires in the middle of a batch hands the runs it has not started to its replacement', async () => {
    // A recycle threshold below the initial heap: every worker retires after its first run.
    await withPool({ size: 1, recycleHeapBytes: 1024 * 1024, stealAfterMs: 60_000 }, async (p) => {
      await p.ready();
      const script = hook('cb(null, { id: client.id })');
      const occupied = occupy(p, 1, 100);
      // Queued behind it, they leave in one batch; each worker runs one and hands the rest on.
      const runs = Array.from({ length: 4 }, (_, i) =>
        p.run({ hookId: 'retiring', version: '1', script, args: [{ id: `r${i}` }, [], 'a', {}] }),
      );
      for (const [i, r] of (await Promise.all(runs)).entries())
        assert.deepEqual(r.ok && r.value, { id: `r${i}` }, JSON.stringify(r));
      for (const r of await Promise.all(occupied)) assert.ok(r.ok);
      assert.equal(p.stats().workersReplaced, 5, JSON.stringify(p.stats()));
    });
  });

  it("runs stuck in one native call on every worker at once leave the others' runs a surge worker, which the stuck clients never get", async () => {
    await withPool({ size: 2, graceMs: 200 }, async (p) => {
      await p.ready();
      // One call the interrupt handler never sees the end of: only the backstop stops it.
      const run = clientRuns(
        p,
        'native',
        hook(
          "if (client.id !== 'other') Array.prototype.indexOf.call({ length: 2 ** 53 - 1 }, 1); cb(null, { id: client.id })",
        ),
      );
      const finished: string[] = [];
      const start = (id: string) =>
        run(id, 1500).then((r) => {
          finished.push(id);
          return r;
        });
      // Two clients' first runs at the same moment: nothing is known of either yet.
      const stuck = [start('c1'), start('c2')];
      await new Promise((resolve) => setTimeout(resolve, 60));
      const again = start('c1');
      const other = await start('other');
      assert.deepEqual(other.ok && other.value, { id: 'other' });
      assert.equal(finished[0], 'other', finished.join());
      assert.equal(p.stats().surge, 1);
      for (const r of await Promise.all(stuck)) assertFail(r, 'timeout', /terminated/);
      // The stuck client's next run waited for a worker of the pool's own: not the surge worker.
      assertFail(await again, 'timeout', /available/);
      // Once the pool's own workers are back, the surge worker takes no more work and stops,
      // even under a steady backlog of short runs.
      await p.ready();
      let surgeMidway = -1;
      const backlog = Array.from({ length: 400 }, (_, i) =>
        run('other', 5000).then((r) => {
          if (i === 200) surgeMidway = p.stats().surge;
          return r;
        }),
      );
      for (const r of await Promise.all(backlog)) assert.ok(r.ok, JSON.stringify(r));
      assert.equal(surgeMidway, 0);
      assert.equal(p.stats().surge, 0);
    });
  });

  it('a pool still starting, or busy with short runs, starts no surge worker', async () => {
    await withPool({ size: 2 }, async (p) => {
      const runs = Array.from({ length: 200 }, (_, i) =>
        p.run({ hookId: 'short', version: '1', script: SEED, args: ARGS, group: `c${i % 7}` }),
      );
      for (const r of await Promise.all(runs)) assert.equal(r.ok, true, JSON.stringify(r));
      assert.equal(p.stats().workersStarted, 2);
    });
  });

  it('queued runs time out at their deadline when all workers are stuck (no surge workers)', async () => {
    await withPool({ size: 1, graceMs: 200, maxSurge: 0 }, async (p) => {
      const stuck = p.run({
        hookId: 's',
        version: '1',
        script: hook('while(true){}'),
        args: ARGS,
        timeoutMs: 600,
      });
      const queued = await p.run({
        hookId: 'q',
        version: '1',
        script: SEED,
        args: ARGS,
        timeoutMs: 200,
      });
      assertFail(queued, 'timeout', /available/);
      assertFail(await stuck, 'timeout');
    });
  });

  it('memory bombs make the worker recycle itself and the pool keeps going', async () => {
    await withPool(
      {
        size: 1,
        memoryLimitBytes: 16 * 1024 * 1024,
        workerHeapLimitBytes: 64 * 1024 * 1024,
        recycleHeapBytes: 40 * 1024 * 1024,
      },
      async (p) => {
        for (let i = 0; i < 4; i++) {
          const r = await p.run({
            hookId: `bomb${i}`,
            version: '1',
            script: hook('var a=[]; while(true) a.push(new Array(1e6).fill(1))'),
            args: ARGS,
          });
          assertFail(r, 'memory');
        }
        assert.ok(p.stats().workersReplaced >= 1, JSON.stringify(p.stats()));
        assert.ok((await p.run({ hookId: 'fine', version: '1', script: SEED, args: ARGS })).ok);
      },
    );
  });

  it('LRU eviction and version churn dispose contexts without leaking handles', async () => {
    // A leaked QuickJSHandle makes JS_FreeRuntime abort the wasm module, which would
    // show up here as a crashed/replaced worker.
    await withPool({ size: 1, maxContextsPerWorker: 3 }, async (p) => {
      const scripts = [
        SEED,
        hook(`setTimeout(function () { cb(null, 1) }, 1); setTimeout(function () {}, 100000)`),
        `module.exports = async function (c, s, a, ctx, cb) { await null; cb(new InvalidRequestError('x')); return new Promise(function () {}) }`,
        hook(`console.log('x'); Promise.resolve().then(function () { cb(null, [1, 2]) })`),
      ];
      for (let i = 0; i < 60; i++) {
        const r = await p.run({
          hookId: `lru${i % 7}`,
          version: String(i % 5),
          script: scripts[i % scripts.length]!,
          args: ARGS,
        });
        assert.ok(r.ok || r.kind === 'error', JSON.stringify(r));
      }
      assert.equal(p.stats().workersReplaced, 0);
    });
  });

  it('a host-level fault inside wasm (V8 stack overflow) retires the worker instead of reusing it', async () => {
    // Deliberately misconfigured: QuickJS may use more stack than the thread has,
    // so V8 throws RangeError through the wasm frames and QuickJS' C state is left
    // inconsistent. The worker must report the run and ask to be replaced.
    await withPool({ size: 1, maxStackBytes: 4 * 1024 * 1024, workerStackSizeMb: 2 }, async (p) => {
      assertFail(
        await p.run({
          hookId: 'deep',
          version: '1',
          script: hook(`function f() { f() } f()`),
          args: ARGS,
        }),
        'runtime',
        /stack overflow/,
      );
      assert.equal(p.stats().workersReplaced, 1);
      assert.ok((await p.run({ hookId: 'fine', version: '1', script: SEED, args: ARGS })).ok);
    });
  });

  it('closing resolves pending runs instead of leaving them hanging', async () => {
    const p = new HookPool({ size: 1 });
    const pending = p.run({
      hookId: 'x',
      version: '1',
      script: hook('setTimeout(function(){ cb(null, 1) }, 2000)'),
      args: ARGS,
    });
    await new Promise((r) => setTimeout(r, 50));
    await p.close();
    assertFail(await pending, 'runtime', /closed/);
  });
});

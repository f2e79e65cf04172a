// The in-thread fast path: what it answers itself, what it hands to the pool, and that a hook
// looping for one caller moves only that caller's runs.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll as after, beforeAll as before, describe, it } from 'vitest';
import { createQuickJsRuntime } from '../quickjs-runtime.js';
import type { HookRuntime } from '../runtime.js';
import { InThreadRunner, SliceGate, type InThreadRun } from './in-thread.js';
import { HookPool } from './pool.js';

const hook = (body: string) =>
  `module.exports = function (client, scope, audience, context, cb) { ${body} };`;
const args = (clientId: string) => [{ id: clientId }, ['read'], 'https://api.example', {}];
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

let n = 0;
function request(script: string, caller = 'client-1', version = `v${++n}`): InThreadRun {
  return {
    hookId: `live:${version}`,
    version,
    script,
    argsJson: JSON.stringify(args(caller)),
    timeoutMs: 2000,
    maxResultBytes: 1024,
    caller,
  };
}

describe('InThreadRunner', () => {
  let runner: InThreadRunner;
  before(async () => {
    // A slice far above what these runs take, so a busy machine cannot cut them.
    runner = new InThreadRunner({ sliceMs: 100 });
    await runner.ready();
  });
  after(() => runner.close());

  it('answers a short synchronous hook itself, from its first run', async () => {
    const r = runner.run(request(hook("cb(null, { scope: scope.concat('extra') });")));
    assert.ok('result' in r);
    assert.deepEqual(r.result.ok && JSON.parse(r.result.valueJson!), { scope: ['read', 'extra'] });
  });

  it("answers the hook's own failures (cb(err), a throw) itself", async () => {
    const err = runner.run(request(hook("cb(new Error('no'));")));
    assert.ok('result' in err && !err.result.ok && err.result.kind === 'error');
    const threw = runner.run(request(hook('null.x;')));
    assert.ok('result' in threw && !threw.result.ok && threw.result.kind === 'runtime');
  });

  it('hands a hook that waits for a timer to the pool, and its version after it', async () => {
    const req = request(hook('setTimeout(function () { cb(null, {}); }, 5);'));
    const r = runner.run(req);
    assert.ok('handoff' in r && !r.handoff.long);
    assert.ok('handoff' in runner.run(req), 'the version goes to the pool for a while');
  });

  it('hands a hook that calls fetch to the pool without starting the call', async () => {
    const r = runner.run(
      request(
        `module.exports = async function (client, scope, audience, context, cb) {
          try { await fetch('http://127.0.0.1:9/'); } catch (e) { cb(null, { caught: String(e) }); }
        };`,
      ),
    );
    assert.ok('handoff' in r, 'the refused call never becomes the answer');
  });

  it('cuts a loop at its slice and hands it to the pool as a long run', async () => {
    const script = hook("if (client.id === 'looping') for (;;) {} cb(null, {});");
    const version = `v${++n}`;
    const looping = request(script, 'looping', version);
    const other = request(script, 'other', version);
    for (let i = 0; i < 2; i++) {
      const cut = runner.run(looping);
      assert.ok('handoff' in cut && cut.handoff.long);
    }
    // Cut twice in a row: the looping caller goes straight to the pool, as long runs.
    const skipped = runner.run(looping);
    assert.ok('handoff' in skipped && skipped.handoff.long);
    // Another caller of the same version still runs here.
    const answered = runner.run(other);
    assert.ok('result' in answered && answered.result.ok);
  });
});

describe('SliceGate', () => {
  it('backs a caller off after two cuts in a row, and not after one', () => {
    const gate = new SliceGate();
    gate.note('v', 'a', 'slice', 0);
    assert.equal(gate.allows('v', 'a', 1), 'yes');
    assert.equal(gate.suspect('v', 'a'), true);
    gate.note('v', 'a', 'slice', 1);
    assert.equal(gate.allows('v', 'a', 2), 'long');
    assert.equal(gate.allows('v', 'b', 2), 'yes');
    assert.equal(gate.allows('v', 'a', 1000), 'yes', 'the while ends');
  });

  it('forgets a cut once the caller answers within its slice', () => {
    const gate = new SliceGate();
    gate.note('v', 'a', 'slice', 0);
    gate.answered('v', 'a');
    gate.note('v', 'a', 'slice', 1);
    assert.equal(gate.allows('v', 'a', 2), 'yes');
  });

  it('doubles the while on a repeat soon after, and bans a version that crashed or ran out of memory', () => {
    const gate = new SliceGate();
    gate.note('v', undefined, 'wait', 0);
    assert.equal(gate.allows('v', 'a', 99), 'no');
    gate.note('v', undefined, 'wait', 100);
    assert.equal(gate.allows('v', 'a', 299), 'no');
    assert.equal(gate.allows('v', 'a', 301), 'yes');
    gate.note('w', 'a', 'unsafe', 0);
    assert.equal(gate.allows('w', 'b', 1e9), 'no');
  });
});

describe('the runtime with the fast path', () => {
  let runtime: HookRuntime & { ready(): Promise<void> };
  let standIn: http.Server;
  let calls = 0;
  let url: string;
  before(async () => {
    standIn = http.createServer((_req, res) => {
      calls++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"tier":"gold"}');
    });
    await new Promise<void>((resolve) => standIn.listen(0, '127.0.0.1', resolve));
    const port = (standIn.address() as AddressInfo).port;
    url = `http://127.0.0.1:${port}/tier`;
    runtime = createQuickJsRuntime({
      size: 2,
      inThread: {},
      egress: {
        allow: [`127.0.0.1:${port}`],
        deny: [],
        maxRequests: 5,
        maxResponseBytes: 65536,
        ownListeners: [],
      },
    });
    await runtime.ready();
  });
  after(async () => {
    await runtime.close();
    standIn.close();
  });

  const live = (script: string, caller = 'client-1') =>
    runtime.run({ cacheKey: 'hook-1@1', script, args: args(caller), timeoutMs: 2000, caller });

  it('gives an async hook with one outbound call the same answer, and makes the call once per run', async () => {
    const script = `module.exports = async function (client, scope, audience, context, cb) {
      var res = await fetch(${JSON.stringify(url)});
      cb(null, { tier: (await res.json()).tier });
    };`;
    for (let i = 0; i < 4; i++) {
      const r = await live(script);
      assert.deepEqual(r.ok && r.value, { tier: 'gold' });
      await nextTurn();
    }
    assert.equal(calls, 4);
  });

  it('gives a deeply recursive hook the answer the pool gives', async () => {
    const script = hook(
      'function f(n) { return n === 0 ? 0 : 1 + f(n - 1); } cb(null, { depth: f(100000) });',
    );
    const runtimeAnswer = async () => {
      const r = await runtime.run({
        cacheKey: 'hook-2@1',
        script,
        args: args('c'),
        timeoutMs: 2000,
      });
      await nextTurn();
      return r.ok ? r.value : r.kind;
    };
    const pool = new HookPool({ size: 1 });
    try {
      const fromPool = await pool.run({ hookId: 'h', version: '1', script, args: args('c') });
      const expected = fromPool.ok ? fromPool.value : fromPool.kind;
      for (let i = 0; i < 3; i++) assert.deepEqual(await runtimeAnswer(), expected);
    } finally {
      await pool.close();
    }
  });

  it('answers other callers while one caller makes the hook loop to its deadline', async () => {
    const script = hook("if (client.id === 'looping') for (;;) {} cb(null, { ok: true });");
    const run = (caller: string) =>
      runtime.run({ cacheKey: 'hook-3@1', script, args: args(caller), timeoutMs: 1500, caller });
    await run('warm');
    await nextTurn();
    const loops = Array.from({ length: 4 }, () => run('looping'));
    for (let i = 0; i < 20; i++) {
      const r = await run(`other-${i % 3}`);
      assert.deepEqual(r.ok && r.value, { ok: true });
    }
    for (const r of await Promise.all(loops)) assert.equal(r.ok, false);
  });
});

describe('long runs in the pool', () => {
  it('never take the last free worker', async () => {
    const pool = new HookPool({ size: 2, graceMs: 200 });
    try {
      await pool.ready();
      const loop = hook('for (;;) {}');
      const long = Array.from({ length: 3 }, (_, i) =>
        pool.run({
          hookId: `loop-${i}`,
          version: '1',
          script: loop,
          args: [],
          timeoutMs: 1000,
          long: true,
        }),
      );
      const short = await pool.run({
        hookId: 'short',
        version: '1',
        script: hook('cb(null, { ok: true });'),
        args: args('c'),
        timeoutMs: 500,
      });
      assert.deepEqual(short.ok && short.value, { ok: true });
      for (const r of await Promise.all(long)) assert.equal(r.ok, false);
    } finally {
      await pool.close();
    }
  });
});

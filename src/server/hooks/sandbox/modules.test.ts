// npm modules inside the sandbox: a version's module set reaches a worker once, and `require`
// loads its files as CommonJS (entries, name@version, subpaths, relative and nested requires,
// JSON, cycles), each file once per context.
import assert from 'node:assert/strict';
import { afterAll as after, beforeAll as before, describe, it } from 'vitest';
import { HookPool } from './pool.js';
import type { HookModuleSet } from './protocol.js';

const SET: HookModuleSet = {
  files: {
    '/node_modules/tiny-merge/package.json': JSON.stringify({
      name: 'tiny-merge',
      version: '1.0.0',
      main: 'lib/index.js',
    }),
    '/node_modules/tiny-merge/lib/index.js': `
      var assign = require('tiny-assign');
      var meta = require('../meta.json');
      globalThis.__loads = (globalThis.__loads || 0) + 1;
      module.exports = function merge(a, b) { return assign(assign({}, a), b); };
      module.exports.meta = meta;
      module.exports.where = [__filename, __dirname];`,
    '/node_modules/tiny-merge/meta.json': '{"from":"tiny-merge"}',
    '/node_modules/tiny-merge/extra.js': `exports.extra = true;`,
    '/node_modules/tiny-assign/package.json': JSON.stringify({
      name: 'tiny-assign',
      version: '2.0.0',
    }),
    '/node_modules/tiny-assign/index.js': `module.exports = function (t, s) { for (var k in s) t[k] = s[k]; return t; };`,
    '/node_modules/cyc/package.json': JSON.stringify({ name: 'cyc', version: '1.0.0' }),
    '/node_modules/cyc/index.js': `exports.a = 'a1'; var b = require('./b'); exports.a = 'a2'; exports.seen = b.seen;`,
    '/node_modules/cyc/b.js': `var a = require('./index.js'); exports.seen = a.a;`,
    '/node_modules/esm/package.json': JSON.stringify({ name: 'esm', version: '1.0.0' }),
    '/node_modules/esm/index.js': `export default 1;`,
    '/node_modules/needs-fs/package.json': JSON.stringify({ name: 'needs-fs', version: '1.0.0' }),
    '/node_modules/needs-fs/index.js': `module.exports = require('fs').readFileSync('/etc/passwd', 'utf8');`,
    '/node_modules/sees-process/package.json': JSON.stringify({
      name: 'sees-process',
      version: '1.0.0',
    }),
    '/node_modules/sees-process/index.js': `module.exports = function (cb) {
      var order = [];
      process.nextTick(function (x) { order.push(x) }, 'tick');
      Promise.resolve().then(function () { cb(null, [typeof process, Object.prototype.toString.call(process), process.version,
        JSON.stringify(process.env), typeof process.versions.node, order, typeof globalThis.process]) });
    };`,
    '/node_modules/broken/package.json': JSON.stringify({ name: 'broken', version: '1.0.0' }),
    '/node_modules/broken/index.js': `module.exports = require('./missing');`,
  },
  entries: {
    'tiny-merge': '/node_modules/tiny-merge/lib/index.js',
    'tiny-merge@1.0.0': '/node_modules/tiny-merge/lib/index.js',
    cyc: '/node_modules/cyc/index.js',
    esm: '/node_modules/esm/index.js',
    'needs-fs': '/node_modules/needs-fs/index.js',
    broken: '/node_modules/broken/index.js',
    'sees-process': '/node_modules/sees-process/index.js',
  },
  packageDirs: {
    'tiny-merge': '/node_modules/tiny-merge',
    'tiny-merge@1.0.0': '/node_modules/tiny-merge',
    cyc: '/node_modules/cyc',
    esm: '/node_modules/esm',
    'needs-fs': '/node_modules/needs-fs',
    broken: '/node_modules/broken',
    'sees-process': '/node_modules/sees-process',
  },
};

let pool: HookPool;
let n = 0;
const modules = { key: 'set-1', set: SET };
const hook = (body: string) => `module.exports = function (cb) { ${body} };`;
async function run(body: string, id = `m${++n}`) {
  return pool.run({
    hookId: id,
    version: '1',
    script: hook(body),
    args: [],
    timeoutMs: 3000,
    modules,
  });
}
async function value(body: string): Promise<unknown> {
  const r = await run(body);
  assert.ok(r.ok, JSON.stringify(r));
  return r.value;
}

before(async () => {
  pool = new HookPool({ size: 1 });
  await pool.ready();
});
after(() => pool.close());

describe('npm modules in the sandbox', () => {
  it('require by dependency name and by name@version, with nested, relative and JSON requires', async () => {
    const v = await value(`var m = require('tiny-merge'), same = require('tiny-merge@1.0.0');
      cb(null, [m({ a: 1 }, { b: 2 }), m === same, m.meta, m.where, require('tiny-merge/extra').extra, require('crypto').createHash('sha256').update('x').digest('hex').length])`);
    assert.deepEqual(v, [
      { a: 1, b: 2 },
      true,
      { from: 'tiny-merge' },
      ['/node_modules/tiny-merge/lib/index.js', '/node_modules/tiny-merge/lib'],
      true,
      64,
    ]);
  });

  it('evaluates each file once per warm context', async () => {
    const body = `require('tiny-merge'); require('tiny-merge@1.0.0'); cb(null, globalThis.__loads)`;
    const first = await run(body, 'once');
    const second = await run(body, 'once');
    assert.deepEqual([first.ok && first.value, second.ok && second.value], [1, 1]);
  });

  it("npm modules see a process shaped like Node's, with an empty env; hook code has none", async () => {
    const v = await value(
      `require('sees-process')(function (err, seen) { cb(err, seen.concat([typeof process])) })`,
    );
    assert.deepEqual(v, [
      'object',
      '[object process]',
      'v20.0.0',
      '{}',
      'string',
      ['tick'],
      'undefined',
      'undefined',
    ]);
  });

  it('handles cycles as Node does (partial exports)', async () => {
    assert.deepEqual(await value(`var c = require('cyc'); cb(null, [c.a, c.seen])`), ['a2', 'a1']);
  });

  it('fails clearly for ES modules, missing built-ins, missing files and modules the hook lacks', async () => {
    const messages = [];
    for (const name of [
      'esm',
      'needs-fs',
      'broken',
      'left-pad',
      'tiny-merge@2.0.0',
      'tiny-merge/nope',
    ]) {
      const r = await run(`require(${JSON.stringify(name)}); cb(null, 1)`);
      assert.equal(r.ok, false);
      messages.push(!r.ok && r.message);
    }
    assert.deepEqual(messages, [
      '/node_modules/esm/index.js is an ES module (import/export): hooks load CommonJS modules only',
      'fs.readFileSync is not available in hooks: hooks have no file system',
      "Cannot find module './missing' (required from /node_modules/broken/index.js)",
      'module left-pad is not available in hooks',
      'module tiny-merge@2.0.0 is not available in hooks',
      "Cannot find module 'tiny-merge/nope': the package has no such file",
    ]);
    const r = await run(`require('left-pad'); cb(null, 1)`);
    assert.ok(!r.ok && r.hint?.includes("add it to the hook's dependencies"), JSON.stringify(r));
  });

  it('a hook without modules cannot require a package', async () => {
    const r = await pool.run({
      hookId: 'none',
      version: '1',
      script: hook(`require('tiny-merge'); cb(null, 1)`),
      args: [],
      timeoutMs: 3000,
    });
    assert.ok(
      !r.ok && r.message === 'module tiny-merge is not available in hooks',
      JSON.stringify(r),
    );
  });

  it('sends a set once per worker and keeps serving it by key', async () => {
    for (let i = 0; i < 20; i++) {
      const key = `k${i}`;
      const r = await pool.run({
        hookId: `lru${i}`,
        version: '1',
        script: hook(`cb(null, require('tiny-merge')({}, { i: ${i} }))`),
        args: [],
        timeoutMs: 3000,
        modules: { key, set: SET },
      });
      assert.ok(r.ok, JSON.stringify(r));
    }
    // k0 was dropped by both sides (more than MODULE_SETS_KEPT since): it is sent again and runs.
    const again = await pool.run({
      hookId: 'lru-again',
      version: '1',
      script: hook(`cb(null, require('tiny-merge')({}, { i: 0 }))`),
      args: [],
      timeoutMs: 3000,
      modules: { key: 'k0', set: SET },
    });
    assert.deepEqual(again.ok && again.value, { i: 0 });
  });
});

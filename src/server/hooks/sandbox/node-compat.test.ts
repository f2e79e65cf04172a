// Node built-ins and web globals inside the sandbox, and the host-operation mechanism under them.
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll as after, beforeAll as before, describe, it } from 'vitest';
import type { HostOps } from './host-ops.js';
import { slowModules } from './testing-modules.js';
import { HookPool, type HookResult } from './pool.js';
import {
  DEFAULT_SANDBOX_LIMITS,
  HeapGovernor,
  HookSandbox,
  hostCodec,
  loadQuickJS,
  type SandboxLimits,
} from './sandbox.js';

let pool: HookPool;
let n = 0;
const ARGS = [
  { id: 'client-1' },
  ['read:things'],
  'https://api.example.com',
  { body: { grant_type: 'client_credentials' } },
];
const hook = (body: string) =>
  `module.exports = async function (client, scope, audience, context, cb) { ${body} };`;
async function value(body: string): Promise<unknown> {
  const r = await pool.run({
    hookId: `nc${++n}`,
    version: '1',
    script: hook(body),
    args: structuredClone(ARGS),
    timeoutMs: 3000,
  });
  assert.ok(r.ok, JSON.stringify(r));
  return r.value;
}

before(async () => {
  pool = new HookPool({ size: 1 });
  await pool.ready();
});
after(() => pool.close());

describe('web globals', () => {
  it('URL and URLSearchParams', async () => {
    const v =
      await value(`var u = new URL('https://user:pw@Example.COM:443/a/./b/../c?x=1&y=two%20words#frag');
      u.searchParams.append('z', 'a b&c');
      var rel = new URL('../d?q=1', 'https://example.com/a/b/c');
      var p = new URLSearchParams({ a: '1', b: 'x y' }); p.set('a', '2');
      var bad; try { new URL('not a url') } catch (e) { bad = e instanceof TypeError }
      cb(null, [u.href, u.host, u.hostname, u.port, u.pathname, u.search, u.hash, u.origin, u.username, u.searchParams.get('y'),
        rel.href, p.toString(), Array.from(p.keys()), bad, new URL('http://h:8080/').port, JSON.stringify({ u: new URL('https://a.b/') })])`);
    assert.deepEqual(v, [
      'https://user:pw@example.com/a/c?x=1&y=two+words&z=a+b%26c#frag',
      'example.com',
      'example.com',
      '',
      '/a/c',
      '?x=1&y=two+words&z=a+b%26c',
      '#frag',
      'https://example.com',
      'user',
      'two words',
      'https://example.com/a/d?q=1',
      'a=2&b=x+y',
      ['a', 'b'],
      true,
      '8080',
      '{"u":"https://a.b/"}',
    ]);
  });

  it('TextEncoder/TextDecoder, atob/btoa', async () => {
    const v = await value(`var bytes = new TextEncoder().encode('h\u00e9\u{1F600}');
      cb(null, [Array.from(bytes), new TextDecoder().decode(bytes), btoa('hello'), atob('aGVsbG8='), new TextDecoder().decode(new Uint8Array([0xff]))])`);
    assert.deepEqual(v, [
      [104, 195, 169, 240, 159, 152, 128],
      'h\u00e9\u{1F600}',
      'aGVsbG8=',
      'hello',
      '\ufffd',
    ]);
  });

  // The guest converts short texts itself and hands long ones (64 units and up) to the host:
  // both must give exactly what Node gives, invalid input included.
  describe("text and byte codecs give Node's results, short and long", () => {
    const LENGTHS = [0, 1, 2, 3, 5, 17, 63, 64, 65, 200, 1000];
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return Math.floor((seed / 2 ** 31) * n); // the high bits: the low ones repeat quickly
    };
    // Bytes that make UTF-8 interesting: NUL, ASCII, continuations, every kind of lead, invalid leads.
    const POOL = [
      0x0, 0x41, 0x7f, 0x80, 0x9f, 0xa0, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5,
      0xff,
    ];
    const bytesOf = (len: number) => Array.from({ length: len }, () => POOL[rand(POOL.length)]!);
    const UNITS = [0x61, 0xe9, 0x20ac, 0xd83d, 0xde00, 0xdbff, 0xdc00, 0xfffd, 0xffff, 0x7f, 0x0];
    const textOf = (len: number) =>
      String.fromCharCode(...Array.from({ length: len }, () => UNITS[rand(UNITS.length)]!));
    const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_ \n*.==\u00e9';
    const b64Of = (len: number) =>
      Array.from({ length: len }, () => B64[rand(B64.length)]!).join('');

    it('UTF-8 decoding (Buffer, TextDecoder, a run inside a larger buffer)', async () => {
      const cases = LENGTHS.flatMap((len) => [bytesOf(len), bytesOf(len)]);
      const v = await value(`var cases = ${JSON.stringify(cases)};
        cb(null, cases.map(function (c) {
          var b = Buffer.from(c);
          return [b.toString('utf8'), new TextDecoder().decode(new Uint8Array(c)), b.subarray(1, b.length - 1).toString()];
        }))`);
      assert.deepEqual(
        v,
        cases.map((c) => {
          const b = Buffer.from(c);
          return [
            b.toString('utf8'),
            new TextDecoder().decode(new Uint8Array(c)),
            b.subarray(1, b.length - 1).toString(),
          ];
        }),
      );
    });

    it('UTF-8 encoding, lone surrogates included (Buffer, TextEncoder)', async () => {
      // Up to 200 units (the host takes 64 and up): the bytes come back as JSON arrays.
      const cases = LENGTHS.filter((len) => len <= 200).flatMap((len) => [
        textOf(len),
        textOf(len),
      ]);
      const v = await value(`var cases = ${JSON.stringify(cases)};
        cb(null, cases.map(function (c) { return [Array.from(Buffer.from(c)), Array.from(new TextEncoder().encode(c))]; }))`);
      assert.deepEqual(
        v,
        cases.map((c) => [Array.from(Buffer.from(c)), Array.from(new TextEncoder().encode(c))]),
      );
    });

    it('base64 and base64url, both ways, with characters outside the alphabet and early padding', async () => {
      const bytes = LENGTHS.map((len) => Array.from({ length: len }, () => rand(256)));
      const texts = LENGTHS.flatMap((len) => [b64Of(len), b64Of(len)]);
      const v = await value(`var bytes = ${JSON.stringify(bytes)}, texts = ${JSON.stringify(texts)};
        cb(null, [
          bytes.map(function (c) { var b = Buffer.from(c); return [b.toString('base64'), b.toString('base64url')]; }),
          texts.map(function (t) { return [Array.from(Buffer.from(t, 'base64')), Array.from(Buffer.from(t, 'base64url'))]; }),
        ])`);
      assert.deepEqual(v, [
        bytes.map((c) => [Buffer.from(c).toString('base64'), Buffer.from(c).toString('base64url')]),
        texts.map((t) => [
          Array.from(Buffer.from(t, 'base64')),
          Array.from(Buffer.from(t, 'base64url')),
        ]),
      ]);
    });

    it('the host half converts only what it can convert exactly, and leaves the rest to the guest', async () => {
      const qjs = await loadQuickJS(new HeapGovernor(64 * 1024 * 1024));
      const ctx = qjs.newContext();
      try {
        const encode = (op: string, text: string, units = text.length) => {
          const h = ctx.newString(text);
          const out = hostCodec(ctx, op, h, units, 0);
          h.dispose();
          if (ctx.typeof(out) === 'undefined') return undefined;
          const bytes = ctx.getArrayBuffer(out);
          const copy = Array.from(bytes.value);
          bytes.dispose();
          out.dispose();
          return copy;
        };
        const decode = (op: string, bytes: number[], start = 0, end = bytes.length) => {
          const h = ctx.newArrayBuffer(new Uint8Array(bytes).buffer);
          const out = hostCodec(ctx, op, h, start, end);
          h.dispose();
          const text = ctx.typeof(out) === 'undefined' ? undefined : ctx.getString(out);
          out.dispose();
          return text;
        };
        assert.deepEqual(encode('utf8e', 'h\u00e9\u{1F600}'), [104, 195, 169, 240, 159, 152, 128]);
        assert.deepEqual(encode('b64d', 'aGk='), [104, 105]);
        // Cut short at a NUL, or a lone surrogate turned into U+FFFD on the way: the guest's job.
        assert.equal(encode('utf8e', 'a\u0000b'), undefined);
        assert.equal(encode('utf8e', 'a\ud800b'), undefined);
        assert.equal(encode('utf8e', 'a\ufffdb'), undefined);
        assert.equal(encode('b64d', 'aGk\u0141'), undefined);
        assert.equal(encode('utf8e', 'abc', 4), undefined);
        assert.equal(decode('utf8d', [104, 195, 169]), 'h\u00e9');
        assert.equal(decode('b64e', [104, 105, 255]), 'aGn/');
        assert.equal(decode('b64ue', [104, 105, 255], 1), 'af8');
        assert.equal(decode('utf8d', [104, 0, 105]), undefined);
        assert.equal(decode('utf8d', [104, 105], 0, 3), undefined);
        assert.equal(decode('nope', [104, 105]), undefined);
      } finally {
        ctx.dispose();
      }
    });

    it('a hook that tampers with typed arrays gets the same results (the guest converts by itself)', async () => {
      const text = 'h\u00e9llo w\u00f6rld '.repeat(20);
      const v = await value(`var bytes = new TextEncoder().encode(${JSON.stringify(text)});
        var lying = new Uint8Array(bytes);
        Object.defineProperty(lying, 'byteOffset', { value: 1e9 });
        var fake = new Uint8Array(bytes);
        Object.defineProperty(fake, 'buffer', { value: new Proxy(new ArrayBuffer(8), {}) });
        var short = new Uint8Array(bytes);
        Object.defineProperty(short, 'buffer', { value: new ArrayBuffer(8) });
        var d = new TextDecoder();
        cb(null, [d.decode(bytes), d.decode(lying), d.decode(fake), d.decode(short)])`);
      assert.deepEqual(v, [text, text, text, text]);
    });
  });

  it("URL parses, serializes and edits as Node's does", async () => {
    const urls = [
      // IPv4 in every form the WHATWG parser takes, and names that end in a number but are not one.
      'http://127.1/x',
      'http://1.2.3.04/x',
      'http://0x7f.1/',
      'http://2130706433/',
      'http://0177.0.0.1/',
      'http://1.2.3.4./',
      'http://256.1.1.1/x',
      'http://a.b.0x7f/x',
      'http://1.2.3.4.5/',
      'http://4294967296/',
      // IPv6, compressed as Node writes it.
      'http://[::FFFF:127.0.0.1]/',
      'http://[1:0:0:2:0:0:0:3]/',
      'http://[0:0:0:0:0:0:0:0]/',
      'http://[1::]/',
      'http://[0001:0db8::0A]/',
      'http://[1:0:0:2:0:0:3:4]/',
      'http://[::1:2:3:4:5:6:7:8]/',
      'http://[1:::2]/',
      'http://[::ffff:1.2.3.256]/',
      'http://[12345::]/',
      'http://[::1/',
      'http://[::1]:8080/x',
      // Names: percent-decoded before lower case, Punycode both ways.
      'http://ex%41mple.com/',
      'http://xn--a.com/',
      'http://xn--.com/',
      'http://xn--nxasmq6b.com/',
      'http://xn--abc-.com/',
      'http://\u00fc.com/',
      'http://M\u00dcNCHEN.de/',
      'http://A\u0308.de/',
      'https://\u4f8b\u3048.\u30c6\u30b9\u30c8/',
      'http://\ud83d\udca9.la/',
      'http://a\u00a0b.com/',
      'https://EXAMPLE.com./',
      // What each part encodes, an empty query and fragment, characters past ASCII.
      "http://a.b/c?x='1'",
      "foo://a.b/c?x='1'",
      'http://a.b/x?{a}|b^`[]',
      'http://a.b/x{a}|b^`[]',
      'http://a.b/x?q="<>"',
      'http://a.b/?q=(x)*!~',
      'http://a.b/c?',
      'http://a.b/c?#',
      'http://a.b/c#',
      'http://a.b/c#a b`',
      'http://a.b/c d',
      'http://a.b/\u00e9',
      'http://a.b/x?\ud83d\ude00#\ud83d',
      'mailto:\ud83d\ude00@x',
      'data:text/plain,hi there',
      'http://a:b@c:d@e.f/',
      'http://@a.b/',
      'http://a.b:/x',
      'http://example.com:0080/x',
      'not a url',
      'foo://A.B/p',
      'foo://a%41b/',
      'foo://\u00fc.de/',
      'foo://a b/',
      'foo://[::1]/',
      'foo://127.1/',
    ];
    const edits = `[
      function () { return new URL('?', 'http://a/b').href; },
      function () { return new URL('#', 'http://a/b?x').href; },
      function () { return new URL('c?d', 'http://a/b/e?x#y').href; },
      function () { var u = new URL('http://a/b?x=1'); u.searchParams.delete('x'); return u.href; },
      function () { var u = new URL('http://a/b'); u.search = '?'; u.hash = '#'; return [u.href, u.search, u.hash]; },
      function () { var u = new URL('http://a/b'); u.search = "a b'c"; u.hash = 'a b\\x60c'; return u.href; },
      function () { var u = new URL('http://a/b?x=1'); u.searchParams.append('y', "it's"); return u.href; },
      function () { return new URL('//127.1:8080/p', 'https://z/').href; },
      function () { var u = new URL('http://a.b:81/'); u.port = '8080abc'; var x = u.href; u.port = 'abc'; var y = u.href; u.port = '80'; var z = u.href; u.port = '99999'; return [x, y, z, u.href]; },
      function () { var u = new URL('http://a.b:81/'); u.port = ''; return u.href; },
      function () { var u = new URL('http://a.b/'); u.hostname = 'EX%41MPLE.com'; var x = u.href; u.hostname = '127.1'; var y = u.href; u.hostname = 'a b'; var z = u.href; u.hostname = ''; return [x, y, z, u.href]; },
      function () { var u = new URL('http://a.b/'); u.hostname = '[::FFFF:1.2.3.4]'; var x = u.href; u.hostname = '\u00fc.de'; return [x, u.href]; },
      function () { var u = new URL('http://a.b/p'); u.host = 'C.D:99'; var x = u.href; u.host = 'e.f:99x'; var y = u.href; u.host = 'g.h'; var z = u.href; u.host = ':1'; return [x, y, z, u.href]; },
      function () { var u = new URL('mailto:x@y'); u.hostname = 'a.b'; u.port = '1'; u.host = 'c.d'; return u.href; },
      function () { var u = new URL('foo://a.b/p'); u.hostname = 'C.D'; u.port = '7'; return u.href; },
    ]`;
    const parse = (u: string) => {
      try {
        const x = new URL(u);
        return [x.href, x.hostname, x.search, x.hash];
      } catch (e) {
        return (e as Error).name;
      }
    };
    const run = (f: () => unknown) => {
      try {
        return f();
      } catch (e) {
        return (e as Error).name;
      }
    };
    const v = (await value(`var urls = ${JSON.stringify(urls)}, edits = ${edits};
      function run(f) { try { return f(); } catch (e) { return e.name; } }
      cb(null, [urls.map(function (u) { return run(function () { var x = new URL(u); return [x.href, x.hostname, x.search, x.hash]; }); }),
        edits.map(run)])`)) as [unknown[], unknown[]];
    assert.deepEqual(v[0], urls.map(parse));
    // The same functions the guest ran, run by Node.
    assert.deepEqual(v[1], (eval(edits) as (() => unknown)[]).map(run));
  });

  it("Request's URL is the URL parser's, whether written plainly (taken as it is) or not", async () => {
    // Plain: the WHATWG parser gives them back unchanged (Node's URL says so below).
    const plain = [
      'http://127.0.0.2:4555/claim',
      'https://api.example.com/v1/users?id=42&fields=a,b',
      'https://login-1.eu.example.io:8443/a/b/c.json?x=%20y',
      "http://a.example/o'k?q=1",
      'http://xn--nxasmq6b.com/',
      'http://-a.b//x',
      'https://a.b:8443/~u/$&+,;=:@/x',
      'http://a.b/x?a=b?c/d',
      'http://a.b/c?',
    ];
    // Each one thing away from plain.
    const other = [
      'HTTP://Example.COM/a',
      'http://example.com',
      'http://example.com:80/x',
      'https://example.com:443/',
      'http://example.com:0080/x',
      'http://example.com:65536/x',
      'http://127.1/x',
      'http://1.2.3.04/x',
      'http://256.1.1.1/x',
      'http://a.b.0x7f/x',
      'http://a.b/./c',
      'http://a.b/c/..',
      'http://a.b/x/./',
      'http://a.b/%2e/c',
      'http://a.b/%2E%2e/c',
      'http://a.b/c d',
      'http://a.b/\u00e9',
      'http://xn--a.com/',
      "http://a.b/c?x='1'",
      'http://a.b/c#frag',
      'http://user:pw@a.b/',
      'http://a.b./x',
      'http://a.b\\c/x',
      'http://a.b/c\\d',
      'not a url',
    ];
    const v = (await value(`var urls = ${JSON.stringify([...plain, ...other])};
      function run(f) { try { return f(); } catch (e) { return e.name; } }
      cb(null, urls.map(function (u) {
        return [run(function () { return new Request(u).url; }), run(function () { return new URL(u).href; })];
      }))`)) as [string, string][];
    // Plain ones come back as written, which is what Node's parser gives too.
    assert.deepEqual(
      v.slice(0, plain.length).map(([request]) => request),
      plain.map((u) => new URL(u).href),
    );
    assert.deepEqual(
      plain,
      plain.map((u) => new URL(u).href),
    );
    // The others go through the guest's parser as before.
    for (const [request, parsed] of v.slice(plain.length)) assert.equal(request, parsed);
  });

  it('Buffer: from/toString in utf8, base64, base64url, hex; concat, byteLength, equals, JSON', async () => {
    const v = await value(`var b = Buffer.from('h\u00e9llo?>', 'utf8');
      var parts = Buffer.concat([Buffer.from('ab'), Buffer.from([99]), new Uint8Array([100])]);
      cb(null, [b.toString('base64'), b.toString('base64url'), b.toString('hex'), Buffer.from(b.toString('hex'), 'hex').toString(),
        Buffer.from('aMOpbGxvPz4', 'base64url').toString('utf8'), parts.toString(), parts.length, Buffer.byteLength('h\u00e9'),
        Buffer.from('abc').equals(Buffer.from('abc')), Buffer.from('abc').equals(Buffer.from('abd')), Buffer.isBuffer(parts),
        parts.slice(1, 3).toString(), Buffer.alloc(3, 'ab').toString(), JSON.stringify(Buffer.from('hi')), require('buffer').Buffer === Buffer])`);
    const b = Buffer.from('h\u00e9llo?>', 'utf8');
    assert.deepEqual(v, [
      b.toString('base64'),
      b.toString('base64url'),
      b.toString('hex'),
      'h\u00e9llo?>',
      'h\u00e9llo?>',
      'abcd',
      4,
      3,
      true,
      false,
      true,
      'bc',
      'aba',
      JSON.stringify(Buffer.from('hi')),
      true,
    ]);
  });

  it('Buffer called without new (as old npm modules do), and its constructor', async () => {
    const v =
      await value(`var a = Buffer('abc'), n = new Buffer(3), m = Buffer.from('abc').map(function (x) { return x + 1 });
      cb(null, [a.toString(), a instanceof Buffer, n.length, n[0], Buffer.from('x').constructor === Buffer, m instanceof Buffer, m.toString(),
        Buffer.from('abcd').subarray(1, 3).toString(), Buffer.name])`);
    assert.deepEqual(v, ['abc', true, 3, 0, true, true, 'bcd', 'bc', 'Buffer']);
  });

  it('AbortController/AbortSignal and structuredClone', async () => {
    const v = await value(`var c = new AbortController(), seen = [];
      c.signal.addEventListener('abort', function () { seen.push('listener') }); c.signal.onabort = function () { seen.push('onabort') };
      c.abort(); var reason = c.signal.reason;
      var src = { d: new Date(0), m: new Map([[1, { x: 1 }]]), s: new Set(['a']), a: [1, { b: 2 }], u: new Uint8Array([1, 2]) }; src.self = src;
      var copy = structuredClone(src); var fn; try { structuredClone(function () {}) } catch (e) { fn = e.name }
      cb(null, [c.signal.aborted, reason.name, seen, AbortSignal.abort().aborted, copy !== src, copy.self === copy, copy.d.getTime(),
        copy.m.get(1).x, copy.m.get(1) !== src.m.get(1), copy.s.has('a'), copy.a[1].b, Array.from(copy.u), fn])`);
    assert.deepEqual(v, [
      true,
      'AbortError',
      ['onabort', 'listener'],
      true,
      true,
      true,
      0,
      1,
      true,
      true,
      2,
      [1, 2],
      'DataCloneError',
    ]);
  });

  it('setInterval/clearInterval, setImmediate, queueMicrotask, timer objects', async () => {
    const v = await value(`var order = [], ticks = 0;
      queueMicrotask(function () { order.push('micro') });
      setImmediate(function () { order.push('immediate') });
      var t = setTimeout(function () {}, 5); t.unref();
      var i = setInterval(function () { if (++ticks === 3) { clearInterval(i); cb(null, [order, ticks, typeof t.ref]) } }, 2);
      order.push('sync')`);
    assert.deepEqual(v, [['sync', 'micro', 'immediate'], 3, 'function']);
  });

  it('console.dir/table/trace/time/timeEnd/assert/count/group', async () => {
    const r = await pool.run({
      hookId: `nc${++n}`,
      version: '1',
      args: ARGS,
      script:
        hook(`console.dir({ a: { b: { c: { d: 1 } } } }); console.table([{ a: 1 }]); console.trace('here');
        console.time('t'); console.timeEnd('t'); console.assert(1 === 2, 'math', 'broke'); console.assert(true, 'never');
        console.count(); console.count(); console.group('g'); console.log('inner'); console.groupEnd(); console.log('outer'); cb(null)`),
    });
    assert.ok(r.ok, JSON.stringify(r));
    const lines = r.logs.map((l) => `${l.level} ${l.message}`);
    assert.equal(lines[0], 'log { a: { b: { c: [Object] } } }');
    assert.equal(lines[1], 'log [ { a: 1 } ]');
    assert.match(lines[2]!, /^error Trace: here\nat (hook\.js:1:\d+)$/);
    assert.match(lines[3]!, /^log t: \d+ms$/);
    assert.deepEqual(lines.slice(4), [
      'error Assertion failed: math broke',
      'log default: 1',
      'log default: 2',
      'log g',
      'log   inner',
      'log outer',
    ]);
  });

  it('Intl: a minimal en-US/UTC subset, and a clear error for the rest', async () => {
    const v = await value(`var e; try { new Intl.Collator('de') } catch (x) { e = x.message }
      cb(null, [Intl.DateTimeFormat().resolvedOptions().timeZone, new Intl.NumberFormat('en-US').format(1234567.891),
        new Intl.NumberFormat('en-US', { minimumFractionDigits: 2 }).format(5), e])`);
    assert.deepEqual(v, [
      'UTC',
      '1,234,567.891',
      '5.00',
      'Intl.Collator is not available in hooks (Tokenhook provides Intl.DateTimeFormat().resolvedOptions() and Intl.NumberFormat for en-US only)',
    ]);
  });
});

describe('require of Node built-ins', () => {
  it('crypto: createHash and createHmac (hex, base64, buffer), randomUUID, randomBytes, timingSafeEqual', async () => {
    const v = (await value(`var crypto = require('crypto');
      var out = {};
      ['sha1', 'sha256', 'sha384', 'sha512', 'md5'].forEach(function (alg) {
        out[alg] = [crypto.createHash(alg).update('hello ').update(Buffer.from('w\u00f6rld')).digest('hex'),
          crypto.createHmac(alg, 'k\u00e9y').update('payload').digest('base64')];
      });
      var raw = crypto.createHmac('sha256', Buffer.from('key')).update('x').digest();
      var uuid = crypto.randomUUID(), rb = crypto.randomBytes(16);
      var unsupported; try { crypto.createHash('whirlpool') } catch (e) { unsupported = e.message }
      cb(null, [out, Buffer.isBuffer(raw) && raw.toString('hex'), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(uuid),
        rb.length, rb.equals(crypto.randomBytes(16)), crypto.timingSafeEqual(Buffer.from('ab'), Buffer.from('ab')),
        crypto.timingSafeEqual(Buffer.from('ab'), Buffer.from('ac')), require('node:crypto') === crypto, typeof globalThis.crypto.randomUUID(), unsupported])`)) as unknown[];
    const expected: Record<string, [string, string]> = {};
    for (const alg of ['sha1', 'sha256', 'sha384', 'sha512', 'md5']) {
      expected[alg] = [
        createHash(alg).update('hello ').update('w\u00f6rld').digest('hex'),
        createHmac(alg, 'k\u00e9y').update('payload').digest('base64'),
      ];
    }
    assert.deepEqual(v, [
      expected,
      createHmac('sha256', 'key').update('x').digest('hex'),
      true,
      16,
      false,
      true,
      false,
      true,
      'string',
      'Digest method not supported: whirlpool (hooks support sha1, sha224, sha256, sha384, sha512 and md5)',
    ]);
  });

  it('util: format, inspect, promisify, types', async () => {
    const v = await value(`var util = require('util');
      function legacy(a, b, done) { setTimeout(function () { done(null, a + b) }, 1) }
      var sum = await util.promisify(legacy)(2, 3);
      cb(null, [util.format('%s=%d %j %%', 'a', 42, { b: 1 }, 'extra'), util.inspect({ a: [1, 'x'], n: null }), sum,
        util.types.isDate(new Date()), util.types.isPromise(Promise.resolve()), util.isDeepStrictEqual({ a: [1] }, { a: [1] })])`);
    assert.deepEqual(v, [
      'a=42 {"b":1} % extra',
      "{ a: [ 1, 'x' ], n: null }",
      5,
      true,
      true,
      true,
    ]);
  });

  it('url, querystring, events, assert, string_decoder, and the node: prefix', async () => {
    const v =
      await value(`var url = require('url'), qs = require('querystring'), EventEmitter = require('node:events'), assert = require('assert');
      var parsed = url.parse('https://a.example:8443/p/q?x=1&y=2#h', true);
      var e = new EventEmitter(), got = []; e.on('x', function (v) { got.push(v) }); e.once('x', function (v) { got.push('once ' + v) }); e.emit('x', 1); e.emit('x', 2);
      var failed; try { assert.deepStrictEqual({ a: 1 }, { a: '1' }) } catch (err) { failed = err.name + ' ' + err.code }
      var StringDecoder = require('string_decoder').StringDecoder, d = new StringDecoder('utf8'), euro = Buffer.from('\u20ac');
      var text = d.write(euro.slice(0, 1)) + '|' + d.write(euro.slice(1)) + d.end();
      cb(null, [parsed.hostname, parsed.port, parsed.pathname, parsed.query.y, parsed.hash, url.format({ protocol: 'https', hostname: 'h.example', pathname: '/x', query: { a: 'b c' } }),
        qs.parse('a=1&a=2&b=%20x'), qs.stringify({ a: [1, 2], b: 'x y' }), got, failed, text, typeof require('https').request, typeof require('http').get])`);
    assert.deepEqual(v, [
      'a.example',
      '8443',
      '/p/q',
      '2',
      '#h',
      'https://h.example/x?a=b%20c',
      { a: ['1', '2'], b: ' x' },
      'a=1&a=2&b=x%20y',
      [1, 'once 1', 2],
      'AssertionError ERR_ASSERTION',
      '|\u20ac',
      'function',
      'function',
    ]);
  });

  it('child_process, worker_threads and unknown modules: a clear error naming the module; fs, net and tls load but fail when called; no process object', async () => {
    const v = await value(`var out = [];
      ['child_process', 'worker_threads', 'node:child_process', 'left-pad'].forEach(function (m) { try { require(m) } catch (e) { out.push(e.message) } });
      [function () { require('fs').readFileSync('/etc/passwd') }, function () { require('node:fs').promises.readFile('/x') },
       function () { require('fs').existsSync('/') }, function () { require('net').connect(80, '10.0.0.1') },
       function () { require('tls').connect(443, 'example.com') }, function () { require('zlib').gunzipSync('') }].forEach(function (f) { try { f() } catch (e) { out.push(e.message) } });
      var net = require('net');
      cb(null, [out, typeof process, net.isIP('127.0.0.1'), net.isIP('::1'), net.isIP('example.com'), require('fs').constants.F_OK])`);
    assert.deepEqual(v, [
      [
        'module child_process is not available in hooks',
        'module worker_threads is not available in hooks',
        'module node:child_process is not available in hooks',
        'module left-pad is not available in hooks',
        'fs.readFileSync is not available in hooks: hooks have no file system',
        'fs.promises.readFile is not available in hooks: hooks have no file system',
        'fs.existsSync is not available in hooks: hooks have no file system',
        'net.connect is not available in hooks: outbound HTTP goes through fetch, http and https',
        'tls.connect is not available in hooks: outbound HTTPS goes through fetch and https',
        'zlib.gunzipSync is not available in hooks (responses arrive already decoded)',
      ],
      'undefined',
      4,
      6,
      0,
      0,
    ]);
    const env = await pool.run({
      hookId: `nc${++n}`,
      version: '1',
      args: ARGS,
      script: hook(`cb(null, process.env.SECRET)`),
    });
    assert.ok(
      !env.ok &&
        env.message ===
          'process is not available in hooks (neither process.env nor any other part of the server process)',
      JSON.stringify(env),
    );
    assert.match(env.hint!, /context\.webtask\.secrets/);
  });

  it('stream: Readable, Writable, Transform, PassThrough, pipeline, finished, Readable.from, the legacy Stream base', async () => {
    const v = await value(`var stream = require('stream');
      var upper = new stream.Transform({ transform: function (chunk, enc, done) { done(null, String(chunk).toUpperCase()) } });
      var got = [];
      var sink = new stream.Writable({ write: function (chunk, enc, done) { got.push(String(chunk)); done() } });
      var source = stream.Readable.from(['a', 'b', 'c']);
      await require('stream/promises').pipeline(source, upper, new stream.PassThrough(), sink);
      var r = new stream.Readable({ read: function () {} }); r.push('x'); r.push(null);
      var text = ''; r.setEncoding('utf8');
      for await (var chunk of r) text += chunk;
      var finished = await new Promise(function (resolve) { var w = new stream.Writable({ write: function (c, e, d) { d() } }); stream.finished(w, function (err) { resolve(err === undefined ? 'finished' : String(err)) }); w.end('z') });
      cb(null, [got.join(''), text, finished, new stream.Readable() instanceof stream.Stream, stream.Stream === stream,
        typeof stream.Duplex, new stream.PassThrough() instanceof require('events')])`);
    assert.deepEqual(v, ['ABC', 'x', 'finished', true, true, 'function', true]);
  });

  it('path (POSIX), punycode, os, tty', async () => {
    const v = await value(`var path = require('path');
      cb(null, [path.join('/a/b', '../c', './d.json'), path.resolve('x', '/y', 'z'), path.dirname('/a/b/c.txt'), path.basename('/a/b/c.txt', '.txt'),
        path.extname('f.tar.gz'), path.relative('/a/b/c', '/a/d'), path.normalize('a//b/../c/'), path.isAbsolute('/x'), path.posix === path,
        require('punycode').toASCII('bücher.example'), require('os').EOL, require('tty').isatty(1)])`);
    assert.deepEqual(v, [
      '/a/c/d.json',
      '/y/z',
      '/a/b',
      'c',
      '.gz',
      '../../d',
      'a/c/',
      true,
      true,
      'xn--bcher-kva.example',
      '\n',
      false,
    ]);
  });

  it("without an egress policy the worker's fetch and http refuse with EGRESS_DISABLED", async () => {
    const v =
      await value(`var f; try { await fetch('https://example.com/') } catch (e) { f = [e.name, e.message, e.code] }
      require('https').get('https://example.com/', function () { cb(null, 'responded') }).on('error', function (e) { cb(null, [f, e.message, e.code]) })`);
    assert.deepEqual(v, [
      ['TypeError', 'outbound HTTP is not configured', 'EGRESS_DISABLED'],
      'outbound HTTP is not configured',
      'EGRESS_DISABLED',
    ]);
  });
});

describe('errors a person can act on', () => {
  it("carries the hook's own line and column (wrapper offset removed) and only the hook's frames, with a hint", async () => {
    const script = `module.exports = function (client, scope, audience, context, cb) { var org = context.nothing.org_id; cb(null) };`;
    const r = await pool.run({ hookId: `nc${++n}`, version: '1', script, args: ARGS });
    assert.ok(!r.ok);
    assert.equal(r.stack, `at hook.js:1:${script.indexOf('.org_id') + 1}`);
    assert.match(r.hint!, /undefined where the code reads org_id/);
    const nested = await pool.run({
      hookId: `nc${++n}`,
      version: '1',
      args: ARGS,
      script: `function helper(context) {\n  return context.body.missing.org_id;\n}\nmodule.exports = function (client, scope, audience, context, cb) {\n  cb(null, helper(context));\n};`,
    });
    assert.ok(!nested.ok);
    assert.match(nested.stack!, /^at helper \(hook\.js:2:\d+\)\nat hook\.js:5:\d+$/);
    assert.match(nested.hint!, /context\.body holds the token request's parameters/);
    const syntax = await pool.run({
      hookId: `nc${++n}`,
      version: '1',
      args: ARGS,
      script: 'var a = 1;\nmodule.exports = function (c, s, a, ctx, cb) {\n  cb(null, {)\n}',
    });
    assert.ok(!syntax.ok && syntax.kind === 'syntax', JSON.stringify(syntax));
    assert.match(syntax.message, /\(line 3, column \d+\)$/);
    const first = await pool.run({
      hookId: `nc${++n}`,
      version: '1',
      args: ARGS,
      script: 'module.exports = function (c) { return c +* 1 }',
    });
    assert.ok(
      !first.ok &&
        first.stack === `at hook.js:1:${'module.exports = function (c) { return c +'.length + 1}`,
      JSON.stringify(first),
    );
    const notFn = await pool.run({
      hookId: `nc${++n}`,
      version: '1',
      args: ARGS,
      script: hook(`console.nope('x')`),
    });
    assert.ok(!notFn.ok && /console has log, info/.test(notFn.hint!), JSON.stringify(notFn));
  });
});

describe('load time', () => {
  it("a run's loadMs is the time it loaded the script and evaluated modules, each counted once", async () => {
    const governor = new HeapGovernor(256 * 1024 * 1024);
    const quickjs = await loadQuickJS(governor);
    // 60 ms of modules while the script loads, 40 ms more in the first run.
    const script = `var a = require('at-load');
      module.exports = function (client, scope, audience, context, cb) { cb(null, [a, require('in-run')]); };`;
    const { set } = slowModules({ 'at-load': 60, 'in-run': 40 });
    const sb = new HookSandbox(quickjs, governor, DEFAULT_SANDBOX_LIMITS, '1', script, {}, set);
    try {
      const first = await sb.run({
        argsJson: JSON.stringify(ARGS),
        timeoutMs: 3000,
        maxResultBytes: 1000,
      });
      assert.equal(first.result.ok && first.result.valueJson, '["loaded","loaded"]');
      assert.ok(
        first.loadMs! >= 100 && first.loadMs! <= first.result.durationMs,
        JSON.stringify(first),
      );
      const warm = await sb.run({
        argsJson: JSON.stringify(ARGS),
        timeoutMs: 3000,
        maxResultBytes: 1000,
      });
      assert.equal(warm.loadMs, undefined);
    } finally {
      sb.dispose();
    }
  });
});

describe('host operations', () => {
  let quickjs: Awaited<ReturnType<typeof loadQuickJS>>;
  const governor = new HeapGovernor(256 * 1024 * 1024);
  before(async () => {
    quickjs = await loadQuickJS(governor);
  });

  async function runWith(
    ops: HostOps,
    body: string,
    limits: Partial<SandboxLimits> = {},
    timeoutMs = 2000,
  ): Promise<HookResult> {
    const sb = new HookSandbox(
      quickjs,
      governor,
      { ...DEFAULT_SANDBOX_LIMITS, ...limits },
      '1',
      hook(body),
      ops,
    );
    try {
      const { result } = await sb.run({
        argsJson: JSON.stringify(ARGS),
        timeoutMs,
        maxResultBytes: 100_000,
      });
      if (!result.ok) return result;
      return {
        ok: true,
        value: result.valueJson === undefined ? undefined : JSON.parse(result.valueJson),
        logs: result.logs,
        durationMs: result.durationMs,
      };
    } finally {
      sb.dispose();
    }
  }
  const echo: HostOps = {
    fetch: async (payload) => ({
      url: (payload as { url: string }).url,
      status: 200,
      statusText: 'OK',
      headers: [['content-type', 'text/plain']],
      bodyBase64: Buffer.from('hi').toString('base64'),
      redirected: false,
    }),
  };

  it('answers arrive as macrotasks, after the microtasks queued before them', async () => {
    const r = await runWith(
      echo,
      `var order = []; var p = fetch('https://x.example/'); Promise.resolve().then(function () { order.push('micro') });
      var res = await p; order.push('answer ' + res.status); cb(null, order)`,
    );
    assert.deepEqual(r.ok && r.value, ['micro', 'answer 200']);
  });

  it('bounds the calls of a run by count and by bytes', async () => {
    const count = await runWith(
      echo,
      `var out = [];
      for (var i = 0; i < 4; i++) { try { await fetch('https://x.example/' + i); out.push('ok') } catch (e) { out.push(e.code + ': ' + e.message) } }
      cb(null, out)`,
      { maxOps: 2 },
    );
    assert.deepEqual(count.ok && count.value, [
      'ok',
      'ok',
      'HOOK_LIMIT: too many outbound calls in one run (limit 2)',
      'HOOK_LIMIT: too many outbound calls in one run (limit 2)',
    ]);
    const bytes = await runWith(
      echo,
      `try { await fetch('https://x.example/', { method: 'POST', body: 'x'.repeat(5000) }) } catch (e) { cb(null, e.message) }`,
      { maxOpBytes: 1000 },
    );
    assert.equal(bytes.ok && bytes.value, 'outbound calls of one run moved more than 1000 bytes');
  });

  it("cuts a call off at the hook's deadline and aborts it", async () => {
    let aborted = false;
    let deadlineSeen = 0;
    const hang: HostOps = {
      fetch: (_payload, run) => {
        deadlineSeen = run.deadline;
        return new Promise(() => run.signal.addEventListener('abort', () => (aborted = true)));
      },
    };
    const t0 = Date.now();
    const r = await runWith(
      hang,
      `await fetch('https://slow.example/'); cb(null, 'never')`,
      {},
      300,
    );
    assert.ok(!r.ok && r.kind === 'timeout', JSON.stringify(r));
    assert.ok(
      deadlineSeen >= t0 + 250 && deadlineSeen <= Date.now() + 50,
      `deadline ${deadlineSeen - t0}`,
    );
    assert.equal(aborted, true);
  });

  it('an unknown operation and a rejected operation come back as errors the hook can catch', async () => {
    const failing: HostOps = {
      fetch: async () => {
        throw Object.assign(new Error('connection refused by policy'), { code: 'EGRESS_DENIED' });
      },
    };
    const r = await runWith(
      failing,
      `try { await fetch('https://x.example/') } catch (e) { cb(null, [e.name, e.code, e.message]) }`,
    );
    assert.deepEqual(r.ok && r.value, [
      'TypeError',
      'EGRESS_DENIED',
      'connection refused by policy',
    ]);
  });

  describe('fetch and http(s) against a real server on 127.0.0.1', () => {
    let server: Server;
    let base = '';
    // The test's op: real HTTP, loopback only (the egress policy is another module's job).
    const loopback: HostOps = {
      fetch: async (payload, run) => {
        const req = payload as {
          url: string;
          method: string;
          headers: [string, string][];
          bodyBase64?: string;
        };
        if (new URL(req.url).hostname !== '127.0.0.1')
          return {
            error: {
              code: 'EGRESS_DENIED',
              message: `${new URL(req.url).hostname} is not allowed`,
            },
          };
        const res = await fetch(req.url, {
          method: req.method,
          headers: req.headers,
          body: req.bodyBase64 ? Buffer.from(req.bodyBase64, 'base64') : undefined,
          signal: run.signal,
        });
        return {
          url: res.url,
          status: res.status,
          statusText: res.statusText,
          headers: [...res.headers],
          bodyBase64: Buffer.from(await res.arrayBuffer()).toString('base64'),
          redirected: res.redirected,
        };
      },
    };
    before(async () => {
      server = createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          if (req.url === '/redirect') {
            res.writeHead(302, { location: '/json' }).end();
            return;
          }
          res.setHeader('content-type', 'application/json');
          res.setHeader('x-echo', String(req.headers['x-test'] ?? ''));
          res.end(
            JSON.stringify({
              method: req.method,
              url: req.url,
              body,
              auth: req.headers.authorization ?? null,
            }),
          );
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('fetch: method, headers, body, Response.json/text/arrayBuffer, redirects', async () => {
      const r = await runWith(
        loopback,
        `
        var res = await fetch('${base}/json?x=1', { method: 'POST', headers: { 'X-Test': 'yes', 'content-type': 'application/json' }, body: JSON.stringify({ a: 1 }) });
        var json = await res.json();
        var red = await fetch('${base}/redirect');
        var buf = await (await fetch(new Request('${base}/bytes'))).arrayBuffer();
        var denied; try { await fetch('http://127.0.0.2/') } catch (e) { denied = e.message }
        cb(null, [res.status, res.ok, res.headers.get('X-Echo'), res.headers.get('content-type'), json, red.redirected, red.url.endsWith('/json'), (await red.json()).method, buf.byteLength > 0, denied])`,
      );
      assert.deepEqual(r.ok && r.value, [
        200,
        true,
        'yes',
        'application/json',
        { method: 'POST', url: '/json?x=1', body: '{"a":1}', auth: null },
        true,
        true,
        'GET',
        true,
        '127.0.0.2 is not allowed',
      ]);
    });

    it("http.request and https.get: callback style with 'response', 'data', 'end' and 'error' events", async () => {
      const r = await runWith(
        loopback,
        `var http = require('http');
        var req = http.request('${base}/cb', { method: 'PUT', headers: { 'x-test': 'h' }, auth: 'u:p' }, function (res) {
          var chunks = ''; res.setEncoding('utf8');
          res.on('data', function (c) { chunks += c });
          res.on('end', function () {
            require('https').get('https://example.com/', function () { cb(null, 'unexpected') }).on('error', function (e) {
              cb(null, [res.statusCode, res.headers['x-echo'], JSON.parse(chunks), e.message])
            })
          });
        });
        req.on('error', function (e) { cb(e) });
        req.write('part1,'); req.end('part2');`,
      );
      assert.deepEqual(r.ok && r.value, [
        200,
        'h',
        {
          method: 'PUT',
          url: '/cb',
          body: 'part1,part2',
          auth: `Basic ${Buffer.from('u:p').toString('base64')}`,
        },
        'example.com is not allowed',
      ]);
    });
  });
});

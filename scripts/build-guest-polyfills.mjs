// Writes src/server/hooks/sandbox/guest-polyfills.ts: Node built-ins for hook code taken from
// well-kept polyfills instead of written by hand, as CommonJS sources the guest evaluates on
// first use (like guest-lib.ts):
// - `stream`: readable-stream 3 (Node 10's streams), bundled with esbuild, on a legacy `Stream`
//   base class as in Node (readable-stream's own base is a bare EventEmitter);
// - `punycode`: the punycode package's CommonJS file, unchanged.
// Run `node scripts/build-guest-polyfills.mjs` after changing either devDependency's version;
// `--check` only compares (a sandbox test runs it).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const OUT = 'src/server/hooks/sandbox/guest-polyfills.ts';
const version = (name) => require(`${name}/package.json`).version;

// Node's lib/internal/streams/legacy.js: the base of every stream, with the old pipe().
const LEGACY = `
var EE = require('events');
function Stream(opts) { EE.call(this, opts); }
Object.setPrototypeOf(Stream.prototype, EE.prototype);
Object.setPrototypeOf(Stream, EE);
Stream.prototype.pipe = function (dest, options) {
  var source = this;
  function ondata(chunk) { if (dest.writable && dest.write(chunk) === false && source.pause) source.pause(); }
  source.on('data', ondata);
  function ondrain() { if (source.readable && source.resume) source.resume(); }
  dest.on('drain', ondrain);
  if (!dest._isStdio && (!options || options.end !== false)) { source.on('end', onend); source.on('close', onclose); }
  var didOnEnd = false;
  function onend() { if (didOnEnd) return; didOnEnd = true; dest.end(); }
  function onclose() { if (didOnEnd) return; didOnEnd = true; if (typeof dest.destroy === 'function') dest.destroy(); }
  function onerror(er) { cleanup(); if (EE.listenerCount ? EE.listenerCount(this, 'error') === 0 : this.listeners('error').length === 0) this.emit('error', er); }
  source.prependListener('error', onerror);
  dest.prependListener('error', onerror);
  function cleanup() {
    source.removeListener('data', ondata); dest.removeListener('drain', ondrain);
    source.removeListener('end', onend); source.removeListener('close', onclose);
    source.removeListener('error', onerror); dest.removeListener('error', onerror);
    source.removeListener('end', cleanup); source.removeListener('close', cleanup); dest.removeListener('close', cleanup);
  }
  source.on('end', cleanup); source.on('close', cleanup); dest.on('close', cleanup);
  dest.emit('pipe', source);
  return dest;
};
module.exports = Stream;
`;

// The module the guest gets for require('stream'), shaped like Node's.
const ENTRY = `
var Stream = require('guest:legacy');
Stream.Stream = Stream;
Stream.Readable = require('readable-stream/lib/_stream_readable.js');
Stream.Writable = require('readable-stream/lib/_stream_writable.js');
Stream.Duplex = require('readable-stream/lib/_stream_duplex.js');
Stream.Transform = require('readable-stream/lib/_stream_transform.js');
Stream.PassThrough = require('readable-stream/lib/_stream_passthrough.js');
Stream.finished = require('readable-stream/lib/internal/streams/end-of-stream.js');
Stream.pipeline = require('readable-stream/lib/internal/streams/pipeline.js');
Stream.promises = {
  pipeline: function () { var args = Array.prototype.slice.call(arguments); return new Promise(function (resolve, reject) { Stream.pipeline.apply(null, args.concat([function (err, value) { if (err) reject(err); else resolve(value); }])); }); },
  finished: function (s, opts) { return new Promise(function (resolve, reject) { Stream.finished(s, opts || {}, function (err) { if (err) reject(err); else resolve(); }); }); },
};
Stream.isReadable = function (s) { return !!(s && s.readable && !s.destroyed); };
Stream.isErrored = function (s) { return !!(s && s._readableState && s._readableState.errored); };
Stream.isDisturbed = function (s) { return !!(s && s._readableState && (s._readableState.endEmitted || s._readableState.pipes && s._readableState.pipes.length)); };
module.exports = Stream;
`;

const guestBuiltins = ['events', 'buffer', 'util', 'string_decoder', 'assert'];
const result = await build({
  stdin: { contents: ENTRY, resolveDir: process.cwd(), sourcefile: 'stream.js' },
  bundle: true,
  write: false,
  format: 'cjs',
  platform: 'node',
  target: 'es2020',
  legalComments: 'inline',
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  plugins: [
    {
      name: 'guest',
      setup(b) {
        b.onResolve({ filter: /^guest:legacy$/ }, () => ({ path: 'legacy', namespace: 'guest' }));
        b.onLoad({ filter: /.*/, namespace: 'guest' }, () => ({
          contents: LEGACY,
          loader: 'js',
          resolveDir: process.cwd(),
        }));
        // readable-stream's base class (stream.js requires Node's own stream) is the legacy Stream.
        b.onResolve({ filter: /\/internal\/streams\/stream(\.js)?$/ }, () => ({
          path: 'legacy',
          namespace: 'guest',
        }));
        // Node's built-ins stay require() calls: the guest answers them with its own modules.
        b.onResolve({ filter: /^(events|buffer|util|string_decoder\/?|assert)$/ }, (args) => ({
          path: args.path.replace(/\/$/, ''),
          external: true,
        }));
        b.onResolve({ filter: /^(worker_threads)$/ }, () => ({ path: 'x', namespace: 'empty' }));
        b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({
          contents: 'module.exports = {};',
        }));
      },
    },
  ],
});
const streamSource = `var process = require('_process');\n${result.outputFiles[0].text}`;
for (const m of streamSource.matchAll(/require\("([^"]+)"\)/g))
  if (!guestBuiltins.includes(m[1])) throw new Error(`stream bundle requires ${m[1]}`);

const punycodeSource = fs.readFileSync(
  path.join(path.dirname(require.resolve('punycode/package.json')), 'punycode.js'),
  'utf8',
);

const text = `// Generated by scripts/build-guest-polyfills.mjs from readable-stream ${version('readable-stream')} and
// punycode ${version('punycode')} (both MIT licensed); do not edit. Sources are evaluated inside the guest
// like guest-lib.ts's modules.

/** Guest module sources taken from polyfill packages. */
export const GUEST_POLYFILLS: Readonly<Record<string, string>> = {
  stream: ${JSON.stringify(streamSource)},
  punycode: ${JSON.stringify(punycodeSource)},
};
`;
const formatted = execFileSync('npx', ['prettier', '--stdin-filepath', OUT], {
  input: text,
  encoding: 'utf8',
});
if (process.argv.includes('--check')) {
  // Exit code 1 when the committed file is not what the installed packages give.
  const current = fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8') : '';
  if (current !== formatted) {
    console.error(`${OUT} is out of date: run node scripts/build-guest-polyfills.mjs`);
    process.exit(1);
  }
} else {
  fs.writeFileSync(OUT, formatted);
  console.log(`${OUT}: ${(fs.statSync(OUT).size / 1024).toFixed(1)} KiB`);
}

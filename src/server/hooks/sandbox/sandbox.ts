// One QuickJS runtime + context running one hook (hookId, version).
//
// Isolation model: every hook gets its own QuickJSRuntime (own heap, own
// interrupt handler, own limits) and a single context in it. Hosts objects
// never enter the VM: the guest sees only values it created itself plus three
// tiny host functions that are reachable solely through the prelude's closure
// and accept/return primitives. Arguments enter as one JSON string, results
// leave as one JSON string.
//
// Node-only (uses Buffer); independent of worker_threads so it can be
// benchmarked and unit-tested directly.

import {
  newQuickJSWASMModuleFromVariant,
  newVariant,
  RELEASE_SYNC,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSRuntime,
  type QuickJSWASMModule,
} from 'quickjs-emscripten';
import {
  APPENDED_CODE_MARK,
  type FailureKind,
  type HookModuleSet,
  type LogLevel,
  type LogLine,
  type WireResult,
} from './protocol.js';
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { GUEST_MODULES } from './guest-lib.js';
import { GUEST_POLYFILLS } from './guest-polyfills.js';
import { opError, type HostOps } from './host-ops.js';
import { decodeResult, jsonDepth, MAX_RESULT_DEPTH, tooDeep } from './result-json.js';
import { resolveHookModule } from './module-resolve.js';
import { parseSpecifier } from '../modules/specifiers.js';
import { hookErrorClassNames } from '@/shared/hook-contract';

const WASM_PAGE = 65536;
// The prebuilt variant asks for 16 MiB initially; an imported memory must be at least that.
const INITIAL_PAGES = 256;

/**
 * Owns the WebAssembly.Memory of one QuickJS wasm module and decides whether it may grow.
 *
 * Why: in quickjs-emscripten `runtime.setMemoryLimit()` only bounds a *single*
 * allocation. QuickJS accounts each block as `malloc_usable_size(ptr) + 8` and
 * emscripten has no usable size, so the running total only counts 8 bytes per
 * block (upstream issue justjake/quickjs-emscripten#271). A `while(true)
 * a.push(new Array(1e6).fill(1))` therefore grows the wasm heap to its 2 GiB
 * maximum. The real cap has to be on linear-memory growth: emscripten's
 * `emscripten_resize_heap` calls `memory.grow()` from JS and treats a throw as
 * "no memory", so malloc returns NULL and QuickJS raises a catchable
 * `InternalError: out of memory` inside the guest. Nothing is corrupted.
 *
 * Two limits: the Memory's `maximum` (hard, whole worker) and a per-run growth
 * budget (the heap may grow by at most `budget` bytes while one run executes).
 * Memory freed by disposed runtimes is reused without growing, so a run can use
 * more than its budget if the free list is large, but never more than the cap.
 */
export class HeapGovernor {
  readonly memory: WebAssembly.Memory;
  private base = 0;
  private budget = Number.POSITIVE_INFINITY;
  /** The most recent growth attempt was refused (emscripten retries smaller sizes, so only the last one counts). */
  private lastRefused = false;
  private refusedThisRun = false;

  constructor(maxBytes: number) {
    const maximum = Math.max(INITIAL_PAGES, Math.floor(maxBytes / WASM_PAGE));
    this.memory = new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum });
    const protoGrow = WebAssembly.Memory.prototype.grow;
    const memory = this.memory;
    // An own property shadows the prototype method; emscripten calls `wasmMemory.grow(n)`.
    Object.defineProperty(memory, 'grow', {
      value: (deltaPages: number): number => {
        const next = memory.buffer.byteLength + deltaPages * WASM_PAGE;
        if (next - this.base > this.budget) {
          this.lastRefused = true;
          throw new RangeError('hook heap budget exceeded');
        }
        try {
          const previous = protoGrow.call(memory, deltaPages);
          this.lastRefused = false;
          return previous;
        } catch (err) {
          this.lastRefused = true; // above `maximum`
          throw err;
        }
      },
    });
  }

  get heapBytes(): number {
    return this.memory.buffer.byteLength;
  }

  beginRun(budgetBytes: number): void {
    this.base = this.memory.buffer.byteLength;
    this.budget = budgetBytes;
    this.lastRefused = false;
    this.refusedThisRun = false;
  }

  /** Call right after an engine error or at the end of a run. */
  noteOutcome(): boolean {
    if (this.lastRefused) this.refusedThisRun = true;
    return this.refusedThisRun;
  }

  endRun(): boolean {
    const refused = this.noteOutcome();
    this.budget = Number.POSITIVE_INFINITY;
    return refused;
  }

  /**
   * A run waits (a timer, a host operation) and others may run meanwhile: what it grew so far
   * is set aside, and counted again by resume(), so its budget holds across the wait.
   */
  suspend(): SuspendedHeapRun {
    const refused = this.noteOutcome();
    const held = { grown: this.memory.buffer.byteLength - this.base, budget: this.budget, refused };
    this.budget = Number.POSITIVE_INFINITY;
    return held;
  }

  resume(held: SuspendedHeapRun): void {
    this.base = this.memory.buffer.byteLength - held.grown;
    this.budget = held.budget;
    this.lastRefused = false;
    this.refusedThisRun = held.refused;
  }
}

/** A waiting run's share of the heap (HeapGovernor.suspend). */
export interface SuspendedHeapRun {
  grown: number;
  budget: number;
  refused: boolean;
}

/** Loads the (sync, release) QuickJS wasm module bound to the governor's memory. Do this once per worker. */
export function loadQuickJS(governor: HeapGovernor): Promise<QuickJSWASMModule> {
  return newQuickJSWASMModuleFromVariant(newVariant(RELEASE_SYNC, { wasmMemory: governor.memory }));
}

export interface SandboxLimits {
  memoryLimitBytes: number;
  maxStackBytes: number;
  maxLogLines: number;
  maxLogChars: number;
  maxTimers: number;
  /** Host operations (fetch, …) one run may start. */
  maxOps: number;
  /** Bytes of host-operation payloads and answers (JSON) one run may move. */
  maxOpBytes: number;
}

export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = {
  memoryLimitBytes: 32 * 1024 * 1024,
  // 256 KiB of QuickJS stack (~1500 plain JS frames). Larger values let deep
  // recursion in the *parser* (eval of "((((...") overflow V8's native stack
  // before QuickJS notices; see README/report. Pair with a worker stack of 16 MiB.
  maxStackBytes: 256 * 1024,
  maxLogLines: 100,
  maxLogChars: 1024,
  maxTimers: 1000,
  maxOps: 50,
  maxOpBytes: 8 * 1024 * 1024,
};

export interface SandboxRunInput {
  argsJson: string;
  timeoutMs: number;
  maxResultBytes: number;
  testDisableInterrupt?: boolean;
  /** Told when the run starts (true) and stops (false) waiting for a timer or a host operation. */
  onWait?: (waiting: boolean) => void;
}

export interface SandboxOutcome {
  result: WireResult;
  /** False when the context must be discarded (failure other than cb(err), OOM seen, deadline hit). */
  keep: boolean;
  /** The wasm module itself is suspect (host-level exception): the worker must be replaced. */
  fatal: boolean;
  /**
   * QuickJS may have lost count of this runtime's objects: the heap's growth was refused while a
   * promise job ran (an out-of-memory error there becomes a rejection, and QuickJS's unwinding
   * leaks references). JS_FreeRuntime would then abort the whole wasm module on its leak
   * assertion, so the runtime is dropped without it (`dispose({ runtime: false })`).
   */
  suspect: boolean;
  /** Of the run's durationMs, the time it waited for a timer or a host operation. */
  waitedMs?: number;
  /**
   * Of the run's durationMs, the time it loaded the script (a context's first run) and evaluated
   * the modules it required for the first time there (MODULE_LOAD_ALLOWANCE_MS).
   */
  loadMs?: number;
}

interface Failure {
  kind: FailureKind;
  name?: string;
  message: string;
  stack?: string;
}

type Settled =
  | { kind: 'ok'; valueJson: string | undefined }
  | { kind: 'too-large' }
  | { kind: 'error' | 'runtime'; name: string; message: string; stack: string };

interface PendingTimer {
  id: number;
  due: number;
}

interface RunState {
  id: number;
  logs: LogLine[];
  logsDropped: boolean;
  settled: Settled | null;
  timers: PendingTimer[];
  /** Work of this run was cut off (jobs at the deadline, timers after cb): its context is not reused. */
  dirty: boolean;
  /** Host operations in flight, by guest id. */
  ops: Map<number, AbortController>;
  /** Answers (JSON) waiting to be delivered, oldest first. */
  answers: { id: number; json: string }[];
  opCount: number;
  opBytes: number;
  /** Time this run spent loading the script (its top-level code), the first run of a context. */
  loadMs: number;
  /** Time this run spent evaluating modules it required for the first time in this context. */
  moduleLoadMs: number;
  /** Since when a module is being evaluated (set while one is). */
  moduleLoadSince: number | undefined;
  /** Set while the run waits for a timer or an answer; an answer calls it. */
  wake: (() => void) | undefined;
  /** The heap's growth was refused while promise jobs ran (SandboxOutcome.suspect). */
  oomInJob: boolean;
  /** The last error thrown in a promise callback before the run settled (the prelude's `watched`). */
  thrown: { name: string; message: string; stack: string } | undefined;
}

/** Nothing is runnable before `until` (a timer, or the deadline) unless a host operation answers. */
interface Wait {
  until: number;
}

/** The prelude's error classes, one per declared class: `name` is the class's own name. */
const ERROR_CLASSES = hookErrorClassNames
  .map(
    (name) => `  class ${name} extends Error {
    constructor(message) { super(message); this.name = this.constructor.name; }
  }
  define('${name}', ${name});`,
  )
  .join('\n');

const LOG_LEVELS: readonly LogLevel[] = ['log', 'info', 'warn', 'error'];

// The prelude runs once per context, before any hook code, and captures the
// builtins it relies on so that later tampering by the hook (JSON.stringify =
// ..., Array.prototype.push = ..., Error.prepareStackTrace = ...) can only
// break the hook's own result, never the protocol with the host. It returns the
// three entry points the host calls; the host functions it receives are never
// put on the global object.
const PRELUDE = String.raw`(function (hostSettle, hostLog, hostTimer, hostCrypto, hostCodec, hostOp, hostSource, hostResolve, hostFile, hostLoading) {
  'use strict';
  var G = globalThis;
  var apply = Reflect.apply;
  var stringify = JSON.stringify;
  var parse = JSON.parse;
  var create = Object.create;
  var defineProperty = Object.defineProperty;
  var String_ = String;
  var ErrorCtor = Error;
  var TypeErrorCtor = TypeError;
  var strSlice = String.prototype.slice;
  var objectKeys = Object.keys;
  var geval = G.eval; // indirect: built-in modules are evaluated in the global scope
  var PromiseCtor = Promise;
  var promiseThen = Promise.prototype.then;
  var resolved = Promise.resolve();
  var strSplit = String.prototype.split;
  var strIndexOf = String.prototype.indexOf;
  var reExec = RegExp.prototype.exec;
  var dateNow = Date.now;
  // Taken before hook code runs: throws for anything that is not a real ArrayBuffer.
  var byteLengthOf = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength').get;
  var MAX_TEXT = 1024; // pre-cap before crossing to the host, which applies maxLogChars
  var MAX_DEPTH = ${MAX_RESULT_DEPTH};

  function define(name, value) {
    defineProperty(G, name, { value: value, writable: true, configurable: true, enumerable: false });
  }
  function clip(s, n) {
    return s.length > n ? apply(strSlice, s, [0, n]) + '\u2026' : s;
  }
  // Where hook code ends inside hook.js (an Actions adapter may follow) and how much of line 1 is wrapper.
  var hookLines = 0, wrapperColumns = 0;
  var FRAME = /^\s*at (.*?)\s*\(?hook\.js:(\d+):?(\d*)\)?$/;
  // The hook's own frames of a stack, with line 1's columns counted from the hook's first character.
  function hookFrames(stack) {
    if (typeof stack !== 'string') return '';
    var lines = apply(strSplit, stack, ['\n']), out = '';
    for (var i = 0, kept = 0; i < lines.length && kept < 5; i++) {
      var m = apply(reExec, FRAME, [lines[i]]);
      if (!m) continue;
      var line = +m[2], col = m[3] === '' ? 0 : +m[3];
      if (line > hookLines) continue;
      if (line === 1 && col > wrapperColumns) col -= wrapperColumns;
      var where = 'hook.js:' + line + (col ? ':' + col : '');
      var fn = m[1] === '<anonymous>' || m[1] === '' || m[1] === '<eval>' ? '' : m[1];
      out += (kept++ ? '\n' : '') + 'at ' + (fn ? fn + ' (' + where + ')' : where);
    }
    return out;
  }
  // Never lets an exception escape: getters on a hostile error object may throw.
  function describe(e) {
    var name = 'Error', message, stack = '';
    try {
      if (e !== null && (typeof e === 'object' || typeof e === 'function')) {
        var n = e.name, m = e.message;
        if (typeof n === 'string' && n) name = n;
        message = typeof m === 'string' ? m : String_(e);
        stack = hookFrames(e.stack);
      } else {
        message = String_(e);
      }
    } catch (x) {
      message = 'unprintable error';
    }
    return { name: clip(name, 100), message: clip(message, MAX_TEXT), stack: clip(stack, MAX_TEXT) };
  }
  function text(v) {
    if (typeof v === 'string') return v;
    try {
      if (v !== null && typeof v === 'object' && !(v instanceof ErrorCtor)) {
        var j = stringify(v);
        if (typeof j === 'string') return j;
      }
      return String_(v);
    } catch (x) {
      return '[unprintable]';
    }
  }

  // --- error classes of the Auth0 extensibility API (shared/hook-contract.ts) ---
${ERROR_CLASSES}

  // --- per-run state ---------------------------------------------------------
  var runId = 0;
  var logsOpen = true;
  var timers = create(null);
  var nextTimerId = 1;
  var currentModule = { exports: {} };

  function fail(rid, e) {
    var d = describe(e);
    hostSettle(rid, 'runtime', d.name, d.message, d.stack);
  }

  // An error thrown in a promise callback (then, catch, finally) becomes a rejection that QuickJS
  // reports nowhere; the host keeps the run's last one for a run that ends without cb.
  var promiseThen = Promise.prototype.then;
  function watched(f) {
    if (typeof f !== 'function') return f;
    return function (value) {
      try {
        return apply(f, this, [value]);
      } catch (e) {
        var d = describe(e);
        hostSettle(runId, 'thrown', d.name, d.message, d.stack);
        throw e;
      }
    };
  }
  defineProperty(Promise.prototype, 'then', {
    value: function then(onFulfilled, onRejected) {
      return apply(promiseThen, this, [watched(onFulfilled), watched(onRejected)]);
    },
    writable: true,
    configurable: true,
    enumerable: false,
  });

  // --- built-in modules (guest-lib.ts), evaluated the first time they are used ---------
  var modules = create(null);
  // Texts to bytes ('utf8e', 'b64d': (op, string)) and byte runs to text ('utf8d', 'b64e',
  // 'b64ue': (op, arrayBuffer, start, end)) by the host; undefined when it does not apply.
  function codec(op, a, start, end) {
    if (typeof a === 'string') return op === 'utf8e' || op === 'b64d' ? hostCodec(op, a, a.length) : undefined;
    var n;
    try {
      n = apply(byteLengthOf, a, []);
    } catch (e) {
      return undefined;
    }
    if (!(start >= 0 && start < end && end <= n) || start % 1 !== 0 || end % 1 !== 0) return undefined;
    // The host copies the whole buffer: not for a short run of a large one.
    if (n > 2 * (end - start) + 65536) return undefined;
    return hostCodec(op, a, start, end);
  }
  var host = {
    crypto: hostCrypto,
    codec: codec,
    call: callOp,
    console: {
      emit: function (level, out) { emit(level, out); },
      format: format,
      hookFrames: hookFrames,
      indent: function (by) { groupIndent = by > 0 ? groupIndent + '  ' : apply(strSlice, groupIndent, [2]); },
    },
  };
  function builtin(name) {
    var m = modules[name];
    if (m) return m.exports;
    var src = hostSource(String_(name));
    if (typeof src !== 'string') throw new ErrorCtor('module ' + String_(name) + ' is not available in hooks');
    m = { exports: {} };
    modules[name] = m;
    loading(function () {
      var factory = geval('(function (module, exports, require, host) {' + src + '\n})');
      apply(factory, m.exports, [m, m.exports, builtin, host]);
    });
    return m.exports;
  }
  // Evaluating a module (built-in or npm) the first time: the host counts it as loading, like the
  // hook's own script, not as the run's own work. Nested loads count once.
  var loadDepth = 0;
  function loading(evaluate) {
    if (loadDepth++ === 0) hostLoading(1);
    try {
      evaluate();
    } finally {
      if (--loadDepth === 0) hostLoading(0);
    }
  }
  // A global made on first use: hooks that never touch it pay nothing.
  function lazy(name, make) {
    defineProperty(G, name, {
      configurable: true, enumerable: false,
      get: function () { var v = make(); define(name, v); return v; },
      set: function (v) { define(name, v); },
    });
  }
  function lazyFrom(module, names) {
    for (var i = 0; i < names.length; i++) (function (n) { lazy(n, function () { return builtin(module)[n]; }); })(names[i]);
  }
  lazyFrom('buffer', ['Buffer']);
  lazyFrom('url', ['URL', 'URLSearchParams']);
  lazyFrom('_text', ['TextEncoder', 'TextDecoder', 'atob', 'btoa']);
  lazyFrom('_abort', ['AbortController', 'AbortSignal', 'EventTarget', 'Event']);
  lazyFrom('_clone', ['structuredClone']);
  lazyFrom('_fetch', ['fetch', 'Headers', 'Request', 'Response', 'FormData', 'Blob', 'File']);
  lazy('Intl', function () { return builtin('_intl'); });
  lazy('crypto', function () { return builtin('crypto').webcrypto; });
  define('global', G);
  // V8's Error.captureStackTrace, which npm modules call in their error classes.
  defineProperty(ErrorCtor, 'captureStackTrace', {
    value: function captureStackTrace(obj) { if (obj !== null && typeof obj === 'object') obj.stack = new ErrorCtor().stack; },
    writable: true, configurable: true, enumerable: false,
  });

  // --- console ---------------------------------------------------------------
  function format(args) {
    var out = '';
    for (var i = 0; i < args.length && out.length <= MAX_TEXT; i++) out += (i ? ' ' : '') + text(args[i]);
    return out;
  }
  var groupIndent = '';
  function emit(level, out) {
    if (!logsOpen) return;
    logsOpen = hostLog(level, clip(groupIndent + out, MAX_TEXT));
  }
  function logger(level) {
    return function () { if (logsOpen) emit(level, format(arguments)); };
  }
  // The rest of Node's console (dir, table, trace, time, …) is compiled on first use (guest-lib.ts).
  var consoleObj = { log: logger(0), info: logger(1), warn: logger(2), error: logger(3), debug: logger(0) };
  var EXTRAS = ['dir', 'dirxml', 'table', 'trace', 'assert', 'time', 'timeEnd', 'timeLog', 'count', 'countReset', 'group', 'groupCollapsed', 'groupEnd'];
  for (var e = 0; e < EXTRAS.length; e++) (function (n) {
    function set(v) { defineProperty(consoleObj, n, { value: v, writable: true, configurable: true, enumerable: true }); }
    defineProperty(consoleObj, n, { configurable: true, enumerable: true, set: set, get: function () { var f = builtin('_console')[n]; set(f); return f; } });
  })(EXTRAS[e]);
  define('console', consoleObj);

  // --- timers (the host keeps the queue and decides when one is due) --------
  function rest(args, from) { var r = []; for (var i = from; i < args.length; i++) r[r.length] = args[i]; return r; }
  function Timeout(id) { this._id = id; }
  Timeout.prototype.ref = function () { return this; };
  Timeout.prototype.unref = function () { return this; };
  Timeout.prototype.hasRef = function () { return true; };
  Timeout.prototype[Symbol.toPrimitive] = function () { return this._id; };
  function schedule(id, fn, args, ms, repeat) {
    if (!hostTimer(runId, id, ms)) throw new ErrorCtor('Too many pending timers');
    timers[id] = { fn: fn, args: args, ms: ms, repeat: repeat };
  }
  function timer(fn, delay, args, repeat) {
    if (typeof fn !== 'function') throw new TypeErrorCtor('The "callback" argument must be of type function');
    var ms = +delay;
    if (!(ms >= 1) || ms > 2147483647) ms = 1; // Node's clamping
    var id = nextTimerId++;
    schedule(id, fn, args, ms, repeat);
    return new Timeout(id);
  }
  function setTimeout_(fn, delay) { return timer(fn, delay, rest(arguments, 2), false); }
  function setInterval_(fn, delay) { return timer(fn, delay, rest(arguments, 2), true); }
  function setImmediate_(fn) { return timer(fn, 0, rest(arguments, 1), false); }
  function clearTimeout_(t) {
    var id = t instanceof Timeout ? t._id : t;
    if (typeof id !== 'number' || !timers[id]) return;
    delete timers[id];
    hostTimer(runId, id, -1);
  }
  function queueMicrotask_(fn) {
    if (typeof fn !== 'function') throw new TypeErrorCtor('The "callback" argument must be of type function');
    var rid = runId;
    apply(promiseThen, resolved, [function () { try { fn(); } catch (e) { fail(rid, e); } }]);
  }
  define('setTimeout', setTimeout_);
  define('clearTimeout', clearTimeout_);
  define('setInterval', setInterval_);
  define('clearInterval', clearTimeout_);
  define('setImmediate', setImmediate_);
  define('clearImmediate', clearTimeout_);
  define('queueMicrotask', queueMicrotask_);

  // --- host operations: answers arrive as macrotasks (deliverOp) ----------------
  var pendingOps = create(null);
  var nextOpId = 1;
  function callOp(name, payload) {
    var json;
    try {
      json = stringify(payload);
    } catch (e) {
      return new PromiseCtor(function (resolve, reject) { reject(e); });
    }
    return new PromiseCtor(function (resolve) {
      var id = nextOpId++;
      var refused = hostOp(runId, id, String_(name), typeof json === 'string' ? json : 'null');
      if (refused) resolve({ error: { code: 'HOOK_LIMIT', message: refused } });
      else pendingOps[id] = resolve;
    });
  }

  // --- CommonJS surface -------------------------------------------------------
  var PUBLIC = create(null);
  var names = ['assert', 'assert/strict', 'buffer', 'crypto', 'events', 'fs', 'http', 'https', 'net', 'os', 'path', 'punycode', 'querystring', 'stream', 'string_decoder', 'timers', 'timers/promises', 'tls', 'tty', 'url', 'util', 'zlib'];
  for (var k = 0; k < names.length; k++) PUBLIC[names[k]] = true;
  function builtinOf(n) {
    var bare = apply(strIndexOf, n, ['node:']) === 0 ? apply(strSlice, n, [5]) : n;
    if (bare === 'assert/strict') bare = 'assert';
    if (bare === 'util/types') return builtin('util').types;
    if (bare === 'stream/promises') return builtin('stream').promises;
    if (bare === 'path/posix') return builtin('path');
    if (bare === 'fs/promises') return builtin('fs').promises;
    if (PUBLIC[bare]) return builtin(bare);
    return undefined;
  }
  // The hook's npm modules: the host resolves a request (Node's algorithm over the version's
  // virtual node_modules tree) and hands over the file's text; each file is evaluated once per
  // context, as CommonJS, and cached before it runs so that cycles see partial exports as in Node.
  var moduleCache = create(null);
  var strLastIndexOf = String.prototype.lastIndexOf;
  var strCharCodeAt = String.prototype.charCodeAt;
  var SyntaxErrorCtor = SyntaxError;
  var ESM = /^[ \t]*(import[ \t{*'"]|export[ \t{*])/m;
  function makeRequire(from) {
    return function require(name) {
      var n = String_(name);
      var b = builtinOf(n);
      if (b !== undefined) return b;
      var p = hostResolve(from, n);
      if (typeof p !== 'string') throw new ErrorCtor('module ' + n + ' is not available in hooks');
      if (apply(strIndexOf, p, ['!']) === 0) throw new ErrorCtor(apply(strSlice, p, [1]));
      return loadFile(p);
    };
  }
  function loadFile(p) {
    var cached = moduleCache[p];
    if (cached) return cached.exports;
    var src = hostFile(p);
    if (typeof src !== 'string') throw new ErrorCtor('module file ' + p + ' is not available in hooks');
    var dot = apply(strLastIndexOf, p, ['.']);
    if (apply(strSlice, p, [dot]) === '.json') {
      var value;
      try {
        value = parse(src);
      } catch (e) {
        throw new ErrorCtor(p + ': ' + String_(e && e.message));
      }
      moduleCache[p] = { exports: value };
      return value;
    }
    var slash = apply(strLastIndexOf, p, ['/']);
    var dir = slash > 0 ? apply(strSlice, p, [0, slash]) : '/';
    var m = { id: p, filename: p, path: dir, exports: {}, loaded: false, children: [], paths: [] };
    var req = makeRequire(p);
    req.cache = moduleCache;
    req.resolve = function (r) { var q = hostResolve(p, String_(r)); if (typeof q !== 'string' || apply(strIndexOf, q, ['!']) === 0) throw new ErrorCtor('Cannot find module ' + String_(r)); return q; };
    m.require = req;
    moduleCache[p] = m;
    // A leading #! line is not JavaScript (Node strips it too).
    if (apply(strCharCodeAt, src, [0]) === 35 && apply(strCharCodeAt, src, [1]) === 33) src = '//' + src;
    try {
      // npm modules (not the hook's own code) see a process object shaped like Node's (guest-lib.ts).
      loading(function () {
        var factory = geval('(function (exports, require, module, __filename, __dirname, process) {' + src + '\n})');
        apply(factory, m.exports, [m.exports, req, m, p, dir, builtin('_process')]);
      });
    } catch (e) {
      delete moduleCache[p]; // as in Node: a module that threw is loaded again by the next require
      if (e instanceof SyntaxErrorCtor && apply(reExec, ESM, [src])) {
        throw new ErrorCtor(p + ' is an ES module (import/export): hooks load CommonJS modules only');
      }
      throw e;
    }
    m.loaded = true;
    return m.exports;
  }
  var require_ = makeRequire('');
  define('require', require_);

  // --- the result callback -----------------------------------------------------
  // Walks the result with an explicit stack before it is serialised: a result nested deeper than
  // maxDepth (or cyclic) is refused here, so no engine or host ever recurses into it.
  function resultShape(value, maxDepth, maxValues) {
    var stack = [value], depths = [0], n = 1, count = 0;
    while (n > 0) {
      n--;
      var v = stack[n], d = depths[n];
      stack[n] = undefined;
      if (v === null || typeof v !== 'object') continue;
      if (d >= maxDepth) return 'deep';
      if (++count > maxValues) return 'large';
      var keys = objectKeys(v);
      for (var i = 0; i < keys.length; i++) {
        stack[n] = v[keys[i]];
        depths[n] = d + 1;
        n++;
      }
    }
    return 'ok';
  }
  function makeCb(rid, maxChars) {
    var called = false;
    return function cb(err, value) {
      if (called) return;
      called = true;
      if (err) {
        var d = describe(err);
        hostSettle(rid, 'error', d.name, d.message, d.stack);
        return;
      }
      var json;
      try {
        var shape = resultShape(value, MAX_DEPTH, maxChars / 2);
        if (shape === 'deep') {
          hostSettle(rid, 'runtime', 'RangeError', 'The hook result is nested too deeply (more than ' + MAX_DEPTH + ' levels of objects and arrays)');
          return;
        }
        if (shape === 'large') {
          hostSettle(rid, 'too-large');
          return;
        }
        json = stringify(value);
      } catch (e) {
        var d2 = describe(e);
        hostSettle(rid, 'runtime', d2.name, 'The hook result is not JSON-serializable: ' + d2.message);
        return;
      }
      // UTF-16 length <= UTF-8 byte length, so this pre-check never rejects a
      // result that fits; it just avoids copying a huge string to the host.
      if (typeof json === 'string' && json.length > maxChars) {
        hostSettle(rid, 'too-large');
        return;
      }
      hostSettle(rid, 'ok', json);
    };
  }

  // Webtask storage (context.webtask.storage) has no counterpart here: a clear error instead of undefined.
  function noStorage() {
    throw new ErrorCtor('context.webtask.storage is not available in Tokenhook hooks: keep state in module variables (kept while the hook version stays warm), api.cache in Actions, or an external store');
  }
  var NO_STORAGE = { get: noStorage, set: noStorage };

  // --- entry points called by the host -----------------------------------------
  function load(rid, wrapper, lines, columns) {
    hookLines = lines;
    wrapperColumns = columns;
    runId = rid;
    logsOpen = true;
    timers = create(null);
    var m = { exports: {} };
    currentModule = m;
    define('module', m);
    define('exports', m.exports);
    try {
      apply(wrapper, m.exports, [m.exports, require_, m, 'hook.js', '.']);
    } catch (e) {
      fail(rid, e);
    }
  }
  function invoke(rid, argsJson, maxChars) {
    if (runId !== rid) {
      // Timers and host operations left by the previous run are dropped (their host queue is gone too).
      runId = rid;
      timers = create(null);
      pendingOps = create(null);
    }
    logsOpen = true;
    var fn = currentModule.exports;
    if (typeof fn !== 'function') {
      hostSettle(rid, 'runtime', 'TypeError', 'module.exports is not a function');
      return;
    }
    var args = parse(argsJson);
    for (var i = 0; i < args.length; i++) {
      var a = args[i];
      if (a !== null && typeof a === 'object' && a.webtask !== null && typeof a.webtask === 'object' && !('storage' in a.webtask)) {
        defineProperty(a.webtask, 'storage', { value: NO_STORAGE, enumerable: false, configurable: true, writable: true });
      }
    }
    args[args.length] = makeCb(rid, maxChars);
    var ret;
    try {
      ret = apply(fn, undefined, args);
    } catch (e) {
      fail(rid, e);
      return;
    }
    // An async hook that throws before calling cb rejects its promise: report it
    // instead of waiting for the deadline.
    if (ret !== null && typeof ret === 'object') {
      try {
        var then = ret.then;
        if (typeof then === 'function') apply(then, ret, [undefined, function (e) { fail(rid, e); }]);
      } catch (e) {}
    }
  }
  function fireTimer(rid, id) {
    var t = timers[id];
    if (!t || rid !== runId) return;
    delete timers[id];
    try {
      if (t.repeat) schedule(id, t.fn, t.args, t.ms, true);
      apply(t.fn, undefined, t.args);
    } catch (e) {
      fail(rid, e);
    }
  }
  function deliverOp(rid, id, json) {
    var resolve = pendingOps[id];
    if (!resolve || rid !== runId) return;
    delete pendingOps[id];
    var value;
    try {
      value = parse(json);
    } catch (e) {
      value = { error: { code: 'HOOK_LIMIT', message: 'unreadable answer' } };
    }
    resolve(value);
  }
  return { load: load, invoke: invoke, fireTimer: fireTimer, deliverOp: deliverOp };
})`;

export class HookSandbox {
  readonly version: string;
  private readonly rt: QuickJSRuntime;
  private readonly ctx: QuickJSContext;
  private readonly fnLoad: QuickJSHandle;
  private readonly fnInvoke: QuickJSHandle;
  private readonly fnFireTimer: QuickJSHandle;
  private readonly fnDeliverOp: QuickJSHandle;
  private loaded = false;
  private disposed = false;
  private seq = 0;
  private current: RunState | null = null;
  // Mutable deadline read by one long-lived interrupt handler: cheaper than
  // installing shouldInterruptAfterDeadline() per run, and resettable.
  private deadline = Number.POSITIVE_INFINITY;
  private deadlineHit = false;
  private interruptEnabled = true;
  private timeoutMs = 0;
  /** When the current run started. */
  private started = 0;

  constructor(
    qjs: QuickJSWASMModule,
    private readonly governor: HeapGovernor,
    private readonly limits: SandboxLimits,
    version: string,
    private readonly script: string,
    private readonly hostOps: HostOps = {},
    private readonly modules?: HookModuleSet,
  ) {
    this.version = version;
    const rt = qjs.newRuntime();
    const owned: QuickJSHandle[] = [];
    let ctx: QuickJSContext | undefined;
    try {
      rt.setMemoryLimit(limits.memoryLimitBytes);
      rt.setMaxStackSize(limits.maxStackBytes);
      ctx = rt.newContext();
      const api = this.installPrelude(ctx);
      try {
        for (const key of ['load', 'invoke', 'fireTimer', 'deliverOp'])
          owned.push(ctx.getProp(api, key));
      } finally {
        api.dispose();
      }
    } catch (err) {
      // Half-built: free what exists so JS_FreeRuntime's leak assertion cannot fire.
      for (const h of owned) h.dispose();
      ctx?.dispose();
      rt.dispose();
      throw err;
    }
    [this.fnLoad, this.fnInvoke, this.fnFireTimer, this.fnDeliverOp] = owned as [
      QuickJSHandle,
      QuickJSHandle,
      QuickJSHandle,
      QuickJSHandle,
    ];
    this.rt = rt;
    this.ctx = ctx;
    // Installed last: the trusted prelude runs without a deadline.
    rt.setInterruptHandler(() => {
      if (!this.interruptEnabled) return false;
      if (performance.now() > this.deadline) {
        this.deadlineHit = true;
        return true;
      }
      return false;
    });
  }

  /** Every handle created here must be disposed, or rt.dispose() aborts the whole wasm module. */
  private installPrelude(ctx: QuickJSContext): QuickJSHandle {
    const str = (h: QuickJSHandle | undefined) =>
      h && ctx.typeof(h) === 'string' ? ctx.getString(h) : undefined;
    const num = (h: QuickJSHandle | undefined) =>
      h && ctx.typeof(h) === 'number' ? ctx.getNumber(h) : NaN;

    const settle = ctx.newFunction('settle', (ridH, kindH, aH, bH, cH) => {
      const run = this.current;
      if (!run || run.settled || num(ridH) !== run.id) return; // late or stale cb: ignored
      const kind = str(kindH);
      if (kind === 'thrown') {
        run.thrown = { name: str(aH) ?? 'Error', message: str(bH) ?? '', stack: str(cH) ?? '' };
        return;
      }
      if (kind === 'ok') run.settled = { kind: 'ok', valueJson: str(aH) };
      else if (kind === 'too-large') run.settled = { kind: 'too-large' };
      else if (kind === 'error' || kind === 'runtime') {
        run.settled = {
          kind,
          name: str(aH) ?? 'Error',
          message: str(bH) ?? '',
          stack: str(cH) ?? '',
        };
      }
    });
    const log = ctx.newFunction('log', (levelH, msgH) => {
      const run = this.current;
      if (!run) return ctx.false;
      if (run.logs.length >= this.limits.maxLogLines) {
        // Returning false makes the prelude stop formatting output for the rest of the run.
        run.logsDropped = true;
        return ctx.false;
      }
      const raw = str(msgH) ?? '';
      const message =
        raw.length > this.limits.maxLogChars
          ? raw.slice(0, this.limits.maxLogChars) + '\u2026'
          : raw;
      run.logs.push({ level: LOG_LEVELS[num(levelH)] ?? 'log', message });
      return ctx.true;
    });
    // Returns false instead of throwing: a host exception would be converted into a guest error carrying host text.
    const timer = ctx.newFunction('timer', (ridH, idH, delayH) => {
      const run = this.current;
      if (!run || num(ridH) !== run.id) return ctx.true; // a stale run's timer never fires; harmless
      const id = num(idH);
      const delay = num(delayH);
      if (delay < 0) {
        run.timers = run.timers.filter((t) => t.id !== id);
        return ctx.true;
      }
      if (run.timers.length >= this.limits.maxTimers) return ctx.false;
      run.timers.push({ id, due: performance.now() + delay });
      return ctx.true;
    });

    // Digests, HMAC and randomness for the guest's crypto module; '!' starts an error message.
    const cryptoFn = ctx.newFunction('crypto', (opH, algH, keyH, dataH) =>
      ctx.newString(hostCrypto(str(opH), str(algH), str(keyH), str(dataH))),
    );
    const codecFn = ctx.newFunction('codec', (opH, aH, startH, endH) =>
      hostCodec(ctx, str(opH), aH, num(startH), num(endH)),
    );
    // Starts a host operation; returns '' when started, otherwise why it was refused.
    const op = ctx.newFunction('op', (ridH, idH, nameH, payloadH) =>
      ctx.newString(this.startOp(num(ridH), num(idH), str(nameH), str(payloadH))),
    );
    const source = ctx.newFunction('source', (nameH) => {
      const name = str(nameH);
      if (name === undefined) return ctx.undefined;
      if (Object.hasOwn(GUEST_MODULES, name)) return ctx.newString(GUEST_MODULES[name]!);
      if (Object.hasOwn(GUEST_POLYFILLS, name)) return ctx.newString(GUEST_POLYFILLS[name]!);
      return ctx.undefined;
    });
    // The hook's npm modules: where a require leads ('!' starts an error message), and a file's text.
    const modules = this.modules;
    const resolve = ctx.newFunction('resolve', (fromH, requestH) => {
      const from = str(fromH);
      const request = str(requestH);
      if (from === undefined || request === undefined) return ctx.undefined;
      const found = resolveHookModule(modules, from, request);
      return found === undefined ? ctx.undefined : ctx.newString(found);
    });
    const file = ctx.newFunction('file', (pathH) => {
      const p = str(pathH);
      return p !== undefined && modules && Object.hasOwn(modules.files, p)
        ? ctx.newString(modules.files[p]!)
        : ctx.undefined;
    });
    // The prelude evaluates a module the first time it is required: from 1 to 0. While the
    // script itself loads, its requires are part of that (RunState.loadMs).
    const loading = ctx.newFunction('loading', (onH) => {
      const run = this.current;
      if (!run || !this.loaded) return;
      if (num(onH) === 1) run.moduleLoadSince = performance.now();
      else this.endModuleLoad(run);
    });
    const bridges = [settle, log, timer, cryptoFn, codecFn, op, source, resolve, file, loading];
    try {
      const factory = ctx.evalCode(PRELUDE, 'prelude.js', { type: 'global' }).unwrap();
      try {
        return ctx.callFunction(factory, ctx.undefined, ...bridges).unwrap();
      } finally {
        factory.dispose();
      }
    } finally {
      for (const b of bridges) b.dispose();
    }
  }

  /** Runs a host operation for the current run; its answer is queued for the drive loop. */
  private startOp(
    rid: number,
    id: number,
    name: string | undefined,
    payloadJson: string | undefined,
  ): string {
    const run = this.current;
    if (!run || rid !== run.id) return 'the run that started this call has ended';
    const op =
      name !== undefined && Object.hasOwn(this.hostOps, name) ? this.hostOps[name] : undefined;
    if (!op) return `unknown host operation ${String(name).slice(0, 50)}`;
    if (run.opCount >= this.limits.maxOps)
      return `too many outbound calls in one run (limit ${this.limits.maxOps})`;
    const json = payloadJson ?? 'null';
    run.opBytes += json.length;
    if (run.opBytes > this.limits.maxOpBytes)
      return `outbound calls of one run moved more than ${this.limits.maxOpBytes} bytes`;
    run.opCount++;
    let payload: unknown;
    try {
      payload = decodeResult(json);
    } catch {
      return 'the call could not be read';
    }
    const abort = new AbortController();
    run.ops.set(id, abort);
    const deadline = Date.now() + Math.max(0, this.deadline - performance.now());
    const answer = (value: unknown) => {
      if (this.current !== run || !run.ops.delete(id)) return; // the run ended: nobody listens
      let out: string;
      try {
        out = JSON.stringify(value === undefined ? null : value);
      } catch {
        out = JSON.stringify(opError('HOOK_LIMIT', 'the answer could not be serialised'));
      }
      run.opBytes += out.length;
      if (run.opBytes > this.limits.maxOpBytes)
        out = JSON.stringify(
          opError(
            'HOOK_LIMIT',
            `outbound calls of one run moved more than ${this.limits.maxOpBytes} bytes`,
          ),
        );
      run.answers.push({ id, json: out });
      run.wake?.();
    };
    Promise.resolve()
      .then(() => op(payload, { identity: run, deadline, signal: abort.signal }))
      .then(answer, (err: unknown) => {
        const code =
          typeof (err as { code?: unknown })?.code === 'string'
            ? (err as { code: string }).code
            : 'HOST_ERROR';
        answer(opError(code, err instanceof Error ? err.message : String(err)));
      });
    return '';
  }

  /** Sleeps until `ms` passed or an answer arrived. */
  private waitFor(ms: number, run: RunState): Promise<void> {
    return new Promise<void>((resolve) => {
      const t = setTimeout(
        () => {
          run.wake = undefined;
          resolve();
        },
        Math.max(0, ms),
      );
      run.wake = () => {
        clearTimeout(t);
        run.wake = undefined;
        resolve();
      };
    });
  }

  /** A run() is under way in this context (it may be waiting for a timer or a host operation). */
  get running(): boolean {
    return this.current !== null;
  }

  async run(input: SandboxRunInput): Promise<SandboxOutcome> {
    const run = this.begin(input);
    let failure: Failure | null = null;
    let fatal = false;
    let waitedMs = 0;
    try {
      const started = this.start(run, input);
      let next = started === undefined ? this.advance(run) : started;
      while (next !== null && 'until' in next) {
        const held = this.governor.suspend();
        const since = performance.now();
        input.onWait?.(true);
        await this.waitFor(next.until - since, run);
        input.onWait?.(false);
        waitedMs += performance.now() - since;
        this.governor.resume(held);
        next = this.advance(run);
      }
      failure = next;
    } catch (err) {
      // A host-level exception out of quickjs-emscripten (wasm trap, emscripten
      // abort, V8 stack overflow inside wasm) leaves QuickJS' C state
      // inconsistent: do not touch this runtime again, replace the worker.
      fatal = true;
      failure = hostFault(err);
    }
    const outcome = this.finish(run, input, failure, fatal);
    if (waitedMs > 0) outcome.waitedMs = waitedMs;
    // Loading (a new context's cost, the same for every caller) is not the run's own work, but
    // modules are required at run time, perhaps on one caller's input: they count up to a point.
    this.endModuleLoad(run);
    const loadMs = run.loadMs + Math.min(run.moduleLoadMs, MODULE_LOAD_ALLOWANCE_MS);
    if (loadMs > 0) outcome.loadMs = loadMs;
    return outcome;
  }

  private begin(input: SandboxRunInput): RunState {
    if (this.disposed) throw new Error('sandbox disposed');
    const run: RunState = {
      id: ++this.seq,
      logs: [],
      logsDropped: false,
      settled: null,
      timers: [],
      dirty: false,
      ops: new Map(),
      answers: [],
      opCount: 0,
      opBytes: 0,
      wake: undefined,
      oomInJob: false,
      thrown: undefined,
      loadMs: 0,
      moduleLoadMs: 0,
      moduleLoadSince: undefined,
    };
    this.started = performance.now();
    this.current = run;
    this.deadline = this.started + input.timeoutMs;
    this.timeoutMs = input.timeoutMs;
    this.deadlineHit = false;
    this.interruptEnabled = !input.testDisableInterrupt;
    this.governor.beginRun(this.limits.memoryLimitBytes);
    return run;
  }

  /** Adds the module evaluation under way, if any, to the run's module load time. */
  private endModuleLoad(run: RunState): void {
    if (run.moduleLoadSince === undefined) return;
    run.moduleLoadMs += performance.now() - run.moduleLoadSince;
    run.moduleLoadSince = undefined;
  }

  private finish(
    run: RunState,
    input: SandboxRunInput,
    failure: Failure | null,
    fatal: boolean,
  ): SandboxOutcome {
    this.current = null;
    this.deadline = Number.POSITIVE_INFINITY;
    for (const abort of run.ops.values()) abort.abort();
    run.ops.clear();
    const oom = this.governor.endRun();
    let result: WireResult;
    const logs = run.logs;
    if (run.logsDropped)
      logs.push({
        level: 'warn',
        message: `[log limit of ${this.limits.maxLogLines} lines reached; further output dropped]`,
      });
    const durationMs = performance.now() - this.started;
    const s = run.settled;
    if (s && !fatal) {
      if (s.kind === 'ok') {
        if (
          s.valueJson !== undefined &&
          Buffer.byteLength(s.valueJson, 'utf8') > input.maxResultBytes
        ) {
          result = {
            ok: false,
            kind: 'runtime',
            message: tooLarge(input.maxResultBytes),
            logs,
            durationMs,
          };
        } else if (s.valueJson !== undefined && jsonDepth(s.valueJson) > MAX_RESULT_DEPTH) {
          // toJSON() can return more nesting than the guest's walk saw.
          result = {
            ok: false,
            kind: 'runtime',
            name: 'RangeError',
            message: tooDeep(),
            logs,
            durationMs,
          };
        } else {
          result = { ok: true, valueJson: s.valueJson, logs, durationMs };
        }
      } else if (s.kind === 'too-large') {
        result = {
          ok: false,
          kind: 'runtime',
          message: tooLarge(input.maxResultBytes),
          logs,
          durationMs,
        };
      } else if (s.kind === 'runtime' && (oom || isOomMessage(s.name, s.message))) {
        result = { ok: false, ...OUT_OF_MEMORY, logs, durationMs };
      } else {
        const hint = hintFor(s.name, s.message, this.script);
        // Hooks have no process object (nor process.env): say so instead of QuickJS's "not defined".
        const message =
          s.name === 'ReferenceError' && /^'?process'? is not defined$/.test(s.message)
            ? NO_PROCESS
            : s.message;
        result = {
          ok: false,
          kind: s.kind,
          name: s.name,
          message,
          logs,
          durationMs,
          ...(s.stack && { stack: s.stack }),
          ...(hint && { hint }),
        };
      }
    } else if (failure?.message === FINISHED_WITHOUT_CB) {
      // Nothing left to run and cb never called: with an allocation refused on the way, a promise
      // job ran out of memory (QuickJS turns that into a rejection nobody sees).
      result = oom
        ? { ok: false, ...OUT_OF_MEMORY, logs, durationMs }
        : withThrown({ ok: false, ...failure, hint: NO_CB_HINT, logs, durationMs }, run.thrown);
    } else {
      const f = failure ?? { kind: 'runtime', message: 'The hook failed' };
      result = { ok: false, ...f, logs, durationMs };
    }
    const keep =
      !fatal && !oom && !this.deadlineHit && !run.dirty && (result.ok || result.kind === 'error');
    return { result, keep, fatal, suspect: run.oomInJob };
  }

  /**
   * Loads the script if needed and calls the hook: a failure, null when the run ended at load
   * (its top-level code threw), or undefined while the run goes on.
   */
  private start(run: RunState, input: SandboxRunInput): Failure | null | undefined {
    const { ctx } = this;
    if (!this.loaded) {
      const t0 = performance.now();
      const f = this.loadScript(run);
      run.loadMs = performance.now() - t0;
      if (f || run.settled) return f; // syntax error, or top-level code threw
      this.loaded = true;
    }

    const args = [
      ctx.newNumber(run.id),
      ctx.newString(input.argsJson),
      ctx.newNumber(input.maxResultBytes),
    ];
    let r;
    try {
      r = ctx.callFunction(this.fnInvoke, ctx.undefined, args);
    } finally {
      for (const a of args) a.dispose();
    }
    if (r.error) return this.engineFailure(r.error);
    r.value.dispose();
    return undefined;
  }

  /**
   * Runs what is runnable: null once cb has been called, a failure, or when the run can only go
   * on after a timer or a host operation's answer, until when to wait.
   */
  private advance(run: RunState): Failure | null | Wait {
    const { rt } = this;
    for (;;) {
      // Must be checked explicitly: an interrupt raised inside a promise job does
      // not surface from executePendingJobs, QuickJS turns it into a rejection of
      // the job's promise (the guest may even catch it). The queue then drains and
      // without this check the run would look like "finished without calling cb".
      if (this.deadlineHit || performance.now() > this.deadline) {
        run.dirty = true;
        this.deadlineHit = true;
        return run.settled ? null : { kind: 'timeout', message: timedOut(this.timeoutMs) };
      }
      if (rt.hasPendingJob()) {
        // Runs the whole microtask queue (promise reactions, async resumptions). Jobs queued
        // after cb still belong to this run: they run now, with their log lines filed here.
        const refusedBefore = this.governor.noteOutcome();
        const jr = rt.executePendingJobs();
        if (!refusedBefore && this.governor.noteOutcome()) run.oomInJob = true;
        if (jr.error) {
          run.dirty = true;
          return this.engineFailure(jr.error);
        }
        continue;
      }
      if (run.settled) {
        // Timers and host operations still pending never complete (they belong to this run): the context is not clean.
        if (run.timers.length > 0 || run.ops.size > 0 || run.answers.length > 0) run.dirty = true;
        return null;
      }
      // Nothing runnable: only a timer or a host operation's answer can still call cb.
      let next: PendingTimer | undefined;
      for (const t of run.timers) if (!next || t.due < next.due) next = t;
      const now = performance.now();
      if (next && next.due <= now) {
        run.timers = run.timers.filter((t) => t !== next);
        const f = this.callGuest(this.fnFireTimer, run.id, next.id);
        if (f) return f;
        continue;
      }
      const answer = run.answers.shift();
      if (answer) {
        const f = this.callGuest(this.fnDeliverOp, run.id, answer.id, answer.json);
        if (f) return f;
        continue;
      }
      if (run.ops.size === 0) {
        if (!next) return { kind: 'timeout', message: FINISHED_WITHOUT_CB };
        if (next.due >= this.deadline)
          return { kind: 'timeout', message: timedOut(this.timeoutMs) };
      }
      return { until: Math.min(next ? next.due : Number.POSITIVE_INFINITY, this.deadline) };
    }
  }

  /** Calls a prelude entry point with numbers and strings; returns a failure if it threw past the prelude. */
  private callGuest(fn: QuickJSHandle, ...values: (number | string)[]): Failure | null {
    const { ctx } = this;
    const args = values.map((v) => (typeof v === 'number' ? ctx.newNumber(v) : ctx.newString(v)));
    let r;
    try {
      r = ctx.callFunction(fn, ctx.undefined, args);
    } finally {
      for (const a of args) a.dispose();
    }
    if (r.error) return this.engineFailure(r.error);
    r.value.dispose();
    return null;
  }

  private loadScript(run: RunState): Failure | null {
    const { ctx } = this;
    // CommonJS wrapper on the same line as the first source line, so reported line numbers match the hook's.
    const wrapped = `${WRAPPER_HEAD}${this.script}\n})`;
    const compiled = ctx.evalCode(wrapped, 'hook.js', { type: 'global' });
    if (compiled.error) {
      const h = compiled.error;
      // Nothing of the hook has run yet, so reading name/stack executes no guest code.
      if (!this.deadlineHit && this.readString(h, 'name') === 'SyntaxError') {
        const at = /hook\.js:(\d+)(?::(\d+))?/.exec(this.readString(h, 'stack') ?? '');
        const msg = this.readString(h, 'message') ?? 'syntax error';
        h.dispose();
        if (!at) return { kind: 'syntax', name: 'SyntaxError', message: msg };
        const line = Number(at[1]);
        // Line 1 starts after the CommonJS wrapper: columns count from the hook's first character.
        const column =
          at[2] === undefined ? 0 : Number(at[2]) - (line === 1 ? WRAPPER_HEAD.length : 0);
        const where = column > 0 ? `line ${line}, column ${column}` : `line ${line}`;
        return {
          kind: 'syntax',
          name: 'SyntaxError',
          message: `${msg} (${where})`,
          stack: `at hook.js:${line}${column > 0 ? `:${column}` : ''}`,
        };
      }
      return this.engineFailure(h);
    }
    const wrapper = compiled.value;
    const args = [
      ctx.newNumber(run.id),
      wrapper,
      ctx.newNumber(hookLineCount(this.script)),
      ctx.newNumber(WRAPPER_HEAD.length),
    ];
    let r;
    try {
      r = ctx.callFunction(this.fnLoad, ctx.undefined, args);
    } finally {
      for (const a of args) a.dispose();
    }
    if (r.error) return this.engineFailure(r.error);
    r.value.dispose();
    return null;
  }

  /**
   * Classifies an error that escaped the prelude's try/catch: in practice an
   * uncatchable interrupt, or OOM/stack overflow hit inside the prelude itself.
   * Only the own `message` property is read (engine errors have it as plain
   * data), never `name`, whose prototype getter the hook could have replaced.
   */
  private engineFailure(h: QuickJSHandle): Failure {
    let message: string | undefined;
    try {
      message = this.readString(h, 'message');
    } finally {
      h.dispose();
    }
    if (this.deadlineHit) return { kind: 'timeout', message: timedOut(this.timeoutMs) };
    if (this.governor.noteOutcome() || message === 'out of memory') {
      return { ...OUT_OF_MEMORY };
    }
    return { kind: 'runtime', name: 'InternalError', message: message ?? 'The hook failed' };
  }

  private readString(h: QuickJSHandle, key: string): string | undefined {
    const { ctx } = this;
    if (ctx.typeof(h) !== 'object')
      return ctx.typeof(h) === 'string' && key === 'message' ? ctx.getString(h) : undefined;
    const p = ctx.getProp(h, key);
    try {
      return ctx.typeof(p) === 'string' ? ctx.getString(p) : undefined;
    } finally {
      p.dispose();
    }
  }

  /**
   * Frees the context and runtime; with `runtime: false` the runtime is dropped without
   * JS_FreeRuntime (after a suspect run: SandboxOutcome.suspect). What it holds stays in the wasm
   * heap (only JS_FreeRuntime collects the context: 0.1 MiB for a hook that kept nothing, as much
   * as it kept otherwise) and this sandbox stays reachable from quickjs-emscripten's callbacks, so
   * the worker retires after a few (ContextCache.dropped) or once its heap is past the recycle
   * mark. After a fatal run, do not call this: the C state may be inconsistent and freeing
   * anything may abort the wasm module.
   */
  dispose({ runtime = true }: { runtime?: boolean } = {}): void {
    if (this.disposed) return;
    this.disposed = true;
    this.fnLoad.dispose();
    this.fnInvoke.dispose();
    this.fnFireTimer.dispose();
    this.fnDeliverOp.dispose();
    this.ctx.dispose();
    if (runtime) this.rt.dispose();
    else this.rt.removeInterruptHandler();
  }
}

function isOomMessage(name: string, message: string): boolean {
  return name === 'InternalError' && message === 'out of memory';
}

function tooLarge(max: number): string {
  return `The hook result is too large (more than ${max} bytes of JSON)`;
}

export function timedOut(ms: number): string {
  return `The hook did not call cb within ${Math.round(ms)} ms`;
}

function hostFault(err: unknown): Failure {
  if (err instanceof RangeError && /call stack/i.test(err.message)) {
    return { kind: 'runtime', name: 'InternalError', message: 'stack overflow' };
  }
  return { kind: 'runtime', message: 'The hook sandbox crashed' };
}

/** CommonJS wrapper, on the same line as the hook's first line so line numbers match the hook's. */
const WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname) {';

function hookLineCount(script: string): number {
  const end = script.indexOf(`\n${APPENDED_CODE_MARK}`);
  const own = end >= 0 ? script.slice(0, end) : script;
  let lines = 1;
  for (let i = own.indexOf('\n'); i >= 0; i = own.indexOf('\n', i + 1)) lines++;
  return lines;
}

const NO_PROCESS =
  'process is not available in hooks (neither process.env nor any other part of the server process)';

const FINISHED_WITHOUT_CB = 'The hook finished without calling cb';

/** A run that went past its memory limit, however that showed. */
const OUT_OF_MEMORY: Failure = { kind: 'memory', message: 'The hook exceeded its memory limit' };

/**
 * A run that ended without cb after an error thrown in a promise callback: says which, as Node
 * says of an unhandled rejection (a log line with the hook's frames), and points the hint at it.
 */
function withThrown(
  result: Extract<WireResult, { ok: false }>,
  thrown: RunState['thrown'],
): WireResult {
  if (!thrown) return result;
  const error = `${thrown.name}: ${thrown.message}`;
  return {
    ...result,
    logs: [
      ...result.logs,
      {
        level: 'error',
        message: `Error thrown in a promise callback: ${error}${thrown.stack ? `\n${thrown.stack}` : ''}`,
      },
    ],
    ...(thrown.stack && { stack: thrown.stack }),
    hint: `The last error thrown in a promise callback (.then, .catch) was ${error}. Unless it is caught and passed to cb, such an error ends the hook this way.`,
  };
}
const NO_CB_HINT =
  'Call cb exactly once on every path. An error thrown in a promise callback (.then) or an async function that nothing awaits also ends the hook this way: catch it and pass it to cb.';

const HASHES = new Set(['sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'md5']);
const MAX_RANDOM_BYTES = 65536;

/** The guest crypto module's host half: inputs and outputs are base64 strings; errors start with '!'. */
function hostCrypto(
  op: string | undefined,
  alg: string | undefined,
  keyB64: string | undefined,
  dataB64: string | undefined,
): string {
  try {
    if (op === 'uuid') return randomUUID();
    if (op === 'random') {
      const n = Number(alg);
      if (!Number.isInteger(n) || n < 0 || n > MAX_RANDOM_BYTES)
        return `!randomBytes: at most ${MAX_RANDOM_BYTES} bytes in hooks`;
      return randomBytes(n).toString('base64');
    }
    if (alg === undefined || !HASHES.has(alg))
      return `!Digest method not supported: ${String(alg).slice(0, 20)}`;
    const data = Buffer.from(dataB64 ?? '', 'base64');
    if (op === 'hash') return createHash(alg).update(data).digest('base64');
    if (op === 'hmac')
      return createHmac(alg, Buffer.from(keyB64 ?? '', 'base64'))
        .update(data)
        .digest('base64');
    return '!unknown crypto operation';
  } catch {
    return '!crypto operation failed';
  }
}

/**
 * Of a run's time evaluating modules it required (built-in or npm, the first time in a context),
 * this much at most counts as loading (SandboxOutcome.loadMs) rather than as its own work: a
 * module's top-level code could loop, and whether it is required can depend on the caller.
 */
const MODULE_LOAD_ALLOWANCE_MS = 1000;

/** Longest text or byte run the host converts (the guest converts longer ones itself). */
const MAX_CODEC_UNITS = 4 * 1024 * 1024;

/**
 * The guest codec's host half (Node's codecs, so the results are Node's): a string of `units`
 * UTF-16 units to bytes ('utf8e', 'b64d'), or bytes [start, end) of an ArrayBuffer to a string
 * ('utf8d', 'b64e', 'b64ue'). The prelude has checked that `a` is an ArrayBuffer and the range
 * lies within it. Anything unexpected answers undefined, and the guest converts by itself.
 *
 * Strings cross the engine boundary as NUL-terminated UTF-8: one with a NUL arrives cut short,
 * and a lone surrogate arrives as three U+FFFD. The unit count and the U+FFFD check tell those
 * apart, and a decoded text with a NUL is left to the guest.
 */
export function hostCodec(
  ctx: QuickJSContext,
  op: string | undefined,
  a: QuickJSHandle | undefined,
  start: number,
  end: number,
): QuickJSHandle {
  try {
    if (!a) return ctx.undefined;
    if (op === 'utf8e' || op === 'b64d') {
      if (ctx.typeof(a) !== 'string') return ctx.undefined;
      const text = ctx.getString(a);
      if (text.length !== start || text.length > MAX_CODEC_UNITS) return ctx.undefined;
      // Node reads a base64 character past U+00FF by its low byte; the guest skips it.
      if (op === 'utf8e' ? text.includes('\ufffd') : /[^\0-\xff]/.test(text)) return ctx.undefined;
      const bytes = Buffer.from(text, op === 'utf8e' ? 'utf8' : 'base64');
      return ctx.newArrayBuffer(
        bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
      );
    }
    if (op !== 'utf8d' && op !== 'b64e' && op !== 'b64ue') return ctx.undefined;
    if (!(end - start <= MAX_CODEC_UNITS) || ctx.typeof(a) !== 'object') return ctx.undefined;
    const copy = ctx.getArrayBuffer(a); // the whole buffer: the prelude sends only runs of most of one
    try {
      const { value } = copy;
      if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end <= value.length))
        return ctx.undefined;
      const bytes = Buffer.from(value.buffer, value.byteOffset + start, end - start);
      const text = bytes.toString(op === 'utf8d' ? 'utf8' : op === 'b64e' ? 'base64' : 'base64url');
      return text.includes('\0') ? ctx.undefined : ctx.newString(text);
    } finally {
      copy.dispose();
    }
  } catch {
    return ctx.undefined;
  }
}

/** A hint for the mistakes people make most when moving hooks (shown with the error, never instead of it). */
export function hintFor(name: string, message: string, script: string): string | undefined {
  const undef = /cannot read propert(?:y|ies) '?([^' ]+)'? of (undefined|null)/i.exec(message);
  if (undef) {
    const body = /context\.body\b/.test(script)
      ? " context.body holds the token request's parameters (grant_type, client_id, audience, scope, and any others the client sent); a parameter the client did not send is undefined."
      : '';
    return `Something on this line is ${undef[2]} where the code reads ${undef[1]}: check the object before the dot.${body}`;
  }
  if (/^not a function$|is not a function/.test(message)) {
    return 'The code calls something that is not a function: check the method name on this line. console has log, info, warn, error, debug, dir, table, trace, time, timeEnd, timeLog, assert, count and group.';
  }
  const missing = /^'?(\w+)'? is not defined$/.exec(message);
  if (name === 'ReferenceError' && missing) {
    if (missing[1] === 'process')
      return 'Read configuration from context.webtask.secrets (the Secrets panel; event.secrets in Actions) instead of process.env.';
    return `${missing[1]} is not a global in hooks: declare it, or require() the module that provides it.`;
  }
  const unavailable = /^module (\S+) is not available in hooks$/.exec(message);
  const wanted = unavailable ? parseSpecifier(unavailable[1]!) : undefined;
  if (wanted?.kind === 'package') {
    const name = wanted.name;
    return `${name} is not among this hook's npm modules: add it to the hook's dependencies (or require('${name}@<version>')), then save.`;
  }
  if (unavailable) {
    return 'Hooks can require assert, buffer, crypto, events, http, https, path, punycode, querystring, stream, string_decoder, timers, url and util (fs, net, os, tls, tty and zlib load, but have no files, sockets or compression); no child processes, servers or worker threads.';
  }
  return undefined;
}

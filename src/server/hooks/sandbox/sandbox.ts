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
} from 'quickjs-emscripten'
import type { FailureKind, LogLevel, LogLine, WireResult } from './protocol.js'
import { jsonDepth, MAX_RESULT_DEPTH, tooDeep } from './result-json.js'

const WASM_PAGE = 65536
// The prebuilt variant asks for 16 MiB initially; an imported memory must be at least that.
const INITIAL_PAGES = 256

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
  readonly memory: WebAssembly.Memory
  private base = 0
  private budget = Number.POSITIVE_INFINITY
  /** The most recent growth attempt was refused (emscripten retries smaller sizes, so only the last one counts). */
  private lastRefused = false
  private refusedThisRun = false

  constructor(maxBytes: number) {
    const maximum = Math.max(INITIAL_PAGES, Math.floor(maxBytes / WASM_PAGE))
    this.memory = new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum })
    const protoGrow = WebAssembly.Memory.prototype.grow
    const memory = this.memory
    // An own property shadows the prototype method; emscripten calls `wasmMemory.grow(n)`.
    Object.defineProperty(memory, 'grow', {
      value: (deltaPages: number): number => {
        const next = memory.buffer.byteLength + deltaPages * WASM_PAGE
        if (next - this.base > this.budget) {
          this.lastRefused = true
          throw new RangeError('hook heap budget exceeded')
        }
        try {
          const previous = protoGrow.call(memory, deltaPages)
          this.lastRefused = false
          return previous
        } catch (err) {
          this.lastRefused = true // above `maximum`
          throw err
        }
      },
    })
  }

  get heapBytes(): number {
    return this.memory.buffer.byteLength
  }

  beginRun(budgetBytes: number): void {
    this.base = this.memory.buffer.byteLength
    this.budget = budgetBytes
    this.lastRefused = false
    this.refusedThisRun = false
  }

  /** Call right after an engine error or at the end of a run. */
  noteOutcome(): boolean {
    if (this.lastRefused) this.refusedThisRun = true
    return this.refusedThisRun
  }

  endRun(): boolean {
    const refused = this.noteOutcome()
    this.budget = Number.POSITIVE_INFINITY
    return refused
  }
}

/** Loads the (sync, release) QuickJS wasm module bound to the governor's memory. Do this once per worker. */
export function loadQuickJS(governor: HeapGovernor): Promise<QuickJSWASMModule> {
  return newQuickJSWASMModuleFromVariant(newVariant(RELEASE_SYNC, { wasmMemory: governor.memory }))
}

export interface SandboxLimits {
  memoryLimitBytes: number
  maxStackBytes: number
  maxLogLines: number
  maxLogChars: number
  maxTimers: number
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
}

export interface SandboxRunInput {
  argsJson: string
  timeoutMs: number
  maxResultBytes: number
  testDisableInterrupt?: boolean
}

export interface SandboxOutcome {
  result: WireResult
  /** False when the context must be discarded (failure other than cb(err), OOM seen, deadline hit). */
  keep: boolean
  /** The wasm module itself is suspect (host-level exception): the worker must be replaced. */
  fatal: boolean
}

interface Failure {
  kind: FailureKind
  name?: string
  message: string
}

type Settled =
  | { kind: 'ok'; valueJson: string | undefined }
  | { kind: 'too-large' }
  | { kind: 'error' | 'runtime'; name: string; message: string }

interface PendingTimer {
  id: number
  due: number
}

interface RunState {
  id: number
  logs: LogLine[]
  logsDropped: boolean
  settled: Settled | null
  timers: PendingTimer[]
  /** Work of this run was cut off (jobs at the deadline, timers after cb): its context is not reused. */
  dirty: boolean
}

const LOG_LEVELS: readonly LogLevel[] = ['log', 'info', 'warn', 'error']

// The prelude runs once per context, before any hook code, and captures the
// builtins it relies on so that later tampering by the hook (JSON.stringify =
// ..., Array.prototype.push = ..., Error.prepareStackTrace = ...) can only
// break the hook's own result, never the protocol with the host. It returns the
// three entry points the host calls; the host functions it receives are never
// put on the global object.
const PRELUDE = String.raw`(function (hostSettle, hostLog, hostTimer) {
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
  var MAX_TEXT = 1024; // pre-cap before crossing to the host, which applies maxLogChars
  var MAX_DEPTH = ${MAX_RESULT_DEPTH};

  function define(name, value) {
    defineProperty(G, name, { value: value, writable: true, configurable: true, enumerable: false });
  }
  function clip(s, n) {
    return s.length > n ? apply(strSlice, s, [0, n]) + '\u2026' : s;
  }
  // Never lets an exception escape: getters on a hostile error object may throw.
  function describe(e) {
    var name = 'Error', message;
    try {
      if (e !== null && (typeof e === 'object' || typeof e === 'function')) {
        var n = e.name, m = e.message;
        if (typeof n === 'string' && n) name = n;
        message = typeof m === 'string' ? m : String_(e);
      } else {
        message = String_(e);
      }
    } catch (x) {
      message = 'unprintable error';
    }
    return { name: clip(name, 100), message: clip(message, MAX_TEXT) };
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

  // --- error classes of the Auth0 extensibility API -------------------------
  class ExtensibilityUserError extends Error {
    constructor(message) { super(message); this.name = this.constructor.name; }
  }
  class InvalidRequestError extends Error {
    constructor(message) { super(message); this.name = this.constructor.name; }
  }
  class InvalidScopeError extends Error {
    constructor(message) { super(message); this.name = this.constructor.name; }
  }
  class ServerError extends Error {
    constructor(message) { super(message); this.name = this.constructor.name; }
  }
  define('ExtensibilityUserError', ExtensibilityUserError);
  define('InvalidRequestError', InvalidRequestError);
  define('InvalidScopeError', InvalidScopeError);
  define('ServerError', ServerError);

  // --- per-run state ---------------------------------------------------------
  var runId = 0;
  var logsOpen = true;
  var timers = create(null);
  var nextTimerId = 1;
  var currentModule = { exports: {} };

  function fail(rid, e) {
    var d = describe(e);
    hostSettle(rid, 'runtime', d.name, d.message);
  }

  // --- console ---------------------------------------------------------------
  function logger(level) {
    return function () {
      if (!logsOpen) return;
      var out = '';
      for (var i = 0; i < arguments.length && out.length <= MAX_TEXT; i++) {
        out += (i ? ' ' : '') + text(arguments[i]);
      }
      logsOpen = hostLog(level, clip(out, MAX_TEXT));
    };
  }
  define('console', { log: logger(0), info: logger(1), warn: logger(2), error: logger(3), debug: logger(0) });

  // --- timers (the host keeps the queue and decides when one is due) --------
  function setTimeout_(fn, delay) {
    if (typeof fn !== 'function') throw new TypeErrorCtor('The "callback" argument must be of type function');
    var extra = [];
    for (var i = 2; i < arguments.length; i++) extra[extra.length] = arguments[i];
    var ms = +delay;
    if (!(ms >= 1) || ms > 2147483647) ms = 1; // Node's clamping
    var id = nextTimerId++;
    if (!hostTimer(runId, id, ms)) throw new ErrorCtor('Too many pending timers');
    timers[id] = { fn: fn, args: extra };
    return id;
  }
  function clearTimeout_(id) {
    if (typeof id !== 'number' || !timers[id]) return;
    delete timers[id];
    hostTimer(runId, id, -1);
  }
  define('setTimeout', setTimeout_);
  define('clearTimeout', clearTimeout_);

  // --- CommonJS surface -------------------------------------------------------
  function require_(name) {
    throw new ErrorCtor('module ' + String_(name) + ' is not available in hooks');
  }
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
        hostSettle(rid, 'error', d.name, d.message);
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

  // --- entry points called by the host -----------------------------------------
  function load(rid, wrapper) {
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
      // Timers left by the previous run are dropped (their host queue is gone too).
      runId = rid;
      timers = create(null);
    }
    logsOpen = true;
    var fn = currentModule.exports;
    if (typeof fn !== 'function') {
      hostSettle(rid, 'runtime', 'TypeError', 'module.exports is not a function');
      return;
    }
    var args = parse(argsJson);
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
      apply(t.fn, undefined, t.args);
    } catch (e) {
      fail(rid, e);
    }
  }
  return { load: load, invoke: invoke, fireTimer: fireTimer };
})`

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export class HookSandbox {
  readonly version: string
  private readonly rt: QuickJSRuntime
  private readonly ctx: QuickJSContext
  private readonly fnLoad: QuickJSHandle
  private readonly fnInvoke: QuickJSHandle
  private readonly fnFireTimer: QuickJSHandle
  private loaded = false
  private disposed = false
  private seq = 0
  private current: RunState | null = null
  // Mutable deadline read by one long-lived interrupt handler: cheaper than
  // installing shouldInterruptAfterDeadline() per run, and resettable.
  private deadline = Number.POSITIVE_INFINITY
  private deadlineHit = false
  private interruptEnabled = true
  private timeoutMs = 0

  constructor(
    qjs: QuickJSWASMModule,
    private readonly governor: HeapGovernor,
    private readonly limits: SandboxLimits,
    version: string,
    private readonly script: string,
  ) {
    this.version = version
    const rt = qjs.newRuntime()
    const owned: QuickJSHandle[] = []
    let ctx: QuickJSContext | undefined
    try {
      rt.setMemoryLimit(limits.memoryLimitBytes)
      rt.setMaxStackSize(limits.maxStackBytes)
      ctx = rt.newContext()
      const api = this.installPrelude(ctx)
      try {
        for (const key of ['load', 'invoke', 'fireTimer']) owned.push(ctx.getProp(api, key))
      } finally {
        api.dispose()
      }
    } catch (err) {
      // Half-built: free what exists so JS_FreeRuntime's leak assertion cannot fire.
      for (const h of owned) h.dispose()
      ctx?.dispose()
      rt.dispose()
      throw err
    }
    ;[this.fnLoad, this.fnInvoke, this.fnFireTimer] = owned as [QuickJSHandle, QuickJSHandle, QuickJSHandle]
    this.rt = rt
    this.ctx = ctx
    // Installed last: the trusted prelude runs without a deadline.
    rt.setInterruptHandler(() => {
      if (!this.interruptEnabled) return false
      if (performance.now() > this.deadline) {
        this.deadlineHit = true
        return true
      }
      return false
    })
  }

  /** Every handle created here must be disposed, or rt.dispose() aborts the whole wasm module. */
  private installPrelude(ctx: QuickJSContext): QuickJSHandle {
    const str = (h: QuickJSHandle | undefined) => (h && ctx.typeof(h) === 'string' ? ctx.getString(h) : undefined)
    const num = (h: QuickJSHandle | undefined) => (h && ctx.typeof(h) === 'number' ? ctx.getNumber(h) : NaN)

    const settle = ctx.newFunction('settle', (ridH, kindH, aH, bH) => {
      const run = this.current
      if (!run || run.settled || num(ridH) !== run.id) return // late or stale cb: ignored
      const kind = str(kindH)
      if (kind === 'ok') run.settled = { kind: 'ok', valueJson: str(aH) }
      else if (kind === 'too-large') run.settled = { kind: 'too-large' }
      else if (kind === 'error' || kind === 'runtime') {
        run.settled = { kind, name: str(aH) ?? 'Error', message: str(bH) ?? '' }
      }
    })
    const log = ctx.newFunction('log', (levelH, msgH) => {
      const run = this.current
      if (!run) return ctx.false
      if (run.logs.length >= this.limits.maxLogLines) {
        // Returning false makes the prelude stop formatting output for the rest of the run.
        run.logsDropped = true
        return ctx.false
      }
      const raw = str(msgH) ?? ''
      const message = raw.length > this.limits.maxLogChars ? raw.slice(0, this.limits.maxLogChars) + '\u2026' : raw
      run.logs.push({ level: LOG_LEVELS[num(levelH)] ?? 'log', message })
      return ctx.true
    })
    // Returns false instead of throwing: a host exception would be converted into a guest error carrying host text.
    const timer = ctx.newFunction('timer', (ridH, idH, delayH) => {
      const run = this.current
      if (!run || num(ridH) !== run.id) return ctx.true // a stale run's timer never fires; harmless
      const id = num(idH)
      const delay = num(delayH)
      if (delay < 0) {
        run.timers = run.timers.filter((t) => t.id !== id)
        return ctx.true
      }
      if (run.timers.length >= this.limits.maxTimers) return ctx.false
      run.timers.push({ id, due: performance.now() + delay })
      return ctx.true
    })

    try {
      const factory = ctx.evalCode(PRELUDE, 'prelude.js', { type: 'global' }).unwrap()
      try {
        return ctx.callFunction(factory, ctx.undefined, settle, log, timer).unwrap()
      } finally {
        factory.dispose()
      }
    } finally {
      settle.dispose()
      log.dispose()
      timer.dispose()
    }
  }

  async run(input: SandboxRunInput): Promise<SandboxOutcome> {
    if (this.disposed) throw new Error('sandbox disposed')
    const t0 = performance.now()
    const run: RunState = { id: ++this.seq, logs: [], logsDropped: false, settled: null, timers: [], dirty: false }
    this.current = run
    this.deadline = t0 + input.timeoutMs
    this.timeoutMs = input.timeoutMs
    this.deadlineHit = false
    this.interruptEnabled = !input.testDisableInterrupt
    this.governor.beginRun(this.limits.memoryLimitBytes)
    let failure: Failure | null = null
    let fatal = false
    try {
      failure = await this.drive(run, input)
    } catch (err) {
      // A host-level exception out of quickjs-emscripten (wasm trap, emscripten
      // abort, V8 stack overflow inside wasm) leaves QuickJS' C state
      // inconsistent: do not touch this runtime again, replace the worker.
      fatal = true
      failure = hostFault(err)
    } finally {
      this.current = null
      this.deadline = Number.POSITIVE_INFINITY
    }
    const oom = this.governor.endRun()

    let result: WireResult
    const logs = run.logs
    if (run.logsDropped) logs.push({ level: 'warn', message: `[log limit of ${this.limits.maxLogLines} lines reached; further output dropped]` })
    const durationMs = performance.now() - t0
    const s = run.settled
    if (s && !fatal) {
      if (s.kind === 'ok') {
        if (s.valueJson !== undefined && Buffer.byteLength(s.valueJson, 'utf8') > input.maxResultBytes) {
          result = { ok: false, kind: 'runtime', message: tooLarge(input.maxResultBytes), logs, durationMs }
        } else if (s.valueJson !== undefined && jsonDepth(s.valueJson) > MAX_RESULT_DEPTH) {
          // toJSON() can return more nesting than the guest's walk saw.
          result = { ok: false, kind: 'runtime', name: 'RangeError', message: tooDeep(), logs, durationMs }
        } else {
          result = { ok: true, valueJson: s.valueJson, logs, durationMs }
        }
      } else if (s.kind === 'too-large') {
        result = { ok: false, kind: 'runtime', message: tooLarge(input.maxResultBytes), logs, durationMs }
      } else if (s.kind === 'runtime' && (oom || isOomMessage(s.name, s.message))) {
        result = { ok: false, kind: 'memory', message: 'The hook exceeded its memory limit', logs, durationMs }
      } else {
        result = { ok: false, kind: s.kind, name: s.name, message: s.message, logs, durationMs }
      }
    } else {
      const f = failure ?? { kind: 'runtime', message: 'The hook failed' }
      result = { ok: false, ...f, logs, durationMs }
    }
    const keep = !fatal && !oom && !this.deadlineHit && !run.dirty && (result.ok || result.kind === 'error')
    return { result, keep, fatal }
  }

  /** Returns null once cb has been called, otherwise why the run failed. */
  private async drive(run: RunState, input: SandboxRunInput): Promise<Failure | null> {
    const { ctx, rt } = this
    if (!this.loaded) {
      const f = this.loadScript(run)
      if (f || run.settled) return f // syntax error, or top-level code threw
      this.loaded = true
    }

    const args = [ctx.newNumber(run.id), ctx.newString(input.argsJson), ctx.newNumber(input.maxResultBytes)]
    let r
    try {
      r = ctx.callFunction(this.fnInvoke, ctx.undefined, args)
    } finally {
      for (const a of args) a.dispose()
    }
    if (r.error) return this.engineFailure(r.error)
    r.value.dispose()

    for (;;) {
      // Must be checked explicitly: an interrupt raised inside a promise job does
      // not surface from executePendingJobs, QuickJS turns it into a rejection of
      // the job's promise (the guest may even catch it). The queue then drains and
      // without this check the run would look like "finished without calling cb".
      if (this.deadlineHit || performance.now() > this.deadline) {
        run.dirty = true
        return run.settled ? null : { kind: 'timeout', message: timedOut(this.timeoutMs) }
      }
      if (rt.hasPendingJob()) {
        // Runs the whole microtask queue (promise reactions, async resumptions). Jobs queued
        // after cb still belong to this run: they run now, with their log lines filed here.
        const jr = rt.executePendingJobs()
        if (jr.error) {
          run.dirty = true
          return this.engineFailure(jr.error)
        }
        continue
      }
      if (run.settled) {
        // Timers still pending never fire (they belong to this run): the context is not clean.
        if (run.timers.length > 0) run.dirty = true
        return null
      }
      // Nothing runnable: only a timer can still call cb.
      let next: PendingTimer | undefined
      for (const t of run.timers) if (!next || t.due < next.due) next = t
      if (!next) return { kind: 'timeout', message: 'The hook finished without calling cb' }
      if (next.due >= this.deadline) return { kind: 'timeout', message: timedOut(this.timeoutMs) }
      const wait = next.due - performance.now()
      if (wait > 0) {
        await sleep(wait)
        continue
      }
      run.timers = run.timers.filter((t) => t !== next)
      const targs = [ctx.newNumber(run.id), ctx.newNumber(next.id)]
      let tr
      try {
        tr = ctx.callFunction(this.fnFireTimer, ctx.undefined, targs)
      } finally {
        for (const a of targs) a.dispose()
      }
      if (tr.error) return this.engineFailure(tr.error)
      tr.value.dispose()
    }
  }

  private loadScript(run: RunState): Failure | null {
    const { ctx } = this
    // CommonJS wrapper on the same line as the first source line, so reported line numbers match the hook's.
    const wrapped = `(function (exports, require, module, __filename, __dirname) {${this.script}\n})`
    const compiled = ctx.evalCode(wrapped, 'hook.js', { type: 'global' })
    if (compiled.error) {
      const h = compiled.error
      // Nothing of the hook has run yet, so reading name/stack executes no guest code.
      if (!this.deadlineHit && this.readString(h, 'name') === 'SyntaxError') {
        const line = /hook\.js:(\d+)/.exec(this.readString(h, 'stack') ?? '')?.[1]
        const msg = this.readString(h, 'message') ?? 'syntax error'
        h.dispose()
        return { kind: 'syntax', name: 'SyntaxError', message: line ? `${msg} (line ${line})` : msg }
      }
      return this.engineFailure(h)
    }
    const wrapper = compiled.value
    const args = [ctx.newNumber(run.id), wrapper]
    let r
    try {
      r = ctx.callFunction(this.fnLoad, ctx.undefined, args)
    } finally {
      for (const a of args) a.dispose()
    }
    if (r.error) return this.engineFailure(r.error)
    r.value.dispose()
    return null
  }

  /**
   * Classifies an error that escaped the prelude's try/catch: in practice an
   * uncatchable interrupt, or OOM/stack overflow hit inside the prelude itself.
   * Only the own `message` property is read (engine errors have it as plain
   * data), never `name`, whose prototype getter the hook could have replaced.
   */
  private engineFailure(h: QuickJSHandle): Failure {
    let message: string | undefined
    try {
      message = this.readString(h, 'message')
    } finally {
      h.dispose()
    }
    if (this.deadlineHit) return { kind: 'timeout', message: timedOut(this.timeoutMs) }
    if (this.governor.noteOutcome() || message === 'out of memory') {
      return { kind: 'memory', message: 'The hook exceeded its memory limit' }
    }
    return { kind: 'runtime', name: 'InternalError', message: message ?? 'The hook failed' }
  }

  private readString(h: QuickJSHandle, key: string): string | undefined {
    const { ctx } = this
    if (ctx.typeof(h) !== 'object') return ctx.typeof(h) === 'string' && key === 'message' ? ctx.getString(h) : undefined
    const p = ctx.getProp(h, key)
    try {
      return ctx.typeof(p) === 'string' ? ctx.getString(p) : undefined
    } finally {
      p.dispose()
    }
  }

  /**
   * Frees the context and runtime. After a fatal run, do not call this: the
   * C state may be inconsistent and JS_FreeRuntime may abort the wasm module.
   */
  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    this.fnLoad.dispose()
    this.fnInvoke.dispose()
    this.fnFireTimer.dispose()
    this.ctx.dispose()
    this.rt.dispose()
  }
}

function isOomMessage(name: string, message: string): boolean {
  return name === 'InternalError' && message === 'out of memory'
}

function tooLarge(max: number): string {
  return `The hook result is too large (more than ${max} bytes of JSON)`
}

export function timedOut(ms: number): string {
  return `The hook did not call cb within ${Math.round(ms)} ms`
}

function hostFault(err: unknown): Failure {
  if (err instanceof RangeError && /call stack/i.test(err.message)) {
    return { kind: 'runtime', name: 'InternalError', message: 'stack overflow' }
  }
  return { kind: 'runtime', message: 'The hook sandbox crashed' }
}

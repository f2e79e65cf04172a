// The in-thread fast path: short synchronous hook runs on the calling (main) thread, in a QuickJS
// wasm module of its own, without the hand-off to a hook worker and back.
//
// A run gets a CPU slice of a few milliseconds (the interrupt handler cuts it there). A run that
// would wait (a timer that is not due, a host operation such as fetch) stops before starting it,
// so nothing it did left the sandbox; such runs, runs over the slice and every failure that is not
// the hook's own answer are made again from the start by the worker pool, which stays the
// authority on limits. A hook version or caller that needed the pool is sent straight there for a
// while (SliceGate), so a hook that loops costs the main thread at most one slice now and then.

import type { HookModuleSet, WireResult } from './protocol.js';
import { ContextCache, type ContextKey } from './contexts.js';
import { DEFAULT_SANDBOX_LIMITS, HeapGovernor, loadQuickJS, type HookSandbox } from './sandbox.js';

export interface InThreadOptions {
  /** CPU slice of one run, in ms. Default 5. */
  sliceMs?: number;
  /** Per-run memory budget, as the pool's workers have. */
  memoryLimitBytes?: number;
  /** Hard cap on the wasm heap of the main thread's module. Default max(4 x memoryLimitBytes, 64 MiB). */
  heapLimitBytes?: number;
  /** Above this after a run the module is replaced (wasm memory never shrinks). Default half the cap. */
  recycleHeapBytes?: number;
  maxStackBytes?: number;
  /** Warm contexts kept (LRU). Default 32. */
  maxContexts?: number;
}

export interface InThreadRun {
  /** Key of the warm context (purpose and hook id). */
  hookId: string;
  version: string;
  script: string;
  modules?: HookModuleSet | undefined;
  argsJson: string;
  timeoutMs: number;
  maxResultBytes: number;
  /** Who the run is for (a client id): a caller whose runs overran the slice alone goes to the pool. */
  caller?: string | undefined;
}

/**
 * What the fast path did: answered, or the run goes to the pool with what is left of its time;
 * `long` when it (or its caller's last runs) ran past the slice, so it may hold a worker long.
 */
export type InThreadOutcome =
  { result: WireResult } | { handoff: { remainingMs: number; long: boolean } };

/** Why a run went to the pool, as SliceGate counts it. */
export type HandoffReason = 'slice' | 'wait' | 'overrun' | 'unsafe';

const BACKOFF_FIRST_MS = 100;
const BACKOFF_MAX_MS = 10 * 60 * 1000;
const MAX_TRACKED = 10_000;
/** A run that held the thread this many slices was not cut by the interrupt (or the thread was preempted). */
const OVERRUN_SLICES = 4;

/**
 * Which runs may try the fast path. A run that had to wait sends its whole version to the pool for
 * a while. Runs cut at their slice, or that held the thread well past it (work the interrupt
 * cannot cut, such as a built-in sort of a huge array), send their (version, caller) there for a
 * while once it happened twice in a row, so one client whose input makes a hook loop does not
 * move the others, and a run cut once because the machine preempted the thread moves nobody. A
 * repeat soon after doubles the while, from 100 ms up to 10 minutes. A run that crashed the
 * engine or ran out of memory bans its version from the fast path for the process's life.
 */
export class SliceGate {
  readonly #banned = new Set<string>();
  readonly #backoff = new Map<string, { until: number; ms: number }>();
  /** Runs cut in a row, by (version, caller). */
  readonly #cuts = new Map<string, number>();

  /** Whether a run may try the fast path, or why not (`long`: its caller's runs ran long). */
  allows(version: string, caller: string | undefined, now: number): 'yes' | 'no' | 'long' {
    if (this.#banned.has(version) || this.#waiting(version, now)) return 'no';
    return this.#waiting(callerKey(version, caller), now) ? 'long' : 'yes';
  }

  note(version: string, caller: string | undefined, reason: HandoffReason, now: number): void {
    if (reason === 'unsafe') {
      if (this.#banned.size >= MAX_TRACKED) this.#banned.clear();
      this.#banned.add(version);
      return;
    }
    if (reason === 'wait') return this.#strike(version, now);
    const key = callerKey(version, caller);
    const cuts = (this.#cuts.get(key) ?? 0) + 1;
    this.#cuts.delete(key);
    if (this.#cuts.size >= MAX_TRACKED) this.#cuts.delete(this.#cuts.keys().next().value as string);
    this.#cuts.set(key, cuts);
    if (cuts >= 2) this.#strike(key, now);
  }

  /** Whether the last run of (version, caller) here was cut: its next runs are expected to run long. */
  suspect(version: string, caller: string | undefined): boolean {
    return this.#cuts.size > 0 && this.#cuts.has(callerKey(version, caller));
  }

  /** A run of (version, caller) answered within its slice. */
  answered(version: string, caller: string | undefined): void {
    if (this.#cuts.size > 0) this.#cuts.delete(callerKey(version, caller));
  }

  #strike(key: string, now: number): void {
    // A repeat soon after the last while doubles it; a strike long after starts again from the first.
    const last = this.#backoff.get(key);
    const ms =
      last && now < last.until + 2 * last.ms
        ? Math.min(BACKOFF_MAX_MS, 2 * last.ms)
        : BACKOFF_FIRST_MS;
    this.#backoff.delete(key);
    if (this.#backoff.size >= MAX_TRACKED)
      this.#backoff.delete(this.#backoff.keys().next().value as string);
    this.#backoff.set(key, { until: now + ms, ms });
  }

  #waiting(key: string, now: number): boolean {
    const b = this.#backoff.get(key);
    return b !== undefined && b.until > now;
  }
}

const WARM_UP = `var seen = {};
module.exports = function (client, scope, audience, context, cb) {
  var token = { scope: scope.slice() };
  token['https://example.com/' + client.id] = JSON.parse(JSON.stringify(context)).ip;
  token.scope.push('extra');
  seen[audience] = (seen[audience] || 0) + 1;
  Promise.resolve(token).then(function (t) { cb(null, t); });
};`;
const WARM_UP_RUN = {
  argsJson: JSON.stringify([{ id: 'c' }, ['read'], 'https://api', { ip: '127.0.0.1' }]),
  timeoutMs: 1000,
  maxResultBytes: 1024,
};
const WARM_UP_CONTEXTS = 8;
const WARM_UP_RUNS = 50;

const callerKey = (version: string, caller: string | undefined) =>
  `${version}\u0000${caller ?? ''}`;

export class InThreadRunner {
  readonly gate = new SliceGate();
  readonly #sliceMs: number;
  readonly #options: Required<Omit<InThreadOptions, 'sliceMs'>>;
  #cache: ContextCache | undefined;
  #loading: Promise<void> | undefined;
  #closed = false;

  constructor(options: InThreadOptions = {}) {
    this.#sliceMs = options.sliceMs ?? 5;
    const memoryLimitBytes = options.memoryLimitBytes ?? DEFAULT_SANDBOX_LIMITS.memoryLimitBytes;
    const heapLimitBytes =
      options.heapLimitBytes ?? Math.max(4 * memoryLimitBytes, 64 * 1024 * 1024);
    this.#options = {
      memoryLimitBytes,
      heapLimitBytes,
      recycleHeapBytes: options.recycleHeapBytes ?? heapLimitBytes / 2,
      maxStackBytes: options.maxStackBytes ?? DEFAULT_SANDBOX_LIMITS.maxStackBytes,
      maxContexts: options.maxContexts ?? 32,
    };
    void this.#load();
  }

  /** Resolves once the wasm module is loaded (runs go to the pool until then). */
  ready(): Promise<void> {
    return this.#loading ?? Promise.resolve();
  }

  /**
   * Runs `req` here if it may and can; never blocks longer than the slice unless the engine
   * cannot be interrupted (the first run of a version also builds its context, about a
   * millisecond, and loads its script within a slice of its own).
   */
  run(req: InThreadRun): InThreadOutcome {
    const t0 = performance.now();
    const cache = this.#cache;
    const handoff = (long: boolean) => ({
      handoff: {
        remainingMs: req.timeoutMs - (performance.now() - t0),
        long: long || this.gate.suspect(req.version, req.caller),
      },
    });
    const allowed = this.gate.allows(req.version, req.caller, t0);
    if (!cache || allowed !== 'yes') return handoff(allowed === 'long');
    const key: ContextKey = req;
    const sandbox = cache.warm(key) ?? this.#prepare(cache, key);
    if (!sandbox) return handoff(false);
    const ran = performance.now();
    const outcome = sandbox.runNow(
      { argsJson: req.argsJson, timeoutMs: req.timeoutMs, maxResultBytes: req.maxResultBytes },
      this.#sliceMs,
    );
    const now = performance.now();
    cache.release(key, sandbox, outcome);
    if (cache.poisoned || cache.governor.heapBytes > this.#options.recycleHeapBytes)
      this.#replaceModule();
    const r = outcome.result;
    const overran = now - ran > OVERRUN_SLICES * this.#sliceMs;
    if (outcome.fatal || (!r.ok && r.kind === 'memory'))
      this.gate.note(req.version, req.caller, 'unsafe', now);
    else if (overran) this.gate.note(req.version, req.caller, 'overrun', now);
    else if (outcome.yielded) this.gate.note(req.version, req.caller, outcome.yielded, now);
    else this.gate.answered(req.version, req.caller);
    // The hook's answer (cb, a throw, no cb at all) stands; memory and engine faults are the pool's to judge.
    if (outcome.yielded || outcome.fatal || (!r.ok && r.kind === 'memory'))
      return handoff(overran || outcome.yielded === 'slice');
    return { result: r };
  }

  /**
   * A new context for the key, its script loaded within a slice. Undefined when that failed, took
   * long or started a timer: the version's runs then go to the pool for a while.
   */
  #prepare(cache: ContextCache, key: ContextKey): HookSandbox | undefined {
    const got = cache.acquire(key);
    if ('failure' in got) {
      this.#replaceModule();
      return undefined;
    }
    if (got.sandbox.preload(this.#sliceMs)) return got.sandbox;
    cache.drop(got.sandbox);
    this.gate.note(key.version, undefined, 'wait', performance.now());
    return undefined;
  }

  close(): void {
    this.#closed = true;
    this.#cache = undefined;
  }

  #load(): Promise<void> {
    this.#loading ??= (async () => {
      const governor = new HeapGovernor(this.#options.heapLimitBytes);
      const quickjs = await loadQuickJS(governor);
      if (this.#closed) return;
      const cache = new ContextCache(
        quickjs,
        governor,
        {
          ...DEFAULT_SANDBOX_LIMITS,
          memoryLimitBytes: this.#options.memoryLimitBytes,
          maxStackBytes: this.#options.maxStackBytes,
        },
        // Runs here never start a host operation (runNow yields first).
        {},
        this.#options.maxContexts,
      );
      // V8 compiles the wasm lazily and tiers it up with use: the first contexts and runs take
      // far longer than later ones, so some are made here, before the fast path takes any run.
      for (let i = 0; i < WARM_UP_CONTEXTS; i++) {
        const warmUp = { hookId: 'warm-up', version: `warm-up-${i}`, script: WARM_UP };
        for (let run = 0; run < WARM_UP_RUNS; run++) {
          const got = cache.acquire(warmUp);
          if ('failure' in got) return;
          cache.release(warmUp, got.sandbox, got.sandbox.runNow(WARM_UP_RUN, 1000));
        }
        cache.discard(warmUp);
        await new Promise((resolve) => setImmediate(resolve));
      }
      this.#cache = cache;
    })()
      .catch(() => {
        // Without a module every run goes to the pool.
      })
      .finally(() => {
        this.#loading = undefined;
      });
    return this.#loading;
  }

  /** Drops the module (its contexts with it: wasm memory is freed with the module) and loads a fresh one. */
  #replaceModule(): void {
    this.#cache = undefined;
    if (!this.#closed) void this.#load();
  }
}

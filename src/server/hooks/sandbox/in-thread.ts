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
import { DEFAULT_SANDBOX_LIMITS, HeapGovernor, loadQuickJS } from './sandbox.js';

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

/** What the fast path did: answered, or the run goes to the pool with what is left of its time. */
export type InThreadOutcome = { result: WireResult } | { handoff: { remainingMs: number } };

/** Why a run went to the pool, as SliceGate counts it. */
export type HandoffReason = 'slice' | 'wait' | 'unsafe';

const BACKOFF_FIRST_MS = 1000;
const BACKOFF_MAX_MS = 10 * 60 * 1000;
const MAX_TRACKED = 10_000;

/**
 * Which runs may try the fast path. A run over its slice sends its (version, caller) to the pool
 * for a while; one that had to wait sends its whole version there for a while (the backoff doubles
 * on each repeat, up to 10 minutes); one that held the thread well past its slice (work the
 * interrupt cannot cut, such as a built-in sort of a huge array), crashed the engine or ran out of
 * memory bans its version from the fast path for the life of the process.
 */
export class SliceGate {
  readonly #banned = new Set<string>();
  readonly #backoff = new Map<string, { until: number; ms: number }>();

  allows(version: string, caller: string | undefined, now: number): boolean {
    if (this.#banned.has(version)) return false;
    return !this.#waiting(version, now) && !this.#waiting(callerKey(version, caller), now);
  }

  note(version: string, caller: string | undefined, reason: HandoffReason, now: number): void {
    if (reason === 'unsafe') {
      if (this.#banned.size >= MAX_TRACKED) this.#banned.clear();
      this.#banned.add(version);
      return;
    }
    const key = reason === 'wait' ? version : callerKey(version, caller);
    const ms = Math.min(BACKOFF_MAX_MS, 2 * (this.#backoff.get(key)?.ms ?? BACKOFF_FIRST_MS / 2));
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

  /** Runs `req` here if it may and can; never blocks longer than the slice unless the engine cannot be interrupted. */
  run(req: InThreadRun): InThreadOutcome {
    const t0 = performance.now();
    const cache = this.#cache;
    const handoff = () => ({
      handoff: { remainingMs: req.timeoutMs - (performance.now() - t0) },
    });
    if (!cache || !this.gate.allows(req.version, req.caller, t0)) return handoff();
    const key: ContextKey = req;
    const got = cache.acquire(key);
    if ('failure' in got) {
      this.#replaceModule();
      return handoff();
    }
    const outcome = got.sandbox.runNow(
      { argsJson: req.argsJson, timeoutMs: req.timeoutMs, maxResultBytes: req.maxResultBytes },
      this.#sliceMs,
    );
    cache.release(key, got.sandbox, outcome);
    const now = performance.now();
    if (cache.poisoned || cache.governor.heapBytes > this.#options.recycleHeapBytes)
      this.#replaceModule();
    const r = outcome.result;
    const unsafe = outcome.fatal || now - t0 > 2 * this.#sliceMs || (!r.ok && r.kind === 'memory');
    if (unsafe) this.gate.note(req.version, req.caller, 'unsafe', now);
    else if (outcome.yielded) this.gate.note(req.version, req.caller, outcome.yielded, now);
    // The hook's answer (cb, a throw, no cb at all) stands; memory and engine faults are the pool's to judge.
    if (outcome.yielded || outcome.fatal || (!r.ok && r.kind === 'memory')) return handoff();
    return { result: r };
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
      this.#cache = new ContextCache(
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

// Types shared by the main-thread pool, the worker and the sandbox.
// Everything here crosses a worker_threads boundary, so it must stay plain,
// structured-clone-friendly data (no classes, no functions).

export type LogLevel = 'log' | 'info' | 'warn' | 'error';

export interface LogLine {
  level: LogLevel;
  message: string;
}

export type FailureKind = 'error' | 'timeout' | 'memory' | 'syntax' | 'runtime';

/** What a failure says beyond its message: the hook's own frames (`at fn (hook.js:3:7)`) and a hint for common mistakes. */
export interface FailureDetail {
  stack?: string;
  hint?: string;
}

export type HookResult =
  | { ok: true; value: unknown; logs: LogLine[]; durationMs: number }
  | ({
      ok: false;
      kind: FailureKind;
      name?: string;
      message: string;
      logs: LogLine[];
      durationMs: number;
    } & FailureDetail);

/**
 * Result as it travels from worker to main thread: the cb value stays a JSON
 * string so that the main thread parses it exactly once (and can apply the
 * `__proto__` guard) instead of paying for a structured clone plus a parse.
 */
export type WireResult =
  | { ok: true; valueJson: string | undefined; logs: LogLine[]; durationMs: number }
  | ({
      ok: false;
      kind: FailureKind;
      name?: string;
      message: string;
      logs: LogLine[];
      durationMs: number;
    } & FailureDetail);

/** Marks where code appended to a hook's own (the Actions adapter) starts, so stacks show only the hook's frames. */
export const APPENDED_CODE_MARK = '/*tokenhook:appended*/';

/**
 * Claim flags shared by the pool and one worker, one Int32 per position in a batch. The pool
 * offers a run by writing the batch's number (≥ 1) in its flag; the worker claims it (number →
 * CLAIMED) right before starting it; the pool may take back a run nobody has started (number →
 * STOLEN) when the batch is slow, and give it to another worker. A run therefore starts exactly
 * once, a slow run never holds the ones queued behind it, and a worker still walking an older
 * batch can never claim a flag that now belongs to a newer one. While a claimed run waits for
 * I/O, its flag reads WAITING.
 */
export const CLAIMED = -1;
export const STOLEN = -2;
/** A claimed run waiting for I/O (an outbound call, a timer): it does not hold its worker's CPU. */
export const WAITING = -3;

export interface WorkerData {
  config: WorkerConfig;
  /** Int32 flags over a SharedArrayBuffer, MAX_BATCH long (see CLAIMED). */
  claims: SharedArrayBuffer;
}

/** Limits fixed per worker (and therefore per pool). */
export interface WorkerConfig {
  /** Per-hook budget: single-allocation cap and per-run heap-growth budget. */
  memoryLimitBytes: number;
  /** Hard cap of the worker's WebAssembly.Memory (all contexts of the worker). */
  workerHeapLimitBytes: number;
  /** After a run, a worker whose heap grew past this asks to be replaced (wasm memory never shrinks). */
  recycleHeapBytes: number;
  /** QuickJS stack limit (runtime.setMaxStackSize). */
  maxStackBytes: number;
  /** LRU cap of warm contexts kept in one worker. */
  maxContexts: number;
  /** Outbound HTTP for hook code; absent, every request is refused (EGRESS_DISABLED). */
  egress?: HookEgressConfig;
}

/** The server's egress policy and per-run limits, as the workers receive them. */
export interface HookEgressConfig {
  /** HOOK_EGRESS_ALLOW / HOOK_EGRESS_DENY rules (hosts, addresses, CIDRs, optional ports). */
  allow: string[];
  deny: string[];
  maxRequests: number;
  maxResponseBytes: number;
  /** The server's own listeners (host:port), refused unless an allow rule names the port. */
  ownListeners: string[];
  /** Certificates (PEM) trusted for HTTPS besides the system's roots. */
  ca?: string[];
}

/**
 * A hook version's npm modules as the sandbox loads them (see hooks/modules/files.ts): a virtual
 * `node_modules` tree of source texts, the entry file of each root the hook may require, and each
 * root's package folder (for subpaths).
 */
export interface HookModuleSet {
  files: Record<string, string>;
  entries: Record<string, string>;
  packageDirs: Record<string, string>;
}

/** Module sets a worker keeps, least recently used dropped first; the pool mirrors the same list per worker. */
export const MODULE_SETS_KEPT = 16;

/** One run inside a batch. */
export interface BatchRun {
  id: number;
  /** Its claim flag (index into WorkerData.claims). */
  claim: number;
  /** JSON of the argument array, produced on the main thread. */
  argsJson: string;
  /** Remaining budget for this run when the batch was sent (the queue wait has already been subtracted). */
  timeoutMs: number;
  maxResultBytes: number;
}

/**
 * Runs of one hook version, sent in one message and run in order. Batching keeps the thread
 * hand-offs per run low under load (one message each way for several runs); runs of different
 * hooks or drafts never share a batch, so a slow hook only ever delays its own runs.
 */
export interface RunBatch {
  type: 'batch';
  /** The number written in the claim flags of its runs (≥ 1, new for every batch of a worker). */
  seq: number;
  hookId: string;
  version: string;
  /** The hook's source, once per batch (used when the worker has no warm context for the version). */
  script: string;
  /** Content key of the hook version's module set (the pool and the worker keep the same LRU of them). */
  modulesKey?: string;
  /** The module set itself, only when this worker has not been sent `modulesKey` yet (or dropped it). */
  modules?: HookModuleSet;
  /** Discard the context after this run (Runner drafts): it is never reused. Such a batch holds one run. */
  ephemeral?: boolean;
  /** Test-only escape hatch used to prove the main-thread backstop works. */
  testDisableInterrupt?: boolean;
  runs: BatchRun[];
}

export type RunOutcome =
  | {
      id: number;
      result: WireResult;
      /** Whether the (hookId, version) context already existed in this worker. */
      warm: boolean;
      /** Of the run's durationMs, the time it spent waiting, not running. */
      waitedMs?: number;
      /** Of waitedMs, the time its I/O had answered but other runs held the worker. */
      behindOthersMs?: number;
      /** Of the run's durationMs, the time it loaded the script (a new context's first run). */
      loadMs?: number;
    }
  /** Not started because the worker is retiring: the pool queues it again. */
  | { id: number; requeue: true };

export type WorkerMessage =
  | { type: 'ready' }
  | {
      type: 'results';
      results: RunOutcome[];
      /** The worker asks to be terminated and replaced (wasm fault or bloated heap); sent with the batch's last results. */
      retire: boolean;
      heapBytes: number;
    };

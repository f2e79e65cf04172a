// Types shared by the main-thread pool, the worker and the sandbox.
// Everything here crosses a worker_threads boundary, so it must stay plain,
// structured-clone-friendly data (no classes, no functions).

export type LogLevel = 'log' | 'info' | 'warn' | 'error'

export interface LogLine {
  level: LogLevel
  message: string
}

export type FailureKind = 'error' | 'timeout' | 'memory' | 'syntax' | 'runtime'

export type HookResult =
  | { ok: true; value: unknown; logs: LogLine[]; durationMs: number }
  | { ok: false; kind: FailureKind; name?: string; message: string; logs: LogLine[]; durationMs: number }

/**
 * Result as it travels from worker to main thread: the cb value stays a JSON
 * string so that the main thread parses it exactly once (and can apply the
 * `__proto__` guard) instead of paying for a structured clone plus a parse.
 */
export type WireResult =
  | { ok: true; valueJson: string | undefined; logs: LogLine[]; durationMs: number }
  | { ok: false; kind: FailureKind; name?: string; message: string; logs: LogLine[]; durationMs: number }

/** Limits fixed per worker (and therefore per pool). */
export interface WorkerConfig {
  /** Per-hook budget: single-allocation cap and per-run heap-growth budget. */
  memoryLimitBytes: number
  /** Hard cap of the worker's WebAssembly.Memory (all contexts of the worker). */
  workerHeapLimitBytes: number
  /** After a run, a worker whose heap grew past this asks to be replaced (wasm memory never shrinks). */
  recycleHeapBytes: number
  /** QuickJS stack limit (runtime.setMaxStackSize). */
  maxStackBytes: number
  /** LRU cap of warm contexts kept in one worker. */
  maxContexts: number
}

export interface RunRequest {
  type: 'run'
  id: number
  hookId: string
  version: string
  script: string
  /** JSON of the argument array, produced on the main thread. */
  argsJson: string
  /** Remaining budget for this run (the queue wait has already been subtracted). */
  timeoutMs: number
  maxResultBytes: number
  /** Discard the context after this run (Runner drafts): it is never reused. */
  ephemeral?: boolean
  /** Test-only escape hatch used to prove the main-thread backstop works. */
  testDisableInterrupt?: boolean
}

export type WorkerMessage =
  | { type: 'ready' }
  | {
      type: 'result'
      id: number
      result: WireResult
      /** Whether the (hookId, version) context already existed in this worker. */
      warm: boolean
      /** The worker asks to be terminated and replaced (wasm fault or bloated heap). */
      retire: boolean
      heapBytes: number
    }

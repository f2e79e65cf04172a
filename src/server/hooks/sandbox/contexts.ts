// Warm hook contexts of one QuickJS wasm module, kept by hookId (LRU), as a hook worker and the
// main thread's in-thread runner (in-thread.ts) both keep them.

import type { FailureKind, HookModuleSet, WireResult } from './protocol.js';
import type { HostOps } from './host-ops.js';
import {
  HookSandbox,
  type HeapGovernor,
  type SandboxLimits,
  type SandboxOutcome,
} from './sandbox.js';
import type { QuickJSWASMModule } from 'quickjs-emscripten';

export function fail(kind: FailureKind, message: string, durationMs = 0): WireResult {
  return { ok: false, kind, message, logs: [], durationMs };
}

/** The hook version a run is for. */
export interface ContextKey {
  hookId: string;
  version: string;
  script: string;
  modules?: HookModuleSet | undefined;
  /** Discard the context after the run (Runner drafts). */
  ephemeral?: boolean | undefined;
}

export type Acquired =
  { sandbox: HookSandbox; warm: boolean } | { failure: WireResult; warm: false };

export class ContextCache {
  /** Warm contexts by hookId. Map iteration order doubles as LRU order (oldest first). */
  readonly #contexts = new Map<string, HookSandbox>();
  /** Set once the wasm module may be corrupt; every later request fails fast until it is replaced. */
  poisoned = false;

  constructor(
    private readonly quickjs: QuickJSWASMModule,
    readonly governor: HeapGovernor,
    private readonly limits: SandboxLimits,
    private readonly hostOps: HostOps,
    private readonly maxContexts: number,
  ) {}

  /** The warm context of the key's version (marked most recently used), if there is one. */
  warm(key: ContextKey): HookSandbox | undefined {
    const sb = this.#contexts.get(key.hookId);
    if (!sb) return undefined;
    this.#contexts.delete(key.hookId);
    if (sb.version !== key.version) {
      this.#disposeQuietly(sb);
      return undefined;
    }
    this.#contexts.set(key.hookId, sb); // re-insert = mark most recently used
    return sb;
  }

  /** The warm context of the key's version, or a new one (the LRU's oldest dropped past the cap). */
  acquire(key: ContextKey): Acquired {
    if (this.poisoned) return { failure: fail('runtime', 'The hook sandbox crashed'), warm: false };
    const warm = this.warm(key);
    if (warm) return { sandbox: warm, warm: true };
    let sb: HookSandbox;
    const t0 = performance.now();
    try {
      sb = new HookSandbox(
        this.quickjs,
        this.governor,
        this.limits,
        key.version,
        key.script,
        this.hostOps,
        key.modules,
      );
    } catch (err) {
      // Creating a runtime can only fail for lack of heap (or a broken module).
      const oom = err instanceof Error && /memory/i.test(err.message);
      if (!oom) this.poisoned = true;
      const failure = fail(
        oom ? 'memory' : 'runtime',
        oom ? 'Not enough sandbox memory to start the hook' : 'The hook sandbox crashed',
        performance.now() - t0,
      );
      return { failure, warm: false };
    }
    this.#contexts.set(key.hookId, sb);
    while (this.#contexts.size > this.maxContexts) {
      const [oldestId, oldest] = this.#contexts.entries().next().value as [string, HookSandbox];
      this.#contexts.delete(oldestId);
      this.#disposeQuietly(oldest);
    }
    return { sandbox: sb, warm: false };
  }

  /** After a run: keeps the context warm, discards it, or marks the whole module poisoned. */
  release(key: ContextKey, sb: HookSandbox, outcome: SandboxOutcome): void {
    if (outcome.fatal) {
      this.poisoned = true;
      this.#contexts.delete(key.hookId); // never dispose: JS_FreeRuntime could abort on the inconsistent heap
    } else if (!outcome.keep || key.ephemeral) {
      this.#contexts.delete(key.hookId);
      this.#disposeQuietly(sb);
    }
  }

  /** Drops the key's context, if kept. */
  discard(key: ContextKey): void {
    const sb = this.#contexts.get(key.hookId);
    if (!sb) return;
    this.#contexts.delete(key.hookId);
    this.#disposeQuietly(sb);
  }

  #disposeQuietly(sb: HookSandbox): void {
    try {
      sb.dispose();
    } catch {
      // JS_FreeRuntime asserts that no object leaked; an abort here means the module is unusable.
      this.poisoned = true;
    }
  }
}

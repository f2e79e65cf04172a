// Warm hook contexts of one QuickJS wasm module (a hook worker's), kept by hookId (LRU).

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

/**
 * Warm contexts by hookId, LRU over hooks. A context is taken out while a run uses it (acquire)
 * and put back after (release), so runs that wait for I/O each have their own: a hook keeps up to
 * `perHook` idle warm contexts, as many as its runs waited at once, and `maxContexts` are kept idle
 * in all (contexts in use come on top).
 */
export class ContextCache {
  /** Idle warm contexts by hookId. Map iteration order doubles as LRU order (oldest first). */
  readonly #idle = new Map<string, HookSandbox[]>();
  #count = 0;
  /** Set once the wasm module may be corrupt; every later request fails fast until it is replaced. */
  poisoned = false;
  /**
   * Runtimes dropped after a suspect run without freeing them (SandboxOutcome.suspect); the
   * worker retires past MAX_DROPPED_RUNTIMES, so what they left behind stays bounded.
   */
  dropped = 0;

  constructor(
    private readonly quickjs: QuickJSWASMModule,
    readonly governor: HeapGovernor,
    private readonly limits: SandboxLimits,
    private readonly hostOps: HostOps,
    private readonly maxContexts: number,
    private readonly perHook = 1,
  ) {}

  /** Takes a warm context of the key's version (the hook marked most recently used), if there is one. */
  #warm(key: ContextKey): HookSandbox | undefined {
    const idle = this.#idle.get(key.hookId);
    if (!idle) return undefined;
    this.#idle.delete(key.hookId);
    for (const sb of idle.splice(0)) {
      if (sb.version === key.version) {
        idle.push(sb);
      } else {
        this.#dispose(sb);
        this.#count--;
      }
    }
    const sb = idle.pop();
    if (sb) this.#count--;
    if (idle.length > 0) this.#idle.set(key.hookId, idle); // re-insert = most recently used
    return sb;
  }

  /** Takes a warm context of the key's version, or makes a new one. */
  acquire(key: ContextKey): Acquired {
    if (this.poisoned) return { failure: fail('runtime', 'The hook sandbox crashed'), warm: false };
    const warm = this.#warm(key);
    if (warm) return { sandbox: warm, warm: true };
    const t0 = performance.now();
    try {
      const sandbox = new HookSandbox(
        this.quickjs,
        this.governor,
        this.limits,
        key.version,
        key.script,
        this.hostOps,
        key.modules,
      );
      return { sandbox, warm: false };
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
  }

  /** After a run: puts the context back warm, discards it, or marks the whole module poisoned. */
  release(key: ContextKey, sb: HookSandbox, outcome: SandboxOutcome): void {
    if (outcome.fatal) this.poisoned = true;
    // Never dispose in a suspect module: JS_FreeRuntime could abort on the inconsistent heap.
    if (this.poisoned) return;
    if (outcome.suspect) {
      this.dropped++;
      return this.#dispose(sb, false);
    }
    if (!outcome.keep || key.ephemeral) return this.#dispose(sb);
    const idle = this.#idle.get(key.hookId) ?? [];
    this.#idle.delete(key.hookId);
    this.#idle.set(key.hookId, idle);
    if (idle.length >= this.perHook) return this.#dispose(sb);
    idle.push(sb);
    this.#count++;
    // Past the cap, the least recently used hooks' contexts go first.
    for (const [hookId, oldest] of this.#idle) {
      if (this.#count <= this.maxContexts) break;
      while (oldest.length > 0 && this.#count > this.maxContexts) {
        this.#dispose(oldest.shift()!);
        this.#count--;
      }
      if (oldest.length === 0) this.#idle.delete(hookId);
    }
  }

  #dispose(sb: HookSandbox, runtime = true): void {
    try {
      sb.dispose({ runtime });
    } catch {
      // JS_FreeRuntime asserts that no object leaked; an abort here means the module is unusable.
      this.poisoned = true;
    }
  }
}

// Hook worker: one QuickJS wasm module per thread, many hook contexts in it.
//
// Bundled build: esbuild emits this file as dist/hook-worker.js.
// Dev/tests: the pool starts this .ts file with tsx's loader (see pool.ts).
//
// The pool sends at most one run at a time to a worker, so everything here is
// sequential; the message queue below only guards against misuse.

import { parentPort, workerData } from 'node:worker_threads'
import type { RunRequest, WireResult, WorkerConfig, WorkerMessage } from './protocol.js'
import { DEFAULT_SANDBOX_LIMITS, HeapGovernor, HookSandbox, loadQuickJS, type SandboxLimits } from './sandbox.js'

if (!parentPort) throw new Error('hook worker must run in a worker thread')
const port = parentPort
const config = workerData as WorkerConfig

const limits: SandboxLimits = {
  ...DEFAULT_SANDBOX_LIMITS,
  memoryLimitBytes: config.memoryLimitBytes,
  maxStackBytes: config.maxStackBytes,
}
const governor = new HeapGovernor(config.workerHeapLimitBytes)
const quickjs = await loadQuickJS(governor)

/** Warm contexts by hookId. Map iteration order doubles as LRU order (oldest first). */
const contexts = new Map<string, HookSandbox>()
/** Set once the wasm module may be corrupt; every later request fails fast until the pool replaces us. */
let poisoned = false

function disposeQuietly(sb: HookSandbox): void {
  try {
    sb.dispose()
  } catch {
    // JS_FreeRuntime asserts that no object leaked; an abort here means the module is unusable.
    poisoned = true
  }
}

function fail(kind: 'runtime' | 'memory', message: string, durationMs = 0): WireResult {
  return { ok: false, kind, message, logs: [], durationMs }
}

async function handle(req: RunRequest): Promise<WorkerMessage> {
  if (poisoned) return { type: 'result', id: req.id, result: fail('runtime', 'The hook sandbox crashed'), warm: false, retire: true, heapBytes: governor.heapBytes }

  let sb = contexts.get(req.hookId)
  let warm = true
  if (sb && sb.version !== req.version) {
    contexts.delete(req.hookId)
    disposeQuietly(sb)
    sb = undefined
  }
  if (sb) {
    contexts.delete(req.hookId) // re-insert = mark most recently used
    contexts.set(req.hookId, sb)
  } else {
    warm = false
    const t0 = performance.now()
    try {
      sb = new HookSandbox(quickjs, governor, limits, req.version, req.script)
    } catch (err) {
      // Creating a runtime can only fail for lack of heap (or a broken module).
      const oom = err instanceof Error && /memory/i.test(err.message)
      if (!oom) poisoned = true
      const result = fail(oom ? 'memory' : 'runtime', oom ? 'Not enough sandbox memory to start the hook' : 'The hook sandbox crashed', performance.now() - t0)
      return { type: 'result', id: req.id, result, warm, retire: true, heapBytes: governor.heapBytes }
    }
    contexts.set(req.hookId, sb)
    while (contexts.size > config.maxContexts) {
      const [oldestId, oldest] = contexts.entries().next().value as [string, HookSandbox]
      contexts.delete(oldestId)
      disposeQuietly(oldest)
    }
  }

  const outcome = await sb.run({
    argsJson: req.argsJson,
    timeoutMs: req.timeoutMs,
    maxResultBytes: req.maxResultBytes,
    testDisableInterrupt: req.testDisableInterrupt,
  })
  if (outcome.fatal) {
    poisoned = true
    contexts.delete(req.hookId) // never dispose: JS_FreeRuntime could abort on the inconsistent heap
  } else if (!outcome.keep || req.ephemeral) {
    contexts.delete(req.hookId)
    disposeQuietly(sb)
  }
  // Wasm memory never shrinks; after a bomb the only way to give it back is a new thread.
  const retire = poisoned || governor.heapBytes > config.recycleHeapBytes
  return { type: 'result', id: req.id, result: outcome.result, warm, retire, heapBytes: governor.heapBytes }
}

let chain: Promise<void> = Promise.resolve()
port.on('message', (req: RunRequest) => {
  chain = chain.then(async () => {
    port.postMessage(await handle(req))
  })
})
port.postMessage({ type: 'ready' } satisfies WorkerMessage)

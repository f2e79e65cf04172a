// Hook worker: one QuickJS wasm module per thread, many hook contexts in it.
//
// Bundled build: esbuild emits this file as dist/hook-worker.js.
// Dev/tests: the pool starts this .ts file with tsx's loader (see pool.ts).
//
// The pool sends a worker one batch at a time (runs of one hook version) and
// everything here is sequential; the promise chain below only guards against misuse.

import { parentPort, workerData } from 'node:worker_threads';
import {
  CLAIMED,
  MODULE_SETS_KEPT,
  type BatchRun,
  type HookModuleSet,
  type FailureKind,
  type RunBatch,
  type RunOutcome,
  type WireResult,
  type WorkerData,
  type WorkerMessage,
} from './protocol.js';
import { egressDisabled, type HostOpRun, type HostOps } from './host-ops.js';
import { createHookEgress, type EgressBudget, type EgressRequest } from '../egress/fetch';
import {
  DEFAULT_SANDBOX_LIMITS,
  HeapGovernor,
  HookSandbox,
  loadQuickJS,
  timedOut,
  type SandboxLimits,
} from './sandbox.js';

if (!parentPort) throw new Error('hook worker must run in a worker thread');
const port = parentPort;
const { config, claims: claimBuffer } = workerData as WorkerData;
const claims = new Int32Array(claimBuffer);

const limits: SandboxLimits = {
  ...DEFAULT_SANDBOX_LIMITS,
  memoryLimitBytes: config.memoryLimitBytes,
  maxStackBytes: config.maxStackBytes,
};
/**
 * The operations hook code can ask this worker to perform. 'fetch' carries the guest's fetch and
 * http/https requests through the server's egress policy (src/server/hooks/egress), with one
 * budget of requests and response bytes per run; without a policy every outbound request is
 * refused with EGRESS_DISABLED.
 */
function workerHostOps(): HostOps {
  if (!config.egress) return { fetch: egressDisabled };
  const egress = createHookEgress(config.egress, config.egress.ownListeners);
  // A run's signal is its identity: its requests share one budget, dropped with the run.
  const budgets = new WeakMap<AbortSignal, EgressBudget>();
  const budgetOf = (run: HostOpRun): EgressBudget => {
    let budget = budgets.get(run.signal);
    if (!budget) budgets.set(run.signal, (budget = egress.budget(run.deadline)));
    return budget;
  };
  return {
    fetch: (payload, run) => egress.fetch(payload as EgressRequest, budgetOf(run), run.signal),
  };
}
const hostOps = workerHostOps();

const governor = new HeapGovernor(config.workerHeapLimitBytes);
const quickjs = await loadQuickJS(governor);

/** Warm contexts by hookId. Map iteration order doubles as LRU order (oldest first). */
const contexts = new Map<string, HookSandbox>();
/** Set once the wasm module may be corrupt; every later request fails fast until the pool replaces us. */
let poisoned = false;

function disposeQuietly(sb: HookSandbox): void {
  try {
    sb.dispose();
  } catch {
    // JS_FreeRuntime asserts that no object leaked; an abort here means the module is unusable.
    poisoned = true;
  }
}

function fail(kind: FailureKind, message: string, durationMs = 0): WireResult {
  return { ok: false, kind, message, logs: [], durationMs };
}

interface Ran {
  result: WireResult;
  warm: boolean;
  retire: boolean;
}

/** Module sets by content key, oldest first; the pool keeps the same list for this worker (see sendModules in pool.ts). */
const moduleSets = new Map<string, HookModuleSet>();

/** Takes a batch's module set (or the one kept under its key) and marks it most recently used, on receipt. */
function modulesOf(batch: RunBatch): HookModuleSet | undefined | null {
  if (batch.modulesKey === undefined) return undefined;
  const set = batch.modules ?? moduleSets.get(batch.modulesKey);
  moduleSets.delete(batch.modulesKey);
  if (!set) return null;
  moduleSets.set(batch.modulesKey, set);
  while (moduleSets.size > MODULE_SETS_KEPT)
    moduleSets.delete(moduleSets.keys().next().value as string);
  return set;
}

async function runOne(
  req: RunBatch,
  run: BatchRun,
  timeoutMs: number,
  modules: HookModuleSet | undefined,
): Promise<Ran> {
  if (poisoned)
    return { result: fail('runtime', 'The hook sandbox crashed'), warm: false, retire: true };

  let sb = contexts.get(req.hookId);
  let warm = true;
  if (sb && sb.version !== req.version) {
    contexts.delete(req.hookId);
    disposeQuietly(sb);
    sb = undefined;
  }
  if (sb) {
    contexts.delete(req.hookId); // re-insert = mark most recently used
    contexts.set(req.hookId, sb);
  } else {
    warm = false;
    const t0 = performance.now();
    try {
      sb = new HookSandbox(quickjs, governor, limits, req.version, req.script, hostOps, modules);
    } catch (err) {
      // Creating a runtime can only fail for lack of heap (or a broken module).
      const oom = err instanceof Error && /memory/i.test(err.message);
      if (!oom) poisoned = true;
      const result = fail(
        oom ? 'memory' : 'runtime',
        oom ? 'Not enough sandbox memory to start the hook' : 'The hook sandbox crashed',
        performance.now() - t0,
      );
      return { result, warm, retire: true };
    }
    contexts.set(req.hookId, sb);
    while (contexts.size > config.maxContexts) {
      const [oldestId, oldest] = contexts.entries().next().value as [string, HookSandbox];
      contexts.delete(oldestId);
      disposeQuietly(oldest);
    }
  }

  const outcome = await sb.run({
    argsJson: run.argsJson,
    timeoutMs,
    maxResultBytes: run.maxResultBytes,
    testDisableInterrupt: req.testDisableInterrupt,
  });
  if (outcome.fatal) {
    poisoned = true;
    contexts.delete(req.hookId); // never dispose: JS_FreeRuntime could abort on the inconsistent heap
  } else if (!outcome.keep || req.ephemeral) {
    contexts.delete(req.hookId);
    disposeQuietly(sb);
  }
  // Wasm memory never shrinks; after a bomb the only way to give it back is a new thread.
  const retire = poisoned || governor.heapBytes > config.recycleHeapBytes;
  return { result: outcome.result, warm, retire };
}

/** Results of a batch go back together, or sooner once a run has taken this long (a slow run never holds finished ones). */
const FLUSH_AFTER_MS = 1;

async function handleBatch(
  batch: RunBatch,
  modules: HookModuleSet | undefined | null,
): Promise<void> {
  const received = performance.now();
  let results: RunOutcome[] = [];
  let sentAt = received;
  let retire = false;
  for (const run of batch.runs) {
    // Taken back by the pool (this batch was slow): another worker runs it, no result from here.
    if (Atomics.compareExchange(claims, run.claim, batch.seq, CLAIMED) !== batch.seq) continue;
    if (retire) {
      results.push({ id: run.id, requeue: true });
      continue;
    }
    // Runs wait for the ones before them; their deadlines count from when the batch arrived.
    const remaining = received + run.timeoutMs - performance.now();
    if (remaining <= 0) {
      results.push({ id: run.id, result: fail('timeout', timedOut(run.timeoutMs)), warm: false });
      continue;
    }
    let ran: Ran;
    try {
      ran =
        modules === null
          ? {
              result: fail('runtime', "The hook's npm modules did not reach this worker"),
              warm: false,
              retire: true,
            }
          : await runOne(batch, run, remaining, modules);
    } catch {
      // A host-side error here is a bug of ours; it fails this run and retires the worker, never more.
      poisoned = true;
      ran = { result: fail('runtime', 'The hook sandbox crashed'), warm: false, retire: true };
    }
    results.push({ id: run.id, result: ran.result, warm: ran.warm });
    retire = ran.retire;
    const now = performance.now();
    if (!retire && now - sentAt > FLUSH_AFTER_MS) {
      port.postMessage({
        type: 'results',
        results,
        retire: false,
        heapBytes: governor.heapBytes,
      } satisfies WorkerMessage);
      results = [];
      sentAt = now;
    }
  }
  if (results.length > 0 || retire)
    port.postMessage({
      type: 'results',
      results,
      retire,
      heapBytes: governor.heapBytes,
    } satisfies WorkerMessage);
}

let chain: Promise<void> = Promise.resolve();
port.on('message', (batch: RunBatch) => {
  const modules = modulesOf(batch);
  chain = chain
    .then(() => handleBatch(batch, modules))
    .catch(() => {
      poisoned = true;
    });
});
port.postMessage({ type: 'ready' } satisfies WorkerMessage);

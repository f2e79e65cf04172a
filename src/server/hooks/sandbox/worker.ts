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
  loadQuickJS,
  timedOut,
  type SandboxLimits,
} from './sandbox.js';
import { ContextCache, fail } from './contexts.js';

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

const cache = new ContextCache(quickjs, governor, limits, hostOps, config.maxContexts);

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
  const key = { ...req, modules };
  const got = cache.acquire(key);
  if ('failure' in got) return { result: got.failure, warm: false, retire: true };
  const outcome = await got.sandbox.run({
    argsJson: run.argsJson,
    timeoutMs,
    maxResultBytes: run.maxResultBytes,
    testDisableInterrupt: req.testDisableInterrupt,
  });
  cache.release(key, got.sandbox, outcome);
  // Wasm memory never shrinks; after a bomb the only way to give it back is a new thread.
  const retire = cache.poisoned || governor.heapBytes > config.recycleHeapBytes;
  return { result: outcome.result, warm: got.warm, retire };
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
      cache.poisoned = true;
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
      cache.poisoned = true;
    });
});
port.postMessage({ type: 'ready' } satisfies WorkerMessage);

// Hook worker: one QuickJS wasm module per thread, many hook contexts in it.
//
// Bundled build: esbuild emits this file as dist/hook-worker.js.
// Dev/tests: the pool starts this .ts file with tsx's loader (see pool.ts).
//
// The pool sends a worker one batch at a time (runs of one hook version). Its runs start in order;
// one that waits for I/O (an outbound call, a timer) lets the next ones start, in contexts of
// their own, up to MAX_WAITING at once. Batches are handled one after another.

import { parentPort, workerData } from 'node:worker_threads';
import {
  CLAIMED,
  MODULE_SETS_KEPT,
  WAITING,
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
  // All requests of a run share one budget, dropped with the run.
  const budgets = new WeakMap<object, EgressBudget>();
  const budgetOf = (run: HostOpRun): EgressBudget => {
    let budget = budgets.get(run.identity);
    if (!budget) budgets.set(run.identity, (budget = egress.budget(run.deadline)));
    return budget;
  };
  return {
    fetch: (payload, run) => egress.fetch(payload as EgressRequest, budgetOf(run), run.signal),
  };
}
const hostOps = workerHostOps();

/** Runs of one batch that may wait for I/O at once here, each in a context of its own. */
const MAX_WAITING = 8;
/**
 * Runtimes dropped unfreed after suspect runs (ContextCache.dropped) before the worker retires:
 * each keeps what its hook kept, in the wasm heap and on this thread's JS heap.
 */
const MAX_DROPPED_RUNTIMES = 16;

const governor = new HeapGovernor(config.workerHeapLimitBytes);
const quickjs = await loadQuickJS(governor);

const cache = new ContextCache(
  quickjs,
  governor,
  limits,
  hostOps,
  config.maxContexts,
  MAX_WAITING + 1,
);

interface Ran {
  result: WireResult;
  warm: boolean;
  retire: boolean;
  waitedMs?: number | undefined;
  behindOthersMs?: number | undefined;
  loadMs?: number | undefined;
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

/** Time this worker has spent running hooks' code (ms), all runs together. */
let busyMs = 0;

/**
 * Starts a run: it goes as far as it can without waiting. `waiting` when it now waits for a timer
 * or a host operation (an outbound call); the next run of the batch may start meanwhile.
 */
function startRun(
  req: RunBatch,
  run: BatchRun,
  timeoutMs: number,
  modules: HookModuleSet | undefined,
): { waiting: boolean; done: Promise<Ran> } {
  // This run's own time running (making its context included), and the worker's for all runs
  // since it started: the difference is time it waited for the CPU while others ran.
  const busyBefore = busyMs;
  let ownMs = 0;
  let segment = performance.now();
  const ranFor = () => {
    const now = performance.now();
    ownMs += now - segment;
    busyMs += now - segment;
  };
  const key = { ...req, modules };
  const got = cache.acquire(key);
  if ('failure' in got) {
    ranFor();
    return {
      waiting: false,
      done: Promise.resolve({ result: got.failure, warm: false, retire: true }),
    };
  }
  const { sandbox } = got;
  const done = sandbox
    .run({
      argsJson: run.argsJson,
      timeoutMs,
      maxResultBytes: run.maxResultBytes,
      testDisableInterrupt: req.testDisableInterrupt,
      // The pool reads the flag: a waiting run does not hold this worker (see WAITING).
      onWait: (waiting) => {
        if (waiting) {
          ranFor();
          Atomics.compareExchange(claims, run.claim, CLAIMED, WAITING);
        } else {
          segment = performance.now();
          Atomics.compareExchange(claims, run.claim, WAITING, CLAIMED);
        }
      },
    })
    .then((outcome) => {
      ranFor();
      cache.release(key, sandbox, outcome);
      // Wasm memory never shrinks; after a bomb the only way to give it back is a new thread.
      const retire =
        cache.poisoned ||
        governor.heapBytes > config.recycleHeapBytes ||
        cache.dropped >= MAX_DROPPED_RUNTIMES;
      const { waitedMs, loadMs } = outcome;
      const behindOthersMs = waitedMs === undefined ? 0 : Math.max(0, busyMs - busyBefore - ownMs);
      return { result: outcome.result, warm: got.warm, retire, waitedMs, behindOthersMs, loadMs };
    });
  return { waiting: sandbox.running, done };
}

/** Results of a batch go back together, or sooner once a run has taken this long (a slow run never holds finished ones). */
const FLUSH_AFTER_MS = 1;

// A host-side error here is a bug of ours; it fails this run and retires the worker, never more.
const crashed = (): Ran => ({
  result: fail('runtime', 'The hook sandbox crashed'),
  warm: false,
  retire: true,
});

async function handleBatch(
  batch: RunBatch,
  modules: HookModuleSet | undefined | null,
): Promise<void> {
  const received = performance.now();
  let results: RunOutcome[] = [];
  let sentAt = received;
  let retire = false;
  /** Runs waiting for I/O, by id. */
  const waiting = new Map<number, Promise<void>>();
  const settle = (id: number, ran: Ran) => {
    results.push({
      id,
      result: ran.result,
      warm: ran.warm,
      ...(ran.waitedMs !== undefined && {
        waitedMs: ran.waitedMs,
        behindOthersMs: ran.behindOthersMs ?? 0,
      }),
      ...(ran.loadMs !== undefined && { loadMs: ran.loadMs }),
    });
    if (ran.retire) retire = true;
  };
  const send = (last: boolean) => {
    port.postMessage({
      type: 'results',
      results,
      retire: last && retire,
      heapBytes: governor.heapBytes,
    } satisfies WorkerMessage);
    results = [];
    sentAt = performance.now();
  };
  // Once retiring, results go back early only while runs still wait: a message that reported the
  // batch's last run would free this worker for a new batch before it says it retires.
  const sendable = () => results.length > 0 && (!retire || waiting.size > 0);
  for (const run of batch.runs) {
    // Another run starts beside the waiting ones only with room for its heap budget.
    while (
      waiting.size > 0 &&
      !retire &&
      (waiting.size >= MAX_WAITING ||
        config.workerHeapLimitBytes - governor.heapBytes < config.memoryLimitBytes)
    )
      await Promise.race(waiting.values());
    // Runs still waiting grew the heap past the mark: this worker takes no more.
    if (waiting.size > 0 && governor.heapBytes > config.recycleHeapBytes) retire = true;
    // Claimed only once it can start: until then the pool may still give it to another worker.
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
    if (modules === null) {
      settle(run.id, {
        result: fail('runtime', "The hook's npm modules did not reach this worker"),
        warm: false,
        retire: true,
      });
      continue;
    }
    let started: { waiting: boolean; done: Promise<Ran> };
    try {
      started = startRun(batch, run, remaining, modules);
    } catch {
      cache.poisoned = true;
      settle(run.id, crashed());
      continue;
    }
    const finished = started.done.then(
      (ran) => settle(run.id, ran),
      () => {
        cache.poisoned = true;
        settle(run.id, crashed());
      },
    );
    if (started.waiting) {
      waiting.set(
        run.id,
        finished.then(() => void waiting.delete(run.id)),
      );
    } else await finished;
    if (sendable() && performance.now() - sentAt > FLUSH_AFTER_MS) send(false);
  }
  while (waiting.size > 0) {
    if (cache.poisoned) {
      // The module may be corrupt: no waiting run is resumed in it; the pool replaces this worker.
      for (const id of waiting.keys()) settle(id, crashed());
      waiting.clear();
      break;
    }
    await Promise.race(waiting.values());
    if (sendable()) send(false);
  }
  if (results.length > 0 || retire) send(true);
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

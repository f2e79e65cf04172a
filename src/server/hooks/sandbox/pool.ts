// Main-thread side: a fixed set of hook workers (and surge workers while every
// one of them is held by one run past 250 ms), a FIFO queue, affinity dispatch,
// and a deadline enforced independently of the worker.
//
// Every failure is returned as a value; run() never rejects.

import { Worker } from 'node:worker_threads';
import { workerEntry, type WorkerEntry } from '../../worker-entry.js';
import { decodeResult } from './result-json.js';
import {
  CLAIMED,
  MODULE_SETS_KEPT,
  STOLEN,
  WAITING,
  type FailureKind,
  type HookModuleSet,
  type HookEgressConfig,
  type HookResult,
  type RunBatch,
  type RunOutcome,
  type WireResult,
  type WorkerConfig,
  type WorkerData,
  type WorkerMessage,
} from './protocol.js';

export type { HookResult, LogLine, FailureKind } from './protocol.js';

export interface HookPoolOptions {
  /** Number of worker threads. */
  size?: number;
  /** Per-hook memory budget (single allocation cap and per-run heap growth). */
  memoryLimitBytes?: number;
  /** Hard cap on one worker's wasm heap. Default: max(4 x memoryLimitBytes, 64 MiB). */
  workerHeapLimitBytes?: number;
  /** A worker whose heap ends a run above this is replaced. Default: half the heap cap. */
  recycleHeapBytes?: number;
  /** QuickJS stack limit. Default 256 KiB; keep it far below the worker's native stack. */
  maxStackBytes?: number;
  /** Native stack of each worker thread (resourceLimits.stackSizeMb). Default 16. */
  workerStackSizeMb?: number;
  /** Warm contexts kept per worker (LRU). Default 64. */
  maxContextsPerWorker?: number;
  /** How long past a run's deadline the main thread waits before killing the worker. Default 1000 ms. */
  graceMs?: number;
  /** A batch still running after this long gives its unstarted runs to other workers. Default 10 ms (a batch of quick hooks takes well under 1 ms). */
  stealAfterMs?: number;
  /** Runs waiting for a worker beyond this are rejected immediately. Default 1000. */
  maxQueue?: number;
  /** Override the worker entry (and its execArgv); see resolveWorkerEntry(). */
  worker?: WorkerEntry;
  /** Operational events (worker crashes, replacements) for the server's logger. */
  onEvent?: (event: PoolEvent) => void;
  /** Outbound HTTP for hook code under this policy; absent, hooks cannot call out. */
  egress?: HookEgressConfig;
  /**
   * Most extra workers started while every worker is held by one run past 250 ms and other
   * clients' runs wait (HookPool's `surge`). Default: `size`.
   */
  maxSurge?: number;
}

/** Why a worker ended: past a batch's deadline, it asked to, it died, or it never started. */
export type WorkerEndReason = 'deadline' | 'retire' | 'crash' | 'start-timeout';

export type PoolEvent =
  | { type: 'worker-error'; worker: number; error: unknown }
  | { type: 'worker-surge'; worker: number }
  | {
      type: 'worker-surge-stopped';
      worker: number;
      reason: WorkerEndReason;
    }
  | {
      type: 'worker-replaced';
      worker: number;
      reason: WorkerEndReason;
    };

export interface RunOptions {
  hookId: string;
  /** Contexts are reused per (hookId, version); a new version rebuilds the context. */
  version: string;
  script: string;
  args: unknown[];
  /** Budget measured from the call to run(), queue wait included. Default 5000. */
  timeoutMs?: number;
  maxResultBytes?: number;
  /** Discard the context after this run instead of keeping it warm (Runner drafts). */
  ephemeral?: boolean;
  /** The version's npm modules and their content key; sent to a worker only when it lacks that key. */
  modules?: { key: string; set: HookModuleSet };
  /** Test-only: disable the in-VM interrupt so only the main-thread backstop can stop the run. */
  testDisableInterrupt?: boolean;
  /**
   * Whose run this is (e.g. hook version and client). While a run of a group holds its worker
   * past LONG_RUN_MS, and for LONG_GROUP_MS after one finished that late, the group's runs count
   * as long, queued ones included. Long runs never take the last free worker, so a client whose
   * input makes a hook loop gets at most all workers but one, from its first slow run on, and
   * costs only its own requests.
   */
  group?: string;
}

export interface PoolStats {
  workersStarted: number;
  workersReplaced: number;
  queued: number;
  busy: number;
  /** Surge workers running now. */
  surge: number;
  warmHits: number;
  coldStarts: number;
}

/** The hook worker's code: dist/hook-worker.js when bundled, worker.ts built on the spot in dev and tests. */
export function resolveWorkerEntry(): WorkerEntry {
  return workerEntry('hook-worker', new URL('./worker.ts', import.meta.url));
}

interface Job {
  id: number;
  hookId: string;
  version: string;
  script: string;
  argsJson: string;
  maxResultBytes: number;
  ephemeral: boolean;
  modules: { key: string; set: HookModuleSet } | undefined;
  testDisableInterrupt: boolean;
  group: string | undefined;
  deadline: number;
  timeoutMs: number;
  preferred: number;
  timer: NodeJS.Timeout | undefined;
  dispatchedAt: number;
  /** Its position in the batch in flight (claim flag index). */
  claim: number;
  /**
   * Settles the run. `ran` when it ran in a worker: of its durationMs it waited `waitedMs`, of
   * which `behindOthersMs` while other runs held the worker, and it loaded the script `loadMs` (a
   * new context's cost, the same for every client). A run that never started (no worker in time,
   * a crash, close) says nothing of its group.
   */
  resolve: (r: HookResult, ran?: RunTimes) => void;
}

interface RunTimes {
  waitedMs: number;
  behindOthersMs: number;
  loadMs: number;
}

interface Slot {
  index: number;
  worker: Worker;
  ready: boolean;
  /** The batch in flight (empty: idle), in the order the worker runs it. */
  jobs: Job[];
  /** Backstop of the batch in flight. */
  timer: NodeJS.Timeout | undefined;
  /** Takes back the batch's unstarted runs if it is still running after stealAfterMs. */
  stealTimer: NodeJS.Timeout | undefined;
  /** Claim flags shared with the worker (see protocol.ts). */
  claims: Int32Array;
  /** Number of the batch in flight, written in its claim flags. */
  batchSeq: number;
  /** Set when we terminate the worker ourselves, so 'exit' is not treated as a crash. */
  retiring: boolean;
  startFailures: number;
  readyTimer: NodeJS.Timeout | undefined;
  /** The module sets this worker keeps, oldest first: the same list the worker keeps (MODULE_SETS_KEPT). */
  moduleKeys: string[];
}

const READY_TIMEOUT_MS = 15_000;
/** Most runs sent to a worker in one message. */
const MAX_BATCH = 16;
/** A run that holds its worker longer than this makes its group long (RunOptions.group). */
const LONG_RUN_MS = 25;
/**
 * Time a run spends waiting for I/O holds its worker's CPU no longer (the worker runs others
 * meanwhile), but still its place in the batch: a run that takes longer than this in all, a slow
 * outbound API, makes its group long as well.
 */
const LONG_WAIT_MS = 250;
/**
 * Every worker held by one run for longer than this (a run that loops, or waits for a slow API)
 * while other clients' runs wait: the pool starts a surge worker for them.
 */
const SURGE_AFTER_MS = 250;
/** How often a queue that no worker could take is looked at again, for surge workers. */
const SURGE_RECHECK_MS = 50;
/** How long after a surge worker failed to start no other is started. */
const SURGE_RETRY_MS = 1000;
/** How long a group stays long after one of its runs took over LONG_RUN_MS. */
const LONG_GROUP_MS = 5000;
/** Groups remembered as long at most (the oldest is forgotten first). */
const MAX_LONG_GROUPS = 10_000;

export class HookPool {
  private readonly size: number;
  private readonly config: WorkerConfig;
  private readonly entry: WorkerEntry;
  private readonly graceMs: number;
  private readonly stealAfterMs: number;
  private readonly maxQueue: number;
  private readonly stackSizeMb: number;
  private readonly slots: Slot[] = [];
  /**
   * Surge workers: started while every worker of `slots` is held by one run past SURGE_AFTER_MS
   * and runs of other groups wait. They take only runs that are not long, and stop once idle
   * while a worker of `slots` is free again. Without them, a few simultaneous first runs stuck in
   * one native call (which the interrupt cannot cut: only the backstop stops it, at the deadline
   * and its grace), each of a group not yet known as long, held every worker, and nobody else got
   * a token until the backstop replaced them.
   */
  private readonly surge: Slot[] = [];
  private readonly maxSurge: number;
  /** Looks again at a queue no worker could take, for surge workers. */
  private recheck: NodeJS.Timeout | undefined;
  private surgeSeq = 0;
  /** When a surge worker last failed to start (performance.now()). */
  private surgeFailedAt = Number.NEGATIVE_INFINITY;
  private queue: Job[] = [];
  /** Groups whose runs count as long until the time given (performance.now()). */
  private readonly longGroups = new Map<string, number>();
  private seq = 0;
  private closed = false;
  private readonly counters = { workersStarted: 0, workersReplaced: 0, warmHits: 0, coldStarts: 0 };
  private readyWaiters: Array<() => void> = [];
  private readonly onEvent: (event: PoolEvent) => void;

  constructor(options: HookPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? 2);
    const memoryLimitBytes = options.memoryLimitBytes ?? 32 * 1024 * 1024;
    const workerHeapLimitBytes =
      options.workerHeapLimitBytes ?? Math.max(4 * memoryLimitBytes, 64 * 1024 * 1024);
    this.config = {
      memoryLimitBytes,
      workerHeapLimitBytes,
      recycleHeapBytes: options.recycleHeapBytes ?? workerHeapLimitBytes / 2,
      maxStackBytes: options.maxStackBytes ?? 256 * 1024,
      maxContexts: options.maxContextsPerWorker ?? 64,
      ...(options.egress && { egress: options.egress }),
    };
    this.entry = options.worker ?? resolveWorkerEntry();
    this.graceMs = options.graceMs ?? 1000;
    this.stealAfterMs = options.stealAfterMs ?? 10;
    this.maxQueue = options.maxQueue ?? 1000;
    this.stackSizeMb = options.workerStackSizeMb ?? 16;
    this.onEvent = options.onEvent ?? (() => {});
    this.maxSurge = Math.max(0, options.maxSurge ?? this.size);
    for (let i = 0; i < this.size; i++) this.slots.push(this.spawn(i, 0));
  }

  /** Resolves once every worker has loaded the wasm module (optional; run() queues until then anyway). */
  ready(): Promise<void> {
    if (this.slots.every((s) => s.ready)) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  stats(): PoolStats {
    return {
      ...this.counters,
      queued: this.queue.length,
      busy: this.allSlots().filter((s) => s.jobs.length > 0).length,
      surge: this.surge.length,
    };
  }

  run(options: RunOptions): Promise<HookResult> {
    const timeoutMs = options.timeoutMs ?? 5000;
    const started = performance.now();
    const early = (kind: FailureKind, message: string): Promise<HookResult> =>
      Promise.resolve({ ok: false, kind, message, logs: [], durationMs: 0 });
    if (this.closed) return early('runtime', 'The hook pool is closed');
    if (!Array.isArray(options.args)) return early('runtime', 'Hook arguments must be an array');
    let argsJson: string;
    try {
      argsJson = JSON.stringify(options.args);
    } catch {
      return early('runtime', 'Hook arguments are not JSON-serializable');
    }
    if (this.queue.length >= this.maxQueue) return early('runtime', 'The hook pool is overloaded');

    return new Promise<HookResult>((resolve) => {
      const job: Job = {
        id: ++this.seq,
        hookId: options.hookId,
        version: options.version,
        script: options.script,
        argsJson,
        maxResultBytes: options.maxResultBytes ?? 100 * 1024,
        ephemeral: options.ephemeral ?? false,
        modules: options.modules,
        testDisableInterrupt: options.testDisableInterrupt ?? false,
        group: options.group,
        deadline: started + timeoutMs,
        timeoutMs,
        preferred: hash(options.hookId) % this.size,
        timer: undefined,
        dispatchedAt: 0,
        claim: 0,
        resolve: (result, ran) => {
          if (
            job.group !== undefined &&
            ran &&
            (result.durationMs - ran.waitedMs - ran.loadMs > LONG_RUN_MS ||
              result.durationMs - ran.behindOthersMs - ran.loadMs > LONG_WAIT_MS)
          ) {
            this.longGroups.delete(job.group);
            if (this.longGroups.size >= MAX_LONG_GROUPS)
              this.longGroups.delete(this.longGroups.keys().next().value as string);
            this.longGroups.set(job.group, performance.now() + LONG_GROUP_MS);
          }
          resolve(result);
        },
      };
      this.queue.push(job);
      this.pump();
      // Only a job no idle worker took needs its queue deadline (most runs are dispatched at once).
      if (this.queue.includes(job)) this.expireWhileQueued(job);
    });
  }

  /** While queued, a job simply expires at its deadline. */
  private expireWhileQueued(job: Job): void {
    job.timer = setTimeout(
      () => {
        const i = this.queue.indexOf(job);
        if (i >= 0) {
          this.queue.splice(i, 1);
          job.resolve(noWorkerInTime(job.timeoutMs));
        }
      },
      Math.max(0, job.deadline - performance.now()),
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.recheck);
    for (const job of this.queue.splice(0)) {
      clearTimeout(job.timer);
      job.resolve({
        ok: false,
        kind: 'runtime',
        message: 'The hook pool is closed',
        logs: [],
        durationMs: 0,
      });
    }
    await Promise.all(
      [...this.slots, ...this.surge.splice(0)].map((s) => {
        s.retiring = true;
        clearTimeout(s.readyTimer);
        this.finishAll(s, {
          ok: false,
          kind: 'runtime',
          message: 'The hook pool is closed',
          logs: [],
          durationMs: 0,
        });
        return s.worker.terminate();
      }),
    );
  }

  // --- dispatch --------------------------------------------------------------

  /**
   * Affinity first (hash(hookId) % size keeps a hook's context warm in one
   * worker), but never leave a job waiting while some worker is idle: an idle
   * worker takes it and builds the context cold (about a millisecond). Under
   * sustained load hot hooks therefore end up warm in every worker.
   *
   * A worker takes a batch: the picked job plus queued jobs of the same hook
   * version (up to MAX_BATCH), in one message. Drafts and test-only runs go alone.
   */
  private pump(): void {
    while (this.queue.length > 0) {
      const now = performance.now();
      const late = this.lateGroups(now);
      const isLong = (job: Job) =>
        job.group !== undefined && (late.has(job.group) || this.ranLate(job.group, now));
      const idle = this.slots.filter(isIdle);
      // Surge workers take work only while every worker of the pool's own is held.
      const idleSurge =
        this.surge.length > 0 && this.surgeNeeded(now) ? this.surge.filter(isIdle) : [];
      if (idle.length === 0 && idleSurge.length === 0) {
        this.surgeIfHeld(now, isLong);
        break;
      }
      const longBusy = this.slots.filter((s) => s.jobs.some(isLong)).length;
      const mayTake = (job: Job) => !isLong(job) || this.size < 2 || longBusy < this.size - 1;
      let pick: { job: Job; slot: Slot } | undefined;
      // Look a little past the head for a job whose preferred worker is idle, to keep affinity without starving the head.
      const window = Math.min(this.queue.length, 16);
      for (let i = 0; i < window && !pick; i++) {
        const job = this.queue[i]!;
        const slot = idle.find((s) => s.index === job.preferred);
        if (slot && mayTake(job)) pick = { job, slot };
      }
      if (!pick && idle.length > 0) {
        const job = this.queue.find(mayTake);
        if (job) pick = { job, slot: idle[0]! };
      }
      // A surge worker takes only what is not long.
      if (!pick && idleSurge.length > 0) {
        const job = this.queue.find((j) => !isLong(j));
        if (job) pick = { job, slot: idleSurge[0]! };
      }
      if (!pick) {
        if (idle.length === 0) this.surgeIfHeld(now, isLong);
        break;
      }
      const { job: first, slot } = pick;
      const batch = [first];
      if (batchable(first) && !isLong(first)) {
        for (const job of this.queue) {
          if (batch.length >= MAX_BATCH) break;
          if (
            job !== first &&
            job.hookId === first.hookId &&
            job.version === first.version &&
            job.modules?.key === first.modules?.key &&
            batchable(job) &&
            !isLong(job)
          )
            batch.push(job);
        }
      }
      const taken = new Set(batch);
      this.queue = this.queue.filter((job) => !taken.has(job));
      this.dispatch(slot, batch);
    }
    this.stopIdleSurge();
  }

  /** Every worker of the pool's own is held by one run past SURGE_AFTER_MS. */
  private surgeNeeded(now: number): boolean {
    return this.slots.every((slot) => heldPastSurge(slot, now));
  }

  /**
   * Every worker is busy and runs wait. While every worker of the pool's own is held past
   * SURGE_AFTER_MS and a waiting run is not long, starts a surge worker (at most maxSurge, one
   * at a time, none for SURGE_RETRY_MS after one failed to start); otherwise looks again in
   * SURGE_RECHECK_MS.
   */
  private surgeIfHeld(now: number, isLong: (job: Job) => boolean): void {
    if (this.closed || !this.queue.some((job) => !isLong(job))) return;
    const backingOff = now - this.surgeFailedAt < SURGE_RETRY_MS;
    if (this.surgeNeeded(now) && !backingOff) {
      const starting = this.surge.some((s) => !s.ready);
      if (this.surge.length < this.maxSurge && !starting) {
        const index = this.size + this.surgeSeq++;
        this.surge.push(this.spawn(index, 0));
        this.onEvent({ type: 'worker-surge', worker: index });
      }
      // A surge worker's 'ready', or any run ending, pumps again.
      return;
    }
    this.recheck ??= setTimeout(() => {
      this.recheck = undefined;
      this.pump();
    }, SURGE_RECHECK_MS).unref();
  }

  /** Idle surge workers stop once a worker of the pool's own is free or no longer held. */
  private stopIdleSurge(): void {
    if (this.surge.length === 0 || this.surgeNeeded(performance.now())) return;
    for (const slot of this.surge.filter(isIdle)) this.retire(slot);
  }

  private retire(slot: Slot): void {
    const at = this.surge.indexOf(slot);
    if (at < 0) return;
    this.surge.splice(at, 1);
    slot.retiring = true;
    clearTimeout(slot.readyTimer);
    void slot.worker.terminate();
  }

  private allSlots(): Slot[] {
    return this.surge.length === 0 ? this.slots : [...this.slots, ...this.surge];
  }

  /** The groups with a run holding its worker past LONG_RUN_MS (LONG_WAIT_MS while it waits for I/O) now; found once per pick. */
  private lateGroups(now: number): Set<string> {
    const late = new Set<string>();
    for (const slot of this.allSlots())
      for (const job of slot.jobs)
        if (job.group !== undefined && holdsLong(slot, job, now)) late.add(job.group);
    return late;
  }

  /** Whether one of the group's runs finished past LONG_RUN_MS within the last LONG_GROUP_MS. */
  private ranLate(group: string, now: number): boolean {
    const until = this.longGroups.get(group);
    if (until === undefined) return false;
    if (until > now) return true;
    this.longGroups.delete(group);
    return false;
  }

  private dispatch(slot: Slot, jobs: Job[]): void {
    const now = performance.now();
    const live: Job[] = [];
    for (const job of jobs) {
      clearTimeout(job.timer);
      job.timer = undefined;
      if (job.deadline > now) live.push(job);
      else job.resolve(noWorkerInTime(0));
    }
    if (live.length === 0) return;
    const first = live[0]!;
    slot.jobs = live;
    const seq = (slot.batchSeq = (slot.batchSeq % 0x7fffffff) + 1);
    live.forEach((job, i) => {
      job.claim = i;
      Atomics.store(slot.claims, i, seq);
    });
    if (live.length > 1) slot.stealTimer = setTimeout(() => this.steal(slot), this.stealAfterMs);
    slot.worker.ref();
    let last = 0;
    for (const job of live) {
      job.dispatchedAt = now;
      last = Math.max(last, job.deadline);
    }
    // Backstop: if the worker has not answered by the batch's last deadline + grace, the
    // in-VM interrupt did not work (native loop, wasm bug, host bug): kill it.
    slot.timer = setTimeout(() => this.onWorkerDeadline(slot), last - now + this.graceMs);
    const batch: RunBatch = {
      type: 'batch',
      seq,
      hookId: first.hookId,
      version: first.version,
      script: first.script,
      ephemeral: first.ephemeral || undefined,
      ...sendModules(slot, first.modules),
      testDisableInterrupt: first.testDisableInterrupt || undefined,
      runs: live.map((job) => ({
        id: job.id,
        claim: job.claim,
        argsJson: job.argsJson,
        timeoutMs: job.deadline - now,
        maxResultBytes: job.maxResultBytes,
      })),
    };
    slot.worker.postMessage(batch);
  }

  /** The batch is slow (a long or hostile run): its runs not started yet go back to the head of the queue, for other workers. */
  private steal(slot: Slot): void {
    slot.stealTimer = undefined;
    const stolen = slot.jobs.filter(
      (job) =>
        Atomics.compareExchange(slot.claims, job.claim, slot.batchSeq, STOLEN) === slot.batchSeq,
    );
    if (stolen.length === 0) return;
    slot.jobs = slot.jobs.filter((job) => !stolen.includes(job));
    this.requeue(stolen);
    this.settled(slot);
    this.pump();
  }

  /** Back to the head of the queue, deadlines unchanged. */
  private requeue(jobs: Job[]): void {
    for (const job of jobs) this.expireWhileQueued(job);
    this.queue.unshift(...jobs);
  }

  private onWorkerDeadline(slot: Slot): void {
    if (slot.jobs.length === 0) return;
    const now = performance.now();
    for (const job of slot.jobs.splice(0)) {
      const state = Atomics.load(slot.claims, job.claim);
      job.resolve(
        {
          ok: false,
          kind: 'timeout',
          message: `The hook did not finish within ${job.timeoutMs} ms; its worker was terminated`,
          logs: [],
          durationMs: now - job.dispatchedAt,
        },
        state === CLAIMED || state === WAITING
          ? { waitedMs: 0, behindOthersMs: 0, loadMs: 0 }
          : undefined,
      );
    }
    this.settled(slot);
    this.replace(slot, 'deadline');
  }

  /** Resolves every job of the slot's batch with `result` and frees the slot. */
  private finishAll(slot: Slot, result: HookResult): void {
    for (const job of slot.jobs.splice(0)) job.resolve(result);
    this.settled(slot);
  }

  /** Once the batch in flight is empty: stop its backstop; an idle worker never keeps the process alive. */
  private settled(slot: Slot): void {
    if (slot.jobs.length > 0) return;
    clearTimeout(slot.timer);
    clearTimeout(slot.stealTimer);
    slot.timer = undefined;
    slot.stealTimer = undefined;
    slot.worker.unref();
  }

  // --- worker lifecycle ---------------------------------------------------------

  private spawn(index: number, startFailures: number): Slot {
    const claims = new SharedArrayBuffer(MAX_BATCH * Int32Array.BYTES_PER_ELEMENT);
    const worker = new Worker(this.entry.url, {
      workerData: { config: this.config, claims } satisfies WorkerData,
      execArgv: this.entry.execArgv,
      name: `hook-worker-${index}`,
      // QuickJS recursion runs on this native stack (wasm frames); see sandbox.ts.
      resourceLimits: { stackSizeMb: this.stackSizeMb },
    });
    this.counters.workersStarted++;
    const slot: Slot = {
      index,
      worker,
      ready: false,
      jobs: [],
      timer: undefined,
      stealTimer: undefined,
      claims: new Int32Array(claims),
      batchSeq: 0,
      retiring: false,
      startFailures,
      readyTimer: undefined,
      moduleKeys: [],
    };
    slot.readyTimer = setTimeout(() => {
      if (!slot.ready && !slot.retiring) this.replace(slot, 'start-timeout');
    }, READY_TIMEOUT_MS);
    worker.on('message', (msg: WorkerMessage) => {
      try {
        this.onMessage(slot, msg);
      } catch (error) {
        // Never let one message take the process down: report it and replace the worker.
        this.onEvent({ type: 'worker-error', worker: index, error });
        this.finishAll(slot, {
          ok: false,
          kind: 'runtime',
          message: 'The hook worker sent an unreadable message',
          logs: [],
          durationMs: 0,
        });
        this.replace(slot, 'crash');
      }
    });
    // 'exit' always follows 'error'; the job is settled there.
    worker.on('error', (error) => this.onEvent({ type: 'worker-error', worker: index, error }));
    worker.on('exit', () => this.onExit(slot));
    return slot;
  }

  private onMessage(slot: Slot, msg: WorkerMessage): void {
    if (slot.retiring) return;
    if (msg.type === 'ready') {
      slot.ready = true;
      slot.startFailures = 0;
      clearTimeout(slot.readyTimer);
      // Workers are ref'd only while starting or busy: an idle pool never keeps the process alive.
      slot.worker.unref();
      if (this.slots.every((s) => s.ready)) for (const w of this.readyWaiters.splice(0)) w();
      this.pump();
      return;
    }
    const requeue: Job[] = [];
    for (const outcome of msg.results) {
      const i = slot.jobs.findIndex((job) => job.id === outcome.id);
      if (i < 0) continue;
      const [job] = slot.jobs.splice(i, 1) as [Job];
      if ('requeue' in outcome) requeue.push(job);
      else this.complete(job, outcome);
    }
    this.settled(slot);
    // Not started by a retiring worker.
    if (requeue.length > 0) this.requeue(requeue);
    if (msg.retire) this.replace(slot, 'retire');
    else this.pump();
  }

  private complete(job: Job, outcome: Exclude<RunOutcome, { requeue: true }>): void {
    if (outcome.warm) this.counters.warmHits++;
    else this.counters.coldStarts++;
    let result: HookResult;
    try {
      result = toHookResult(outcome.result);
    } catch {
      // A malformed message from a worker fails this run only.
      result = {
        ok: false,
        kind: 'runtime',
        message: 'The hook result could not be read',
        logs: [],
        durationMs: 0,
      };
    }
    job.resolve(result, {
      waitedMs: outcome.waitedMs ?? 0,
      behindOthersMs: outcome.behindOthersMs ?? 0,
      loadMs: outcome.loadMs ?? 0,
    });
  }

  private onExit(slot: Slot): void {
    clearTimeout(slot.readyTimer);
    if (slot.retiring || this.closed) return;
    // Unexpected death (uncaught error, OOM of the thread, failed startup).
    this.finishAll(slot, {
      ok: false,
      kind: 'runtime',
      message: 'The hook worker crashed',
      logs: [],
      durationMs: 0,
    });
    this.replace(slot, 'crash');
  }

  private replace(slot: Slot, reason: WorkerEndReason): void {
    if (this.surge.includes(slot)) {
      // Surge workers are not replaced: the pool starts another one if it is still needed.
      if (!slot.ready) this.surgeFailedAt = performance.now();
      this.retire(slot);
      this.onEvent({ type: 'worker-surge-stopped', worker: slot.index, reason });
      this.pump();
      return;
    }
    if (this.slots[slot.index] !== slot || this.closed) return;
    slot.retiring = true;
    clearTimeout(slot.readyTimer);
    void slot.worker.terminate();
    this.counters.workersReplaced++;
    this.onEvent({ type: 'worker-replaced', worker: slot.index, reason });
    const failures = slot.ready ? 0 : slot.startFailures + 1;
    const respawn = () => {
      if (this.closed) return;
      this.slots[slot.index] = this.spawn(slot.index, failures);
    };
    // Back off when workers cannot even start (e.g. missing wasm file), instead of spinning.
    if (failures > 0) setTimeout(respawn, Math.min(100 * 2 ** failures, 5000)).unref();
    else respawn();
    this.pump();
  }
}

const isIdle = (slot: Slot) => slot.ready && slot.jobs.length === 0 && !slot.retiring;

/**
 * How long a run has held its worker, and whether it now waits for I/O; undefined for a run not
 * started yet (it holds nothing).
 */
function holding(slot: Slot, job: Job, now: number): { ms: number; waiting: boolean } | undefined {
  const state = Atomics.load(slot.claims, job.claim);
  if (state !== CLAIMED && state !== WAITING) return undefined;
  return { ms: now - job.dispatchedAt, waiting: state === WAITING };
}

/** Past LONG_RUN_MS, or past LONG_WAIT_MS while it waits for I/O (a waiting run holds only its place). */
function holdsLong(slot: Slot, job: Job, now: number): boolean {
  const held = holding(slot, job, now);
  return held !== undefined && held.ms > (held.waiting ? LONG_WAIT_MS : LONG_RUN_MS);
}

/** Whether a run holds the worker past SURGE_AFTER_MS (a worker still starting is about to be free). */
const heldPastSurge = (slot: Slot, now: number) =>
  slot.ready &&
  !slot.retiring &&
  slot.jobs.some((job) => (holding(slot, job, now)?.ms ?? 0) > SURGE_AFTER_MS);

/** Drafts (a fresh context each) and test-only runs always go alone (long ones too: see pump). */
const batchable = (job: Job) => !job.ephemeral && !job.testDisableInterrupt;

const noWorkerInTime = (durationMs: number): HookResult => ({
  ok: false,
  kind: 'timeout',
  message: 'No hook worker became available before the deadline',
  logs: [],
  durationMs,
});

/** Decodes a worker's result; a result that cannot be decoded fails its own run, nothing else. */
function toHookResult(w: WireResult): HookResult {
  if (!w.ok) return w;
  let value: unknown;
  try {
    value = w.valueJson === undefined ? undefined : decodeResult(w.valueJson);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return {
      ok: false,
      kind: 'runtime',
      message: `The hook result could not be decoded: ${why.slice(0, 200)}`,
      logs: w.logs,
      durationMs: w.durationMs,
    };
  }
  return { ok: true, value, logs: w.logs, durationMs: w.durationMs };
}

/** FNV-1a: stable, cheap, good enough to spread hook ids over a handful of workers. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The module fields of a batch: the key always, the set only when the worker does not keep it.
 * Updates the slot's copy of the worker's LRU exactly as the worker will on receiving the batch.
 */
function sendModules(
  slot: Slot,
  modules: { key: string; set: HookModuleSet } | undefined,
): Pick<RunBatch, 'modulesKey' | 'modules'> {
  if (!modules) return {};
  const at = slot.moduleKeys.indexOf(modules.key);
  const kept = at >= 0;
  if (kept) slot.moduleKeys.splice(at, 1);
  slot.moduleKeys.push(modules.key);
  while (slot.moduleKeys.length > MODULE_SETS_KEPT) slot.moduleKeys.shift();
  return kept ? { modulesKey: modules.key } : { modulesKey: modules.key, modules: modules.set };
}

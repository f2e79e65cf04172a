import { Worker } from 'node:worker_threads';
import { workerEntry } from '../worker-entry';
import type { LogBatch, LogSink } from './log-batches';

/** What the writer thread answers for each batch. */
export interface LogWriterReply {
  id: number;
  error?: string;
}

/** A batch as it travels to the writer thread. */
export interface LogWriterRequest {
  id: number;
  batch: LogBatch;
}

/**
 * The embedded store's log writer: a worker thread with a connection of its own to the SQLite
 * file stores the batched tenant-log and execution-log rows (log-batches.ts). Under load those
 * inserts were about a fifth of the event loop's time and paused it for 10–30 ms per batch,
 * since better-sqlite3 is synchronous; here they run beside it. WAL mode lets the two
 * connections read at once; writes take turns (connect.ts starts every transaction IMMEDIATE).
 *
 * A writer that dies fails its batches in flight (the log repos report and drop them, as for
 * any failed write) and is started again for the next batch.
 */
export class LogWriterThread {
  #worker: Worker | undefined;
  #pending = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  #seq = 0;
  #closed = false;

  private constructor(private readonly file: string) {}

  /** Starts the writer on a migrated store file; resolves once its connection is open. */
  static async start(file: string): Promise<LogWriterThread> {
    const writer = new LogWriterThread(file);
    await writer.#spawn();
    return writer;
  }

  /** Stores a batch on the writer thread; resolves once it is committed. */
  readonly sink: LogSink = async (batch) => {
    if (this.#closed) throw new Error('The log writer is closed');
    const worker = this.#worker ?? (await this.#spawn());
    const id = ++this.#seq;
    return new Promise<void>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      // Held only while a batch is in flight: an idle writer never keeps the process alive.
      worker.ref();
      worker.postMessage({ id, batch } satisfies LogWriterRequest);
    });
  };

  async close(): Promise<void> {
    this.#closed = true;
    await this.#worker?.terminate();
  }

  #spawn(): Promise<Worker> {
    const entry = workerEntry('log-writer', new URL('./log-writer-worker.ts', import.meta.url));
    const worker = new Worker(entry.url, {
      workerData: { file: this.file },
      execArgv: entry.execArgv,
      name: 'log-writer',
    });
    this.#worker = worker;
    worker.unref();
    worker.on('message', (reply: LogWriterReply) => {
      const pending = this.#pending.get(reply.id);
      if (!pending) return;
      this.#pending.delete(reply.id);
      if (this.#pending.size === 0) worker.unref();
      if (reply.error === undefined) pending.resolve();
      else pending.reject(new Error(reply.error));
    });
    worker.on('exit', (code) => {
      if (this.#worker === worker) this.#worker = undefined;
      const failed = new Error(`The log writer thread stopped (exit code ${code})`);
      for (const pending of this.#pending.values()) pending.reject(failed);
      this.#pending.clear();
    });
    worker.on('error', (err) => console.error('Log writer thread failed:', err));
    return new Promise((resolve, reject) => {
      worker.once('online', () => resolve(worker));
      worker.once('exit', () => reject(new Error('The log writer thread could not start')));
    });
  }
}

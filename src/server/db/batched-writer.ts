import { describeError, type StoreHealth } from './store-health';

/** Rows held in memory for the store at most (per writer); more are counted and dropped. */
export const MAX_HELD_ROWS = 20_000;

export interface BatchedWriterOptions {
  flushMs?: number;
  /**
   * With it, rows are held (up to `maxHeld`) while the store is unreachable and written once it
   * answers again; without it, a failed write is reported and dropped.
   */
  health?: StoreHealth;
  maxHeld?: number;
}

/**
 * Buffers rows written on hot paths (token exchanges, hook runs) and stores them in one
 * transaction every `flushMs`, so a request never waits for a log write. `flush()` resolves once
 * everything recorded before it is stored (or held for an unreachable store); a write that fails
 * for any other reason is reported and dropped, never retried into a loop. The buffer is bounded:
 * rows beyond `maxHeld` are dropped and counted, never slowing a request.
 */
export class BatchedWriter<Row> {
  #buffer: Row[] = [];
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();
  /** Dropped since the last report (outside an outage; during one, the health counts them). */
  #dropped = 0;
  readonly #flushMs: number;
  readonly #maxHeld: number;
  readonly #health: StoreHealth | undefined;

  constructor(
    private readonly write: (rows: Row[]) => Promise<void>,
    private readonly what: string,
    opts: BatchedWriterOptions = {},
  ) {
    this.#flushMs = opts.flushMs ?? 200;
    this.#maxHeld = opts.maxHeld ?? MAX_HELD_ROWS;
    this.#health = opts.health;
    this.#health?.holding(() => this.#buffer.length);
    this.#health?.onRecovered(() => void this.flush());
  }

  push(row: Row): void {
    if (this.#buffer.length >= this.#maxHeld) {
      this.#drop(1);
      return;
    }
    this.#buffer.push(row);
    if (this.#health && !this.#health.available) return; // written when the store is back
    this.#timer ??= setTimeout(() => void this.flush(), this.#flushMs);
  }

  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#health && !this.#health.available) return this.#flushing;
    const rows = this.#buffer;
    this.#buffer = [];
    this.#flushing = this.#flushing
      .then(() => (rows.length > 0 ? this.write(rows) : undefined))
      .catch((err: unknown) => {
        if (this.#health?.failed(err)) {
          // Held, oldest first, for when the store answers again.
          const room = Math.max(0, this.#maxHeld - this.#buffer.length);
          this.#drop(Math.max(0, rows.length - room));
          this.#buffer = [...rows.slice(0, room), ...this.#buffer];
          return;
        }
        console.error(`Could not store ${this.what}: ${describeError(err)}`);
      })
      .finally(() => this.#reportDropped());
    return this.#flushing;
  }

  #drop(n: number): void {
    if (n === 0) return;
    if (this.#health && !this.#health.available) this.#health.count('droppedRows', n);
    else this.#dropped += n;
  }

  #reportDropped(): void {
    if (this.#dropped === 0) return;
    console.warn(
      `Dropped ${this.#dropped} ${this.what}: more than ${this.#maxHeld} were waiting to be stored`,
    );
    this.#dropped = 0;
  }
}

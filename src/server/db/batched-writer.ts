/**
 * Buffers rows written on hot paths (token exchanges, hook runs) and stores them in one
 * transaction every `flushMs`, so a request never waits for a log write. `flush()` resolves once
 * everything recorded before it is stored; a failed write is reported and dropped, never retried
 * into a loop.
 */
export class BatchedWriter<Row> {
  #buffer: Row[] = [];
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: (rows: Row[]) => Promise<void>,
    private readonly what: string,
    private readonly flushMs = 200,
  ) {}

  push(row: Row): void {
    this.#buffer.push(row);
    this.#timer ??= setTimeout(() => void this.flush(), this.flushMs);
  }

  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const rows = this.#buffer;
    this.#buffer = [];
    this.#flushing = this.#flushing
      .then(() => (rows.length > 0 ? this.write(rows) : undefined))
      .catch((err: unknown) => console.error(`Could not store ${this.what}:`, err));
    return this.#flushing;
  }
}

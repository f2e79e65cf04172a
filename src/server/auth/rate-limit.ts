/**
 * Counts failures per key in a fixed window (e.g. failed sign-ins per account and per address).
 * In memory: each node limits on its own, which bounds guessing per node; memory is bounded by
 * pruning expired windows.
 */
export class FailureLimiter {
  readonly #windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until `key` may try again, or 0 when it may try now. */
  retryAfter(key: string): number {
    const w = this.#windows.get(key);
    if (!w || w.resetAt <= this.now()) return 0;
    return w.count >= this.max ? Math.ceil((w.resetAt - this.now()) / 1000) : 0;
  }

  fail(key: string): void {
    const now = this.now();
    if (this.#windows.size > 10_000) {
      for (const [k, w] of this.#windows) if (w.resetAt <= now) this.#windows.delete(k);
    }
    const w = this.#windows.get(key);
    if (!w || w.resetAt <= now) this.#windows.set(key, { count: 1, resetAt: now + this.windowMs });
    else w.count++;
  }

  /** Takes back one failure of `key` (an attempt counted before its outcome was known, then passed). */
  forgive(key: string): void {
    const w = this.#windows.get(key);
    if (w && w.count > 0) w.count--;
  }

  reset(key: string): void {
    this.#windows.delete(key);
  }
}

/**
 * Counts refused (rate-limited) requests per key in a fixed window, so the log gets one event per
 * key and window with the count instead of one per request. `drain` hands over the windows that
 * have ended (or all of them, on shutdown).
 */
export class RefusalTally<T> {
  readonly #windows = new Map<string, { count: number; first: T; endsAt: number }>();

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    /** Keys tallied at once; past it, refusals are counted under `overflowKey`, so memory is bounded. */
    private readonly maxKeys = 10_000,
  ) {}

  /** Counts one refusal of `key`; `first` describes the window's first refusal. */
  count(key: string, first: () => T, overflowKey = '*'): void {
    const k = this.#windows.has(key) || this.#windows.size < this.maxKeys ? key : overflowKey;
    const w = this.#windows.get(k);
    if (w) w.count++;
    else this.#windows.set(k, { count: 1, first: first(), endsAt: this.now() + this.windowMs });
  }

  get size(): number {
    return this.#windows.size;
  }

  /** Removes and returns the windows that have ended (every window with `all`). */
  drain(all = false): Array<{ count: number; first: T }> {
    const now = this.now();
    const ended: Array<{ count: number; first: T }> = [];
    for (const [key, w] of this.#windows) {
      if (all || w.endsAt <= now) {
        this.#windows.delete(key);
        ended.push({ count: w.count, first: w.first });
      }
    }
    return ended;
  }
}

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

  reset(key: string): void {
    this.#windows.delete(key);
  }
}

import { StoreUnavailableError, type StoreHealth } from './store-health';

interface Entry<V> {
  value: V;
  /** The `expireAll` round it was read in: older entries are re-read before use. */
  epoch: number;
}

/**
 * A read-through cache for the token path that keeps serving its last good values while the
 * store is unreachable.
 *
 * - `delete`/`clear`: a known change made entries wrong; they are gone.
 * - `expireAll`: anything may have changed (the periodic refresh, a reconnected change feed);
 *   entries are re-read on next use but kept as the fallback until then.
 * - While the store is unreachable an expired entry is served as long as the outage is younger
 *   than the health's staleness bound; a key never read answers `StoreUnavailableError`.
 *
 * A generation counter keeps a read that raced a change from caching what it read.
 */
export class FallbackCache<V> {
  #entries = new Map<string, Entry<V>>();
  #epoch = 0;
  #generation = 0;

  constructor(
    private readonly health: StoreHealth,
    /** Whether a value read from the store is kept (e.g. not an absent client). */
    private readonly keep: (value: V) => boolean = () => true,
  ) {}

  delete(key: string): void {
    this.#generation++;
    this.#entries.delete(key);
  }

  clear(): void {
    this.#generation++;
    this.#entries.clear();
  }

  expireAll(): void {
    this.#generation++;
    this.#epoch++;
  }

  /** The cached value, or `load()`'s, or the last good value while the store is unreachable. */
  async get(key: string, load: () => Promise<V>): Promise<V> {
    const cached = this.#entries.get(key);
    if (cached && cached.epoch === this.#epoch) return cached.value;
    if (!this.health.available) return this.#fallback(cached);
    const generation = this.#generation;
    let value: V;
    try {
      value = await load();
    } catch (err) {
      if (cached && this.health.failed(err)) return this.#fallback(cached);
      throw err;
    }
    if (generation === this.#generation) {
      if (this.keep(value)) this.#entries.set(key, { value, epoch: this.#epoch });
      else this.#entries.delete(key);
    }
    return value;
  }

  #fallback(cached: Entry<V> | undefined): V {
    if (cached && this.health.mayServeStale()) return cached.value;
    throw new StoreUnavailableError(
      cached
        ? 'The store is unavailable and this node has served its cached state for as long as it may'
        : 'The store is unavailable and this is not cached on this node',
    );
  }
}

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BatchedWriter } from './batched-writer';
import { FallbackCache } from './fallback-cache';
import { isStoreUnavailable, StoreHealth, StoreUnavailableError } from './store-health';

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });
const refused = () => pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432');

describe('isStoreUnavailable', () => {
  it.each([
    ['a refused connection', refused()],
    [
      'an administrator shutdown (57P01)',
      pgError('57P01', 'terminating connection due to administrator command'),
    ],
    [
      'a server starting or stopping (57P03)',
      pgError('57P03', 'the database system is shutting down'),
    ],
    ['a connection failure (08006)', pgError('08006')],
    ['too many connections (53300)', pgError('53300', 'sorry, too many clients already')],
    ['a dropped connection', new Error('Connection terminated unexpectedly')],
    ['a connect timeout', new Error('Connection terminated due to connection timeout')],
    ['every address refused', new AggregateError([refused(), refused()])],
    ['a wrapped cause', new Error('Migration 0001 failed', { cause: refused() })],
    ['the store known to be down', new StoreUnavailableError()],
  ])('is true for %s', (_, err) => {
    expect(isStoreUnavailable(err)).toBe(true);
  });

  it.each([
    ['a unique violation', pgError('23505', 'duplicate key')],
    ['a syntax error', pgError('42601', 'syntax error')],
    ['a plain error', new Error('boom')],
    ['a string', 'ECONNREFUSED'],
    ['undefined', undefined],
  ])('is false for %s', (_, err) => {
    expect(isStoreUnavailable(err)).toBe(false);
  });
});

describe('StoreHealth', () => {
  let now: number;
  let lines: string[];
  let probe: () => Promise<unknown>;
  let health: StoreHealth;

  beforeEach(() => {
    vi.useFakeTimers();
    now = Date.parse('2026-12-06T10:00:00Z');
    lines = [];
    probe = () => Promise.reject(refused());
    health = new StoreHealth({
      probe: () => probe(),
      maxStalenessMs: 60_000,
      log: (l) => lines.push(l),
      now: () => now,
    });
  });
  afterEach(() => {
    health.close();
    vi.useRealTimers();
  });

  it('logs one line when an outage starts and one when it ends, with what happened meanwhile', async () => {
    expect(health.failed(pgError('23505'))).toBe(false);
    expect(health.available).toBe(true);
    expect(health.failed(refused())).toBe(true);
    expect(health.failed(refused())).toBe(true);
    expect(lines).toEqual([
      'Store unavailable since 2026-12-06T10:00:00.000Z: connect ECONNREFUSED 127.0.0.1:5432. Tokens are issued from cached state for up to 1 min; the Management API answers 503 until it is back.',
    ]);
    expect(health.status()).toEqual({
      status: 'degraded',
      message: 'degraded: store unavailable since 2026-12-06T10:00:00.000Z',
      store_unavailable_since: '2026-12-06T10:00:00.000Z',
    });
    health.count('tokens', 3);
    health.count('tokensRefused');
    health.count('management', 2);
    health.holding(() => 7);
    const recovered = vi.fn();
    health.onRecovered(recovered);

    await vi.advanceTimersByTimeAsync(1_000); // probes keep failing
    expect(health.available).toBe(false);
    probe = () => Promise.resolve();
    now += 12_500;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(health.available).toBe(true);
    expect(recovered).toHaveBeenCalledTimes(1);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe(
      'Store available again after 12.5 s (unavailable since 2026-12-06T10:00:00.000Z: connect ECONNREFUSED 127.0.0.1:5432): ' +
        '3 token requests answered meanwhile (1 refused with 503), 2 Management API requests refused with 503, 7 log rows held for the store (now written), 0 dropped (buffer full).',
    );
    expect(health.status()).toEqual({ status: 'ready' });
  });

  it('serves cached state for the configured time after the outage began, then says it is unavailable', () => {
    health.failed(refused());
    now += 60_000;
    expect(health.mayServeStale()).toBe(true);
    now += 1;
    expect(health.mayServeStale()).toBe(false);
    expect(health.status()).toMatchObject({ status: 'unavailable' });
  });

  it('starts no outage for a dropped connection when the store still answers', async () => {
    probe = () => Promise.resolve();
    health.suspect();
    await vi.advanceTimersByTimeAsync(0);
    expect(health.available).toBe(true);
    probe = () => Promise.reject(refused());
    health.suspect();
    await vi.advanceTimersByTimeAsync(0);
    expect(health.available).toBe(false);
    expect(lines).toHaveLength(1);
  });

  describe('FallbackCache', () => {
    it('re-reads expired entries while the store answers and serves them while it does not', async () => {
      const cache = new FallbackCache<string | undefined>(health, (v) => v !== undefined);
      let stored: string | undefined = 'v1';
      let reads = 0;
      const load = () => {
        reads++;
        return Promise.resolve(stored);
      };
      expect(await cache.get('k', load)).toBe('v1');
      expect(await cache.get('k', load)).toBe('v1');
      expect(reads).toBe(1);
      stored = 'v2';
      cache.expireAll();
      expect(await cache.get('k', load)).toBe('v2');
      expect(reads).toBe(2);

      // The store drops while the entry is expired: the read fails, the last good value answers.
      cache.expireAll();
      expect(await cache.get('k', () => Promise.reject(refused()))).toBe('v2');
      expect(health.available).toBe(false);
      cache.expireAll();
      expect(await cache.get('k', load)).toBe('v2');
      expect(reads).toBe(2); // not even tried while the store is known to be down
      await expect(cache.get('never-read', load)).rejects.toBeInstanceOf(StoreUnavailableError);
      now += 60_001;
      await expect(cache.get('k', load)).rejects.toThrow(
        'served its cached state for as long as it may',
      );
    });

    it('forgets what a known change made wrong, and what the store no longer has', async () => {
      const cache = new FallbackCache<string | undefined>(health, (v) => v !== undefined);
      await cache.get('k', () => Promise.resolve('v1'));
      cache.delete('k');
      health.failed(refused());
      await expect(cache.get('k', () => Promise.resolve('v1'))).rejects.toBeInstanceOf(
        StoreUnavailableError,
      );
    });

    it('passes on errors that are not about reaching the store', async () => {
      const cache = new FallbackCache<string>(health);
      await cache.get('k', () => Promise.resolve('v1'));
      cache.expireAll();
      await expect(cache.get('k', () => Promise.reject(pgError('42601')))).rejects.toThrow('x');
      expect(health.available).toBe(true);
    });
  });

  describe('BatchedWriter', () => {
    it('holds rows while the store is unreachable, drops and counts what does not fit, writes the rest when it is back', async () => {
      const written: number[][] = [];
      let down = true;
      const writer = new BatchedWriter<number>(
        (rows) => (down ? Promise.reject(refused()) : Promise.resolve(void written.push(rows))),
        'rows',
        { health, maxHeld: 5 },
      );
      writer.push(1);
      writer.push(2);
      await writer.flush(); // fails: the outage starts, the rows are held
      expect(health.available).toBe(false);
      for (let i = 3; i <= 8; i++) writer.push(i);
      await writer.flush(); // nothing is tried while the store is down
      expect(written).toEqual([]);
      down = false;
      probe = () => Promise.resolve();
      await vi.advanceTimersByTimeAsync(1_000);
      await writer.flush();
      expect(written).toEqual([[1, 2, 3, 4, 5]]);
      expect(lines[1]).toContain(
        '5 log rows held for the store (now written), 3 dropped (buffer full)',
      );
    });
  });
});

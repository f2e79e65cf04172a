import { describe, expect, it } from 'vitest';
import { FailureLimiter, RefusalTally } from './rate-limit';

describe('FailureLimiter', () => {
  it('blocks after max failures until the window ends, and reset clears it', () => {
    let now = 0;
    const limiter = new FailureLimiter(3, 60_000, () => now);
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfter('a')).toBe(0);
      limiter.fail('a');
    }
    expect(limiter.retryAfter('a')).toBe(60);
    expect(limiter.retryAfter('b')).toBe(0);
    now = 30_000;
    expect(limiter.retryAfter('a')).toBe(30);
    now = 60_000;
    expect(limiter.retryAfter('a')).toBe(0);
    limiter.fail('b');
    limiter.reset('b');
    expect(limiter.retryAfter('b')).toBe(0);
  });
});

describe('RefusalTally', () => {
  it('hands over each key once per window with its count, and bounds the keys it holds', () => {
    let now = 0;
    const tally = new RefusalTally<string>(60_000, () => now, 2);
    for (let i = 0; i < 5; i++) tally.count('a', () => `a${i}`);
    tally.count('b', () => 'b');
    tally.count('c', () => 'c');
    tally.count('d', () => 'd');
    expect(tally.drain()).toEqual([]);
    now = 60_000;
    expect(tally.drain()).toEqual([
      { count: 5, first: 'a0' },
      { count: 1, first: 'b' },
      { count: 2, first: 'c' },
    ]);
    tally.count('a', () => 'again');
    expect(tally.drain(true)).toEqual([{ count: 1, first: 'again' }]);
  });
});

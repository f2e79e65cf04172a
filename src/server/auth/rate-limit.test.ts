import { describe, expect, it } from 'vitest';
import { FailureLimiter } from './rate-limit';

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

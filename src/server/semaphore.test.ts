import { describe, expect, it } from 'vitest';
import { BusyError, Semaphore } from './semaphore';

describe('Semaphore', () => {
  it('runs at most `slots` at once, queues `queue` more in order and refuses the rest', async () => {
    const gate = new Semaphore(2, 2);
    let active = 0;
    let peak = 0;
    const order: number[] = [];
    const releases: Array<() => void> = [];
    const job = (n: number) =>
      gate.run(async () => {
        active++;
        peak = Math.max(peak, active);
        order.push(n);
        await new Promise<void>((resolve) => releases.push(resolve));
        active--;
        return n;
      });
    const running = [1, 2, 3, 4].map(job);
    await expect(job(5)).rejects.toBeInstanceOf(BusyError);
    await Promise.resolve();
    expect(order).toEqual([1, 2]);
    while (order.length < 4 || releases.length > 0) {
      releases.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
    expect(await Promise.all(running)).toEqual([1, 2, 3, 4]);
    expect(order).toEqual([1, 2, 3, 4]);
    expect(peak).toBe(2);
  });
});

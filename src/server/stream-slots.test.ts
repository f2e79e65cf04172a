import { describe, expect, it } from 'vitest';
import { StreamSlots } from './stream-slots';

describe('StreamSlots', () => {
  it('caps streams per credential and in all, and frees a slot once per release', () => {
    const slots = new StreamSlots(2, 3);
    const a1 = slots.acquire('a')!;
    slots.acquire('a');
    expect(slots.acquire('a')).toBeUndefined();
    slots.acquire('b');
    expect(slots.acquire('c')).toBeUndefined();
    a1();
    a1(); // a second release frees nothing more
    expect(slots.acquire('b')).toBeDefined();
    expect(slots.acquire('c')).toBeUndefined();
  });
});

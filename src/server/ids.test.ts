import { describe, expect, it } from 'vitest';
import {
  newClientGrantId,
  newClientId,
  newClientSecret,
  newJti,
  newResourceServerId,
  newUlid,
} from './ids';

describe('ids', () => {
  it('have Auth0 shapes', () => {
    expect(newClientId()).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(newClientSecret()).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(newResourceServerId()).toMatch(/^[0-9a-f]{24}$/);
    expect(newClientGrantId()).toMatch(/^cgr_[A-Za-z0-9]{16}$/);
  });

  it('makes distinct JWT ids of 128 bits', () => {
    const ids = Array.from({ length: 1000 }, () => newJti());
    expect(new Set(ids).size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('makes ULIDs that sort by time and spread their random part over all 32 symbols', () => {
    const early = newUlid(1_000);
    const late = newUlid(2_000);
    expect(early < late).toBe(true);
    expect(early).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) for (const ch of newUlid(5_000 + i).slice(10)) seen.add(ch);
    expect(seen.size).toBe(32);
    expect(new Set(Array.from({ length: 1000 }, () => newUlid())).size).toBe(1000);
  });

  it('makes ULIDs of one millisecond in order: the random part counts up', () => {
    const ids = Array.from({ length: 1000 }, () => newUlid(7_000));
    expect(new Set(ids.map((id) => id.slice(0, 10))).size).toBe(1);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(1000);
    expect(newUlid(7_001).slice(10)).not.toBe(ids[999]!.slice(10));
  });
});

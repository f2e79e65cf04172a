import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { README, withHookContract } from '../../scripts/hook-docs';

describe("README.md's hook contract reference", () => {
  it('is what src/shared/hook-contract.ts renders (npm run docs:hooks writes it)', async () => {
    const readme = fs.readFileSync(README, 'utf8');
    expect(await withHookContract(readme)).toBe(readme);
  });
});

import { describe, expect, it } from 'vitest';
import type { HookExecution } from '@/shared/schemas/hook';
import { hookEffect } from './hook-effect';

const record = (
  trace: HookExecution['trace'],
  outcome: HookExecution['outcome'] = 'success',
): HookExecution => ({
  id: '01JX0000000000000000000000',
  hook_id: 'h',
  hook_version: 3,
  source: 'exchange',
  started_at: '2026-12-06T00:00:00.000Z',
  duration_ms: 3,
  outcome,
  logs: [],
  ...(trace && { trace }),
});

describe('hookEffect', () => {
  it("shows the server's account of the exchange: the token's claims and scope, and what was dropped with its value", () => {
    const effect = hookEffect(
      record({
        received_scope: ['read:data'],
        returned: { scope: ['read:data'], 'https://foo.com/claim': 'bar', plain: 1 },
        token: { scope: ['read:data'], claims: { 'https://foo.com/claim': 'bar' } },
        dropped: [{ name: 'plain', reason: 'Not namespaced' }],
      }),
    );
    expect(effect).toEqual({
      claims: ['https://foo.com/claim'],
      scope: ['read:data'],
      dropped: [{ name: 'plain', value: 1, reason: 'Not namespaced' }],
      notes: [],
    });
  });

  it('warns when the hook returns no scope, or nothing', () => {
    const token = { scope: [], claims: {} };
    expect(
      hookEffect(
        record({ received_scope: [], returned: { 'https://a.com/x': 1 }, token, dropped: [] }),
      )?.notes[0],
    ).toMatch(/no scope/);
    expect(hookEffect(record({ received_scope: [], token, dropped: [] }))?.notes[0]).toMatch(
      /without a result object/,
    );
    expect(
      hookEffect(record({ received_scope: [], returned_omitted: true, token, dropped: [] }))?.notes,
    ).toEqual([]);
  });

  it('has nothing to show when the hook failed', () => {
    expect(hookEffect(record({ received_scope: [] }, 'error'))).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import type { HookTryResponse } from '@/shared/schemas/hook';
import { hookEffect, whyDropped } from './hook-effect';

const run = (result: unknown, claims: Record<string, unknown>, scope = ['read:data']): HookTryResponse => ({
  outcome: 'success',
  result,
  token_preview: { scope, claims },
  logs: [],
  duration_ms: 3,
});

describe('whyDropped', () => {
  it('names the rule each ignored property broke', () => {
    expect(whyDropped('plain')).toMatch(/^Not namespaced: .*https:\/\/example\.com\/plain/);
    expect(whyDropped('urn:x:claim')).toMatch(/http:\/\/ or https:\/\/ URL, not urn:/);
    expect(whyDropped('https://tenant.auth0.com/claim')).toMatch(/^Reserved namespace/);
    expect(whyDropped('https://webtask.io/x')).toMatch(/^Reserved namespace/);
    expect(whyDropped('sub')).toMatch(/Tokenhook sets sub itself/);
    expect(whyDropped('permissions')).toMatch(/restricted list/);
    expect(whyDropped('sip_thing')).toMatch(/sip_/);
  });
});

describe('hookEffect', () => {
  it('lists every property of the result but scope that the token preview does not carry', () => {
    const effect = hookEffect(
      run({ scope: ['read:data'], 'https://foo.com/claim': 'bar', plain: 1, 'https://x.auth0.com/a': true, roles: ['admin'] }, { 'https://foo.com/claim': 'bar' }),
      { scope: 'read:data', 'https://foo.com/claim': 'bar', iss: 'x' },
    );
    expect(effect?.claims).toEqual(['https://foo.com/claim']);
    expect(effect?.dropped.map((d) => [d.name, d.value])).toEqual([
      ['plain', 1],
      ['https://x.auth0.com/a', true],
      ['roles', ['admin']],
    ]);
    expect(effect?.notes).toEqual([]);
  });

  it('warns when the hook returns no scope, or nothing, and when the two runs differ', () => {
    expect(hookEffect(run({ 'https://a.com/x': 1 }, { 'https://a.com/x': 1 }, []))?.notes[0]).toMatch(/no scope/);
    expect(hookEffect(run(undefined, {}, []))?.notes[0]).toMatch(/without a result object/);
    const effect = hookEffect(run({ scope: ['a'], 'https://a.com/x': 1 }, { 'https://a.com/x': 1 }, ['a']), { scope: 'a b', 'https://a.com/y': 2 });
    expect(effect?.notes).toEqual([expect.stringMatching(/different claims .*https:\/\/a\.com\/y, https:\/\/a\.com\/x/), expect.stringMatching(/different scopes/)]);
  });

  it('has nothing to compare when the hook failed', () => {
    expect(hookEffect({ outcome: 'error', message: 'access denied', logs: [], duration_ms: 1 })).toBeNull();
  });
});

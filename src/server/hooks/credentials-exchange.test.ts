import { describe, expect, it } from 'vitest';
import { applyExchangeResult } from './credentials-exchange';

describe('applyExchangeResult', () => {
  it('applies the seed hook result', () => {
    expect(applyExchangeResult({ 'https://foo.com/claim': 'bar', scope: ['read:data', 'extra'] })).toEqual({
      ok: true,
      scopes: ['read:data', 'extra'],
      claims: { 'https://foo.com/claim': 'bar' },
      dropped: [],
    });
  });

  it('ignores non-URL properties and Auth0-owned hosts, and cannot touch reserved claims', () => {
    expect(applyExchangeResult({ sub: 'evil', iss: 'evil', aud: 'x', foo: 1, 'https://tenant.auth0.com/x': 1, 'https://ok.example/n': { nested: [1] } })).toEqual({
      ok: true,
      scopes: [],
      claims: { 'https://ok.example/n': { nested: [1] } },
      dropped: [
        { name: 'sub', reason: 'Reserved: Tokenhook sets sub itself; a hook cannot change it.' },
        { name: 'iss', reason: 'Reserved: Tokenhook sets iss itself; a hook cannot change it.' },
        { name: 'aud', reason: 'Reserved: Tokenhook sets aud itself; a hook cannot change it.' },
        { name: 'foo', reason: 'Not namespaced: a custom claim must be named by a URL, e.g. https://example.com/foo.' },
        { name: 'https://tenant.auth0.com/x', reason: 'Reserved namespace: names on auth0.com, webtask.io, webtask.run belong to the platform.' },
      ],
    });
  });

  it.each([null, undefined, 'text', 42, ['a']])('treats cb(null, %j) as no scopes and no claims', (value) => {
    expect(applyExchangeResult(value)).toEqual({ ok: true, scopes: [], claims: {}, dropped: [] });
  });

  it('dedupes scopes', () => {
    expect(applyExchangeResult({ scope: ['a', 'a', 'b'] })).toEqual({ ok: true, scopes: ['a', 'b'], claims: {}, dropped: [] });
  });

  it.each([
    [{ scope: 'a b' }, 'The hook returned an invalid scope: expected an array of strings'],
    [{ scope: ['a', 1] }, 'The hook returned an invalid scope: expected an array of strings'],
    [{ scope: ['two words'] }, 'The hook returned an invalid scope value: "two words"'],
    [{ 'https://big.example/x': 'x'.repeat(100 * 1024) }, 'The hook returned custom claims larger than 100 KB'],
  ])('refuses %#', (value, message) => {
    expect(applyExchangeResult(value)).toEqual({ ok: false, message });
  });
});

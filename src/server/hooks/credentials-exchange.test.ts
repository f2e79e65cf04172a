import { describe, expect, it } from 'vitest';
import { applyExchangeResult } from './credentials-exchange';

describe('applyExchangeResult', () => {
  it('applies the seed hook result', () => {
    expect(applyExchangeResult({ 'https://foo.com/claim': 'bar', scope: ['read:data', 'extra'] })).toEqual({
      ok: true,
      scopes: ['read:data', 'extra'],
      claims: { 'https://foo.com/claim': 'bar' },
    });
  });

  it('ignores non-URL properties and Auth0-owned hosts, and cannot touch reserved claims', () => {
    expect(applyExchangeResult({ sub: 'evil', iss: 'evil', aud: 'x', foo: 1, 'https://tenant.auth0.com/x': 1, 'https://ok.example/n': { nested: [1] } })).toEqual({
      ok: true,
      scopes: [],
      claims: { 'https://ok.example/n': { nested: [1] } },
    });
  });

  it("refuses claims named under the issuer's own host, like Auth0's", () => {
    const result = { 'https://tokenhook.example/role': 'admin', 'https://API.Tokenhook.example/x': 1, 'https://other.example/ok': 2 };
    expect(applyExchangeResult(result, ['tokenhook.example'])).toEqual({ ok: true, scopes: [], claims: { 'https://other.example/ok': 2 } });
  });

  it.each([null, undefined, 'text', 42, ['a']])('treats cb(null, %j) as no scopes and no claims', (value) => {
    expect(applyExchangeResult(value)).toEqual({ ok: true, scopes: [], claims: {} });
  });

  it('dedupes scopes', () => {
    expect(applyExchangeResult({ scope: ['a', 'a', 'b'] })).toEqual({ ok: true, scopes: ['a', 'b'], claims: {} });
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

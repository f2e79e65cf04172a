import { describe, expect, it } from 'vitest';
import { applyExchangeResult, credentialsExchangeArgs } from './credentials-exchange';

describe('applyExchangeResult', () => {
  it('applies the seed hook result', () => {
    expect(
      applyExchangeResult({ 'https://foo.com/claim': 'bar', scope: ['read:data', 'extra'] }),
    ).toEqual({
      ok: true,
      scopes: ['read:data', 'extra'],
      claims: { 'https://foo.com/claim': 'bar' },
      dropped: [],
    });
  });

  it('ignores non-URL properties and Auth0-owned hosts, and cannot touch reserved claims', () => {
    expect(
      applyExchangeResult({
        sub: 'evil',
        iss: 'evil',
        aud: 'x',
        foo: 1,
        'https://tenant.auth0.com/x': 1,
        'https://ok.example/n': { nested: [1] },
      }),
    ).toEqual({
      ok: true,
      scopes: [],
      claims: { 'https://ok.example/n': { nested: [1] } },
      dropped: [
        { name: 'sub', reason: 'Reserved: Tokenhook sets sub itself; a hook cannot change it.' },
        { name: 'iss', reason: 'Reserved: Tokenhook sets iss itself; a hook cannot change it.' },
        { name: 'aud', reason: 'Reserved: Tokenhook sets aud itself; a hook cannot change it.' },
        {
          name: 'foo',
          reason:
            'Not namespaced: a custom claim must be named by a URL, e.g. https://example.com/foo.',
        },
        {
          name: 'https://tenant.auth0.com/x',
          reason:
            'Reserved namespace: names on auth0.com, webtask.io, webtask.run belong to the platform.',
        },
      ],
    });
  });

  it("refuses claims named under the issuer's own host, like Auth0's", () => {
    const result = {
      'https://tokenhook.example/role': 'admin',
      'https://API.Tokenhook.example/x': 1,
      'https://other.example/ok': 2,
    };
    const reason =
      'Reserved namespace: names on auth0.com, webtask.io, webtask.run, tokenhook.example belong to the platform.';
    expect(applyExchangeResult(result, 'hooks', ['tokenhook.example'])).toEqual({
      ok: true,
      scopes: [],
      claims: { 'https://other.example/ok': 2 },
      dropped: [
        { name: 'https://tokenhook.example/role', reason },
        { name: 'https://API.Tokenhook.example/x', reason },
      ],
    });
    expect(
      applyExchangeResult({ 'tokenhook.example/role': 'admin', tier: 1 }, 'actions', [
        'tokenhook.example',
      ]),
    ).toMatchObject({
      claims: { tier: 1 },
    });
  });

  it.each([null, undefined, 'text', 42, ['a']])(
    'treats cb(null, %j) as no scopes and no claims',
    (value) => {
      expect(applyExchangeResult(value)).toEqual({ ok: true, scopes: [], claims: {}, dropped: [] });
    },
  );

  it('dedupes scopes', () => {
    expect(applyExchangeResult({ scope: ['a', 'a', 'b'] })).toEqual({
      ok: true,
      scopes: ['a', 'b'],
      claims: {},
      dropped: [],
    });
  });

  it.each([
    [{ scope: 'a b' }, 'The hook returned an invalid scope: expected an array of strings'],
    [{ scope: ['a', 1] }, 'The hook returned an invalid scope: expected an array of strings'],
    [{ scope: ['two words'] }, 'The hook returned an invalid scope value: "two words"'],
    [
      { 'https://big.example/x': 'x'.repeat(100 * 1024) },
      'The hook returned custom claims larger than 100 KB',
    ],
  ])('refuses %#', (value, message) => {
    expect(applyExchangeResult(value)).toEqual({ ok: false, message });
  });
});

describe('applyExchangeResult for Actions-style code', () => {
  it("keeps non-namespaced claims but never Auth0's restricted claims or namespaces", () => {
    expect(
      applyExchangeResult(
        {
          scope: ['a'],
          tier: 'gold',
          'org/plan': 'pro',
          sub: 'x',
          'https://a.auth0.com/c': 1,
          'auth0.io/c': 1,
        },
        'actions',
      ),
    ).toEqual({
      ok: true,
      scopes: ['a'],
      claims: { tier: 'gold', 'org/plan': 'pro' },
      dropped: [
        { name: 'sub', reason: 'Reserved: Tokenhook sets sub itself; a hook cannot change it.' },
        {
          name: 'https://a.auth0.com/c',
          reason:
            'Reserved namespace: names on auth0.com, webtask.io, webtask.run, auth0.io belong to the platform.',
        },
        {
          name: 'auth0.io/c',
          reason:
            'Reserved namespace: names on auth0.com, webtask.io, webtask.run, auth0.io belong to the platform.',
        },
      ],
    });
  });
});

describe('credentialsExchangeArgs', () => {
  it("gives context.body and event.request.body the token request's parameters without client credentials", () => {
    const [client, scope, audience, context] = credentialsExchangeArgs({
      tenant: 'acme',
      secrets: { K: 'v' },
      client: { clientId: 'c1', name: 'App', metadata: { tier: 'gold' } },
      scopes: ['read'],
      audience: 'https://api',
      ip: '10.0.0.1',
      userAgent: 'ua',
      hostname: 'auth.example',
      granted: ['read', 'write'],
      requestedScopes: [],
      body: {
        grant_type: 'client_credentials',
        client_id: 'c1',
        client_secret: 's3cret',
        client_assertion: 'jwt',
        audience: 'https://api',
        org: 'o1',
      },
    });
    const body = {
      grant_type: 'client_credentials',
      client_id: 'c1',
      audience: 'https://api',
      org: 'o1',
    };
    expect([client, scope, audience]).toEqual([
      { id: 'c1', name: 'App', tenant: 'acme', metadata: { tier: 'gold' } },
      ['read'],
      'https://api',
    ]);
    expect(context).toEqual({
      ip: '10.0.0.1',
      userAgent: 'ua',
      body,
      request: { hostname: 'auth.example', method: 'POST', body, geoip: {} },
      requestedScopes: [],
      grant: { scope: ['read', 'write'] },
      webtask: { secrets: { K: 'v' } },
    });
  });
});

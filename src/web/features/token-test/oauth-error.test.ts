import { describe, expect, it } from 'vitest';
import { attributeOAuthError } from './oauth-error';

describe('attributeOAuthError', () => {
  it("names the hook and its message when the exchange's record says the hook refused", () => {
    const body = { error: 'invalid_scope', error_description: 'gold tier only' };
    expect(
      attributeOAuthError({
        status: 400,
        body,
        hookName: 'tier-claims',
        execution: { outcome: 'error', message: 'gold tier only' },
      }),
    ).toEqual({
      source: 'hook',
      headline: 'The hook “tier-claims” refused the token: gold tier only',
      detail: null,
    });
    expect(
      attributeOAuthError({
        status: 500,
        body: { error: 'server_error', error_description: 'access denied' },
        hookName: 'deny all',
        execution: { outcome: 'error', message: 'access denied' },
      }).headline,
    ).toBe('The hook “deny all” refused the token: access denied');
  });

  it('says how the hook failed when it did not refuse', () => {
    expect(
      attributeOAuthError({
        status: 500,
        body: { error: 'server_error', error_description: 'The hook did not finish in time' },
        hookName: 'slow',
        execution: { outcome: 'timeout', message: 'The hook did not finish in time' },
      }).headline,
    ).toBe('The hook “slow” did not finish in time.');
  });

  it('puts a server_error down to the enabled hook when its record could not be read', () => {
    expect(
      attributeOAuthError({
        status: 500,
        body: { error: 'server_error', error_description: 'access denied' },
        hookName: 'deny all',
      }),
    ).toEqual({
      source: 'hook',
      headline: 'The enabled hook “deny all” stopped the exchange: no token was issued.',
      detail: 'The hook said: “access denied”',
    });
  });

  it('puts request and grant errors down to them, even with a hook enabled', () => {
    const noGrant = attributeOAuthError({
      status: 403,
      body: { error: 'access_denied', error_description: 'no grant' },
      hookName: 'tier-claims',
    });
    expect(noGrant.source).toBe('grant');
    expect(noGrant.detail).toBe('The server said: “no grant”');
    expect(
      attributeOAuthError({ status: 401, body: { error: 'invalid_client' }, hookName: 'x' }),
    ).toMatchObject({ source: 'request', detail: null });
    // The hook ran and succeeded, then a scope was refused: the request or the hook's addition.
    expect(
      attributeOAuthError({
        status: 400,
        body: { error: 'invalid_scope', error_description: 'write:all' },
        hookName: 'tier-claims',
        execution: { outcome: 'success' },
      }).headline,
    ).toMatch(/^A scope in the request, or one the hook “tier-claims” added/);
    expect(attributeOAuthError({ status: 500, body: { error: 'server_error' } }).headline).toBe(
      'The server failed while issuing the token.',
    );
    expect(
      attributeOAuthError({ status: 429, body: { error: 'too_many_attempts' }, retryAfter: '30' })
        .headline,
    ).toBe('Too many failed attempts: try again in 30 s.');
  });
});

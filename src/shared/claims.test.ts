import { describe, expect, it } from 'vitest';
import { isCustomClaimName } from './claims';

describe('isCustomClaimName', () => {
  it.each([
    ['https://foo.com/claim', true],
    ['http://example.org/x', true],
    ['https://my.auth0.com.example.org/x', true],
    ['https://auth0.com/claim', false],
    ['https://tenant.auth0.com/claim', false],
    ['https://x.webtask.io/claim', false],
    ['https://webtask.run/claim', false],
    ['ftp://foo.com/claim', false],
    ['claim', false],
    ['urn:foo:claim', false],
    ['sub', false],
    ['permissions', false],
  ])('%s → %s', (name, expected) => {
    expect(isCustomClaimName(name)).toBe(expected);
  });
});

describe('isCustomClaimName for Actions-style code', () => {
  it.each([
    ['https://foo.com/claim', true],
    ['tier', true],
    ['org/plan', true],
    ['https://auth0.io/x', false],
    ['https://tenant.auth0.com/claim', false],
    ['auth0.com/roles', false],
    ['x.webtask.io/claim', false],
    ['sub', false],
    ['permissions', false],
    ['sip_x', false],
    ['', false],
  ])('%s → %s', (name, expected) => {
    expect(isCustomClaimName(name, 'actions')).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { isCustomClaimName, whyDropped } from './claims';

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

  it('names the namespace rule for Actions-style code', () => {
    expect(whyDropped('auth0.com/roles', 'actions')).toMatch(/^Reserved namespace: .*auth0\.io/);
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

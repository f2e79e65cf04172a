import { describe, expect, it } from 'vitest';
import { claimOrigins, decodeJwt, diffScopes, verifyJwt, verifyJwtWithKey, type Jwks } from './jwt';

const b64u = (bytes: ArrayBuffer | Uint8Array) =>
  Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('base64url');
const json = (v: unknown) => b64u(new TextEncoder().encode(JSON.stringify(v)));

async function signed(alg: 'RS256' | 'PS256' | 'ES256', payload: Record<string, unknown>) {
  const params =
    alg === 'ES256'
      ? { gen: { name: 'ECDSA', namedCurve: 'P-256' }, sign: { name: 'ECDSA', hash: 'SHA-256' } }
      : alg === 'PS256'
        ? {
            gen: {
              name: 'RSA-PSS',
              modulusLength: 2048,
              publicExponent: new Uint8Array([1, 0, 1]),
              hash: 'SHA-256',
            },
            sign: { name: 'RSA-PSS', saltLength: 32 },
          }
        : {
            gen: {
              name: 'RSASSA-PKCS1-v1_5',
              modulusLength: 2048,
              publicExponent: new Uint8Array([1, 0, 1]),
              hash: 'SHA-256',
            },
            sign: { name: 'RSASSA-PKCS1-v1_5' },
          };
  const pair = await crypto.subtle.generateKey(params.gen, true, ['sign', 'verify']);
  const jwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
  const input = `${json({ alg, typ: 'JWT', kid: 'k1' })}.${json(payload)}`;
  const sig = await crypto.subtle.sign(
    params.sign,
    pair.privateKey,
    new TextEncoder().encode(input),
  );
  const jwks: Jwks = { keys: [{ ...jwk, kty: jwk.kty ?? '', kid: 'k1', alg, use: 'sig' }] };
  const der = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
  return { token: `${input}.${b64u(sig)}`, jwks, der };
}

describe('verifyJwt', () => {
  it.each(['RS256', 'PS256', 'ES256'] as const)('verifies %s with WebCrypto', async (alg) => {
    const { token, jwks } = await signed(alg, { exp: 4_000_000_000 });
    expect(await verifyJwt(token, jwks)).toEqual({
      status: 'verified',
      kid: 'k1',
      alg,
      expiredAt: null,
    });
  });

  it('says why not: changed payload, unknown kid, expired', async () => {
    const { token, jwks } = await signed('RS256', { exp: 1_000 });
    const [h, , s] = token.split('.');
    expect(await verifyJwt(`${h}.${json({ exp: 1_000, admin: true })}.${s}`, jwks)).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('Invalid signature'),
    });
    expect(await verifyJwt(token, { keys: [] })).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('Unknown key'),
    });
    expect(await verifyJwt(token, jwks)).toMatchObject({ status: 'verified', expiredAt: 1_000 });
  });
});

describe('verifyJwtWithKey', () => {
  it('verifies against one pasted JWK or SPKI key, whatever its kid', async () => {
    const { token, jwks, der } = await signed('ES256', { exp: 4_000_000_000 });
    const { kid: _kid, ...noKid } = jwks.keys[0]!;
    expect(await verifyJwtWithKey(token, { kind: 'jwk', jwk: noKid })).toEqual({
      status: 'verified',
      kid: 'k1',
      alg: 'ES256',
      expiredAt: null,
    });
    expect(await verifyJwtWithKey(token, { kind: 'spki', der, kty: 'EC' })).toMatchObject({
      status: 'verified',
      alg: 'ES256',
    });
  });

  it('says why not: wrong kid, wrong key type, another key', async () => {
    const { token, jwks, der } = await signed('RS256', {});
    const other = await signed('RS256', {});
    expect(
      await verifyJwtWithKey(token, { kind: 'jwk', jwk: { ...jwks.keys[0]!, kid: 'k2' } }),
    ).toMatchObject({ reason: expect.stringContaining('Wrong key') });
    expect(await verifyJwtWithKey(token, { kind: 'spki', der, kty: 'EC' })).toMatchObject({
      reason: expect.stringContaining('Algorithm mismatch'),
    });
    expect(
      await verifyJwtWithKey(token, { kind: 'spki', der: other.der, kty: 'RSA' }),
    ).toMatchObject({
      reason: expect.stringContaining('not signed by the pasted key'),
    });
  });
});

describe('decodeJwt, claimOrigins, diffScopes', () => {
  it('keeps what can be read of a malformed token and says what is wrong', () => {
    const bad = decodeJwt(`${json({ alg: 'RS256' })}.not-json.sig`);
    expect(bad.header).toEqual({ alg: 'RS256' });
    expect(bad.payload).toBeNull();
    expect(bad.problem).toMatch(/payload is not valid/);
  });

  it('marks claims and scopes the hook added or changed', () => {
    const payload = { iss: 'x', scope: 'read:data extra', 'https://foo.com/claim': 'bar' };
    expect(diffScopes(payload.scope, ['read:data'])).toEqual({ added: ['extra'], removed: [] });
    expect(claimOrigins(payload, ['read:data'])).toEqual({
      iss: 'platform',
      scope: 'hook-changed',
      'https://foo.com/claim': 'hook-added',
    });
  });
});

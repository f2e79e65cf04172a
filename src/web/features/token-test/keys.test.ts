import { describe, expect, it } from 'vitest';
import { jwksUrlProblem, parseKeyInput } from './keys';

const pem = (label: string, der: Uint8Array) =>
  `-----BEGIN ${label}-----\n${Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')}\n-----END ${label}-----\n`;

async function spki(alg: 'RSA' | 'EC') {
  const params =
    alg === 'EC'
      ? { name: 'ECDSA', namedCurve: 'P-256' }
      : {
          name: 'RSASSA-PKCS1-v1_5',
          modulusLength: 2048,
          publicExponent: new Uint8Array([1, 0, 1]),
          hash: 'SHA-256',
        };
  const pair = await crypto.subtle.generateKey(params, true, ['sign', 'verify']);
  return new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
}

describe('parseKeyInput', () => {
  it('reads SPKI PEMs and tells RSA from EC', async () => {
    for (const kty of ['RSA', 'EC'] as const) {
      const parsed = parseKeyInput(pem('PUBLIC KEY', await spki(kty)));
      expect(parsed).toMatchObject({ ok: true, key: { kind: 'spki', kty } });
    }
  });

  it('reads a JWK and a JWKS, and warns about private members', () => {
    expect(parseKeyInput('{"kty":"EC","crv":"P-256","x":"a","y":"b","kid":"k"}')).toMatchObject({
      ok: true,
      key: { kind: 'jwk' },
      description: 'a JWK (kid k)',
      warning: null,
    });
    expect(parseKeyInput('{"keys":[{"kty":"RSA","n":"a","e":"AQAB"}]}')).toMatchObject({
      ok: true,
      key: { kind: 'jwks' },
      description: 'a JWKS of 1 key',
    });
    expect(parseKeyInput('{"kty":"RSA","n":"a","e":"AQAB","d":"secret"}')).toMatchObject({
      ok: true,
      warning: expect.stringContaining('private part'),
    });
  });

  it('says what is wrong with anything else', () => {
    const problem = (text: string) => {
      const parsed = parseKeyInput(text);
      return parsed.ok ? null : parsed.problem;
    };
    expect(problem('')).toMatch(/Paste a public key/);
    expect(problem('hello')).toMatch(/not a key/);
    expect(problem('{"kty":')).toMatch(/not valid JSON/);
    expect(problem('{"keys":[]}')).toMatch(/no keys/);
    expect(problem('{"keys":"x"}')).toMatch(/Not a JWKS/);
    expect(problem('{"n":"a"}')).toMatch(/no "kty"/);
    expect(problem('{"kty":"oct","k":"a"}')).toMatch(/RSA or EC/);
    expect(problem('{"kty":"RSA","n":"a"}')).toMatch(/has no e/);
    expect(problem('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----')).toMatch(
      /private key/,
    );
    expect(problem('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----')).toMatch(
      /certificate/,
    );
    expect(problem('-----BEGIN RSA PUBLIC KEY-----\nAAAA\n-----END RSA PUBLIC KEY-----')).toMatch(
      /PKCS#1/,
    );
    expect(problem('-----BEGIN PUBLIC KEY-----\nMIIB')).toMatch(/cut off/);
    expect(problem('-----BEGIN PUBLIC KEY-----\n!!!\n-----END PUBLIC KEY-----')).toMatch(/base64/);
  });
});

describe('jwksUrlProblem', () => {
  const origin = 'https://console.example.com';
  it('accepts this origin, relative or absolute', () => {
    expect(jwksUrlProblem('/.well-known/jwks.json', origin)).toEqual({
      url: `${origin}/.well-known/jwks.json`,
    });
    expect(jwksUrlProblem(`${origin}/keys`, origin)).toEqual({ url: `${origin}/keys` });
  });
  it("refuses what the CSP (connect-src 'self') would block, and says so", () => {
    expect(jwksUrlProblem('https://tenant.auth0.com/.well-known/jwks.json', origin)).toEqual({
      problem: expect.stringContaining("connect-src 'self'"),
    });
    expect(jwksUrlProblem('', origin)).toEqual({
      problem: expect.stringContaining('Enter the URL'),
    });
    expect(jwksUrlProblem('ftp://x/y', origin)).toEqual({
      problem: expect.stringContaining('http'),
    });
  });
});

import { jwkSchema, jwksSchema, type VerificationKey } from './jwt';

/** A pasted key, understood, or what is wrong with it in words. */
export type ParsedKey =
  | { ok: true; key: VerificationKey; description: string; warning: string | null }
  | { ok: false; problem: string };

// DER encodings of the SPKI algorithm OIDs (RFC 5480 §2.1.1, RFC 8017 §A.1).
const RSA_OID = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
const EC_OID = [0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];

function contains(bytes: Uint8Array, needle: number[]): boolean {
  outer: for (let i = 0; i + needle.length <= bytes.length && i < 32; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/**
 * Reads what the decoder's key box holds: a PEM public key (SPKI, `BEGIN PUBLIC KEY`), a JWK or a
 * JWKS (JSON). Anything else, or a private key, a certificate or a PKCS#1 key, says what to paste.
 */
export function parseKeyInput(text: string): ParsedKey {
  const trimmed = text.trim();
  if (!trimmed)
    return {
      ok: false,
      problem: 'Paste a public key: PEM (-----BEGIN PUBLIC KEY-----), a JWK or a JWKS.',
    };
  if (trimmed.startsWith('-----BEGIN')) return parsePem(trimmed);
  if (trimmed.startsWith('{')) return parseJson(trimmed);
  return {
    ok: false,
    problem:
      'This is not a key: paste a PEM public key (-----BEGIN PUBLIC KEY-----), a JWK or a JWKS (JSON).',
  };
}

function parsePem(pem: string): ParsedKey {
  const begin = /^-----BEGIN ([A-Z0-9 ]+)-----/.exec(pem);
  const label = begin?.[1] ?? '';
  if (label.includes('PRIVATE')) {
    return {
      ok: false,
      problem:
        'This is a private key: never paste one into a web page. Paste the public key (openssl pkey -pubout).',
    };
  }
  if (label === 'CERTIFICATE') {
    return {
      ok: false,
      problem: 'This is a certificate: paste its public key instead (openssl x509 -pubkey -noout).',
    };
  }
  if (label === 'RSA PUBLIC KEY') {
    return {
      ok: false,
      problem:
        'This is a PKCS#1 RSA key: convert it to SPKI (openssl rsa -RSAPublicKey_in -pubout).',
    };
  }
  if (label !== 'PUBLIC KEY')
    return {
      ok: false,
      problem: `A PEM “${label || '?'}” is not a public key: paste -----BEGIN PUBLIC KEY-----.`,
    };
  const end = pem.indexOf('-----END PUBLIC KEY-----');
  if (end < 0)
    return { ok: false, problem: 'The PEM has no -----END PUBLIC KEY----- line: it was cut off.' };
  const body = pem.slice(begin![0].length, end).replace(/\s+/g, '');
  if (!body || !/^[A-Za-z0-9+/]+={0,2}$/.test(body))
    return { ok: false, problem: 'The PEM body is not valid base64.' };
  let der: Uint8Array<ArrayBuffer>;
  try {
    const binary = atob(body);
    der = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) der[i] = binary.charCodeAt(i);
  } catch {
    return { ok: false, problem: 'The PEM body is not valid base64.' };
  }
  if (der[0] !== 0x30)
    return { ok: false, problem: 'The PEM body is not a DER-encoded public key.' };
  const kty = contains(der, RSA_OID) ? 'RSA' : contains(der, EC_OID) ? 'EC' : null;
  return {
    ok: true,
    key: { kind: 'spki', der, kty },
    description: `a PEM ${kty ?? ''} public key`.replace('  ', ' '),
    warning: null,
  };
}

function parseJson(text: string): ParsedKey {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      problem: `The key is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, problem: 'A JWK or a JWKS is a JSON object.' };
  if ('keys' in value) {
    const jwks = jwksSchema.safeParse(value);
    if (!jwks.success)
      return {
        ok: false,
        problem: 'Not a JWKS: "keys" must be an array of keys, each with a "kty".',
      };
    if (jwks.data.keys.length === 0) return { ok: false, problem: 'The JWKS has no keys.' };
    return {
      ok: true,
      key: { kind: 'jwks', jwks: jwks.data },
      description: `a JWKS of ${jwks.data.keys.length} key${jwks.data.keys.length === 1 ? '' : 's'}`,
      warning: privateWarning(jwks.data.keys),
    };
  }
  const jwk = jwkSchema.safeParse(value);
  if (!jwk.success)
    return {
      ok: false,
      problem: 'Not a JWK: it has no "kty" (key type), or a member is not a string.',
    };
  if (jwk.data.kty !== 'RSA' && jwk.data.kty !== 'EC')
    return {
      ok: false,
      problem: `A ${jwk.data.kty} key cannot verify RS256, PS256 or ES256: it must be an RSA or EC key.`,
    };
  const missing = (jwk.data.kty === 'RSA' ? ['n', 'e'] : ['crv', 'x', 'y']).filter(
    (m) => !(jwk.data as Record<string, unknown>)[m],
  );
  if (missing.length > 0)
    return { ok: false, problem: `The ${jwk.data.kty} JWK has no ${missing.join(', ')}.` };
  return {
    ok: true,
    key: { kind: 'jwk', jwk: jwk.data },
    description: `a JWK${jwk.data.kid ? ` (kid ${jwk.data.kid})` : ''}`,
    warning: privateWarning([jwk.data]),
  };
}

function privateWarning(keys: object[]): string | null {
  return keys.some((k) => 'd' in k)
    ? 'This key includes its private part (d): only the public part is used, but a private key should never be pasted into a web page.'
    : null;
}

/**
 * Whether this page may fetch a JWKS URL. The console's Content-Security-Policy has
 * `connect-src 'self'`, so the browser refuses any other origin: say so before trying.
 */
export function jwksUrlProblem(
  input: string,
  origin: string,
): { url: string } | { problem: string } {
  const trimmed = input.trim();
  if (!trimmed) return { problem: 'Enter the URL of a JWKS, e.g. /.well-known/jwks.json.' };
  let url: URL;
  try {
    url = new URL(trimmed, origin);
  } catch {
    return { problem: `“${trimmed}” is not a URL.` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { problem: 'The JWKS URL must be http:// or https://.' };
  if (url.origin !== origin) {
    return {
      problem: `This console may only fetch from ${origin} (its Content-Security-Policy has connect-src 'self'), so ${url.origin} cannot be read from here. Open the URL yourself and paste the JWKS into “A public key”.`,
    };
  }
  return { url: url.href };
}

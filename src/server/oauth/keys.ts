import {
  constants,
  createPrivateKey,
  createPublicKey,
  type JsonWebKey,
  type KeyObject,
  type SignKeyObjectInput,
} from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { AsymmetricAlg } from '@/shared/schemas/resource-server';
import type { SigningKeyInfo } from '@/shared/schemas/signing-key';
import type { SecretBox } from '../crypto/secret-box';
import type { SigningKeyRepo, SigningKeyRow } from '../db/repos/signing-keys';

/** A key ready to use: the private key never leaves this process's memory unsealed. */
export interface SigningKey {
  kid: string;
  alg: AsymmetricAlg;
  privateKey: KeyObject;
  publicKey: CryptoKey;
  publicJwk: JWK;
  status: 'current' | 'previous';
  /** base64url of the JWS header `{alg, typ: "JWT", kid}`: the same for every token. */
  headerSegment: string;
  /** The same with `typ: "at+jwt"`, for RFC 9068 access tokens (RFC 9068 §2.1). */
  atJwtHeaderSegment: string;
  /** node:crypto sign() options for this algorithm (RFC 7518 §3.3–3.5). */
  signOptions: SignKeyObjectInput;
}

/** RFC 7518: PS256 uses a salt as long as the hash; ES256 signatures are r||s, not DER. */
function signOptionsFor(alg: AsymmetricAlg, key: KeyObject): SignKeyObjectInput {
  if (alg === 'PS256') return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
  if (alg === 'ES256') return { key, dsaEncoding: 'ieee-p1363' };
  return { key };
}

const privateAad = (kid: string) => `signing_key:${kid}`;

/**
 * Signing keys, one current key per algorithm, generated on first use and stored sealed under
 * the master key. The JWKS publishes current and previous keys so tokens signed before a
 * rotation keep verifying until they expire.
 */
export class KeyStore {
  #byKid = new Map<string, SigningKey>();
  #current = new Map<AsymmetricAlg, SigningKey>();
  #jwks: { keys: JWK[] } = { keys: [] };
  /** One generation at a time per algorithm within this process. */
  #pending = new Map<AsymmetricAlg, Promise<SigningKey>>();

  constructor(
    private readonly repo: SigningKeyRepo,
    private readonly box: SecretBox,
  ) {}

  /** (Re)reads the published keys from the store. */
  async reload(): Promise<void> {
    const rows = await this.repo.published();
    const keys = await Promise.all(rows.map((row) => this.#unseal(row)));
    this.#byKid = new Map(keys.map((k) => [k.kid, k]));
    this.#current = new Map(keys.filter((k) => k.status === 'current').map((k) => [k.alg, k]));
    this.#jwks = { keys: keys.map((k) => k.publicJwk) };
  }

  /** The key that signs new tokens for `alg`, generating it the first time it is needed. */
  signingKey(alg: AsymmetricAlg): SigningKey | Promise<SigningKey> {
    return this.#current.get(alg) ?? this.#generate(alg);
  }

  /** A published key by kid, to verify a token. */
  verificationKey(kid: string): SigningKey | undefined {
    return this.#byKid.get(kid);
  }

  /** The public JWK Set (RFC 7517): no private members ever. */
  jwks(): { keys: JWK[] } {
    return this.#jwks;
  }

  #generate(alg: AsymmetricAlg): Promise<SigningKey> {
    let pending = this.#pending.get(alg);
    if (!pending) {
      pending = this.#createAndStore(alg).finally(() => this.#pending.delete(alg));
      this.#pending.set(alg, pending);
    }
    return pending;
  }

  /** Rotates every algorithm in use: new current keys, the old ones kept as previous. */
  async rotate(): Promise<{ kid: string; alg: AsymmetricAlg }[]> {
    const rotated = [];
    for (const alg of [...this.#current.keys()]) {
      const row = await this.#newKeyRow(alg);
      await this.repo.rotate(row);
      rotated.push({ kid: row.kid, alg });
    }
    await this.reload();
    return rotated;
  }

  /**
   * Revokes a previous key (SigningKeyRepo.revoke): gone from the JWKS and from verification
   * here at once. Returns Auth0's `{cert, kid}` (the public key's PEM), `current` when the key
   * still signs, or undefined when no published key has that kid.
   */
  async revoke(kid: string): Promise<{ cert: string; kid: string } | 'current' | undefined> {
    const row = await this.repo.revoke(kid);
    if (!row || row === 'current') return row;
    await this.reload();
    return { cert: pemOf(row.public_jwk), kid };
  }

  /** Every published key with its dates, for `GET /api/v2/keys/signing`. */
  async describe(): Promise<SigningKeyInfo[]> {
    const rows = await this.repo.published();
    return rows.map((row) => {
      return {
        kid: row.kid,
        alg: row.alg as AsymmetricAlg,
        current: row.status === 'current',
        previous: row.status === 'previous',
        current_since: row.created_at,
        ...(row.rotated_at && { current_until: row.rotated_at }),
        thumbprint: row.kid,
        pem: pemOf(row.public_jwk),
      };
    });
  }

  async #newKeyRow(alg: AsymmetricAlg): Promise<SigningKeyRow> {
    const { privateKey } = await generateKeyPair(alg, { extractable: true, modulusLength: 2048 });
    const privateJwk = await exportJWK(privateKey);
    const kid = await calculateJwkThumbprint(privateJwk);
    return {
      kid,
      alg,
      status: 'current',
      public_jwk: JSON.stringify(toPublicJwk(privateJwk, kid, alg)),
      private_jwk_enc: this.box.seal(JSON.stringify(privateJwk), privateAad(kid)),
      created_at: new Date().toISOString(),
      rotated_at: null,
    };
  }

  async #createAndStore(alg: AsymmetricAlg): Promise<SigningKey> {
    await this.repo.insertCurrent(await this.#newKeyRow(alg));
    // Whether this node's key or a concurrent node's won, the store now holds the current key.
    await this.reload();
    const current = this.#current.get(alg);
    if (!current) throw new Error(`No current ${alg} signing key after generation`);
    return current;
  }

  async #unseal(row: SigningKeyRow): Promise<SigningKey> {
    const alg = row.alg as AsymmetricAlg;
    const privateJwk = JSON.parse(this.box.open(row.private_jwk_enc, privateAad(row.kid))) as JWK;
    const publicJwk = JSON.parse(row.public_jwk) as JWK;
    const privateKey = createPrivateKey({ key: privateJwk, format: 'jwk' });
    return {
      kid: row.kid,
      alg,
      privateKey,
      publicKey: (await importJWK(publicJwk, alg)) as CryptoKey,
      publicJwk,
      status: row.status as SigningKey['status'],
      headerSegment: Buffer.from(JSON.stringify({ alg, typ: 'JWT', kid: row.kid })).toString(
        'base64url',
      ),
      atJwtHeaderSegment: Buffer.from(
        JSON.stringify({ alg, typ: 'at+jwt', kid: row.kid }),
      ).toString('base64url'),
      signOptions: signOptionsFor(alg, privateKey),
    };
  }
}

/** A stored public JWK as SPKI PEM. */
function pemOf(publicJwk: string): string {
  return createPublicKey({ key: JSON.parse(publicJwk) as JsonWebKey, format: 'jwk' })
    .export({ type: 'spki', format: 'pem' })
    .toString();
}

/** Keeps only the public members of a JWK (RFC 7518 §6.2.1, §6.3.1) and adds kid, alg, use. */
function toPublicJwk(jwk: JWK, kid: string, alg: AsymmetricAlg): JWK {
  const { kty, crv, x, y, n, e } = jwk;
  const pub: JWK = { kty, kid, alg, use: 'sig' };
  if (kty === 'EC') Object.assign(pub, { crv, x, y });
  else Object.assign(pub, { n, e });
  return pub;
}

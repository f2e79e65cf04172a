import { randomBytes, randomFillSync, randomInt } from 'node:crypto';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `length` characters of CSPRNG output over [A-Za-z0-9] (unbiased: randomInt rejects). */
export function randomBase62(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += BASE62[randomInt(62)];
  return out;
}

/** 32 base62 characters (≈190 bits), Auth0's client_id shape. */
export const newClientId = () => randomBase62(32);
/** 48 random bytes as 64 base64url characters. */
export const newClientSecret = () => randomBytes(48).toString('base64url');
/** 24 hex characters, Auth0's resource server id shape. */
export const newResourceServerId = () => randomBytes(12).toString('hex');
/** `cgr_` + 16 base62 characters, Auth0's client grant id shape. */
export const newClientGrantId = () => `cgr_${randomBase62(16)}`;
/** JWT ID: 16 random bytes, from a pool filled 4 KiB at a time (a small randomBytes call costs ~10 µs). */
export const newJti = () => pooledRandom(16).toString('base64url');

let pool = Buffer.alloc(0);
let offset = 0;
function pooledRandom(size: number): Buffer {
  if (offset + size > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafe(4096));
    offset = 0;
  }
  offset += size;
  return pool.subarray(offset - size, offset);
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The random part of the last ULID, as 16 base32 digits, and its millisecond. */
const ulidDigits = new Uint8Array(16);
let ulidTime = -1;

/**
 * A ULID (time-ordered, 26 Crockford base32 characters), Auth0's hook id shape. Monotonic, as
 * the ULID spec allows: within one millisecond the random part counts up, so the ids of one
 * process sort in the order they were made (the logs list newest first by id).
 */
export function newUlid(now = Date.now()): string {
  if (now === ulidTime) {
    let i = 15;
    while (i >= 0 && ulidDigits[i] === 31) ulidDigits[i--] = 0;
    if (i >= 0) ulidDigits[i]!++;
  } else {
    const bytes = pooledRandom(16);
    for (let i = 0; i < 16; i++) ulidDigits[i] = bytes[i]! & 31;
    ulidTime = now;
  }
  let time = '';
  for (let t = now, i = 0; i < 10; i++, t = Math.floor(t / 32)) time = CROCKFORD[t % 32] + time;
  let rand = '';
  for (const digit of ulidDigits) rand += CROCKFORD[digit];
  return time + rand;
}

import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { Semaphore } from '../semaphore';

/** scrypt parameters (memory-hard: 128 · N · r = 32 MiB per hash; OWASP's minimum is N=2^17, r=8, p=1). */
const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const MAXMEM = 64 * 1024 * 1024;

/**
 * scrypt runs on libuv's thread pool (4 threads by default), which token signing shares: at most
 * two hashes run at once, so two threads always stay free for signing however many sign-ins
 * arrive. A few more wait their turn; beyond that a check is refused at once (BusyError).
 */
const hashing = new Semaphore(2, 8);

function derive(password: string, salt: Buffer, opts: ScryptOptions): Promise<Buffer> {
  return hashing.run(
    () =>
      new Promise<Buffer>((resolve, reject) =>
        scrypt(
          password.normalize('NFKC'),
          salt,
          KEY_LENGTH,
          { ...opts, maxmem: MAXMEM },
          (err, key) => (err ? reject(err) : resolve(key)),
        ),
      ),
  );
}

/** `scrypt$N$r$p$salt$hash`; the parameters travel with the hash so they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, { N, r: R, p: P });
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A password for a first start without ADMIN_PASSWORD: 24 base64url characters (144 bits). */
export const generatePassword = () => randomBytes(18).toString('base64url');

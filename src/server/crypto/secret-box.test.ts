import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadMasterKey, SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('round-trips and never repeats a ciphertext', () => {
    const a = box.seal('s3cret', 'client_secret:a');
    const b = box.seal('s3cret', 'client_secret:a');
    expect(a).not.toBe(b);
    expect(a).not.toContain('s3cret');
    expect(box.open(a, 'client_secret:a')).toBe('s3cret');
  });

  it('refuses a value moved to another owner, a tampered value, or another key', () => {
    const sealed = box.seal('s3cret', 'client_secret:a');
    expect(() => box.open(sealed, 'client_secret:b')).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => box.open(parts.join('.'), 'client_secret:a')).toThrow();
    expect(() => new SecretBox(randomBytes(32)).open(sealed, 'client_secret:a')).toThrow();
  });
});

describe('loadMasterKey', () => {
  it('creates a 0600 key file once and reads it back', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'th-key-'));
    const first = loadMasterKey(undefined, dir);
    expect(first).toHaveLength(32);
    expect(fs.statSync(path.join(dir, 'master.key')).mode & 0o777).toBe(0o600);
    expect(loadMasterKey(undefined, dir)).toEqual(first);
  });

  it('prefers MASTER_KEY and writes no file then', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'th-key-'));
    const key = randomBytes(32);
    expect(loadMasterKey(key, dir)).toBe(key);
    expect(fs.existsSync(path.join(dir, 'master.key'))).toBe(false);
  });
});

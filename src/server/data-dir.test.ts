import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadMasterKey } from './crypto/secret-box';
import { migrate, openSqlite } from './db/connect';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhook-data-dir-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe('DATA_DIR permissions', () => {
  it.each([
    ['a new folder', false],
    ['a folder and files left readable by others', true],
  ])(
    '%s: folder 0700, database, WAL, shared memory and master key 0600',
    async (_name, existing) => {
      const dir = path.join(root, existing ? 'existing' : 'new');
      const file = path.join(dir, 'tokenhook.sqlite');
      if (existing) {
        fs.mkdirSync(dir);
        fs.chmodSync(dir, 0o755);
        fs.writeFileSync(file, '');
        fs.writeFileSync(
          path.join(dir, 'master.key'),
          `${Buffer.alloc(32, 1).toString('base64')}\n`,
        );
        for (const f of fs.readdirSync(dir)) fs.chmodSync(path.join(dir, f), 0o644);
      }
      loadMasterKey(undefined, dir);
      const db = openSqlite(file);
      await migrate(db);
      expect(fs.existsSync(`${file}-wal`)).toBe(true);
      expect(mode(dir)).toBe(0o700);
      for (const f of fs.readdirSync(dir)) expect([f, mode(path.join(dir, f))]).toEqual([f, 0o600]);
      await db.destroy();
    },
  );
});

import fs from 'node:fs';

/**
 * DATA_DIR holds the database, its WAL and shared-memory files and the master key: only the
 * server's own user may read them. The folder is made 0700 and the given files 0600, whether they
 * are new or were left more open by an older version or a restore.
 */
export function secureDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
}

/** Makes `file` 0600 if it exists. */
export function secureFile(file: string): void {
  try {
    fs.chmodSync(file, 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/**
 * Creates `file` empty with mode 0600 if it is missing (SQLite then gives its WAL and
 * shared-memory files the database file's mode), and makes it and its companions 0600.
 */
export function secureDatabaseFile(file: string): void {
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) secureFile(f);
}

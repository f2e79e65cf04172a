import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../src/server/testing-process';
import { expect, test } from '@playwright/test';

/**
 * `npm start` runs the server in npm's process tree; a process manager stops it by signalling npm.
 * npm forwards SIGTERM/SIGINT to its script, whose shell `exec`s node, so the server gets the
 * signal, closes, and the port is free again (no orphaned server). Uses the build of `npm run build`.
 */

async function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`${signal} to npm start stops the server and frees its port`, async () => {
    test.setTimeout(60_000);
    const port = await freePort();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhook-npm-start-'));
    const npm = spawn('npm', ['start'], {
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: String(port),
        DATA_DIR: path.join(dir, 'data'),
        ISSUER_BASE_URL: `http://127.0.0.1:${port}`,
        ADMIN_EMAIL: 'admin@npm-start.test',
        ADMIN_PASSWORD: 'npm-start-password-not-secret',
      },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) =>
      npm.once('exit', (code) => resolve(code)),
    );
    try {
      await expect
        .poll(
          async () =>
            fetch(`http://127.0.0.1:${port}/healthz`).then(
              (r) => r.status,
              () => 0,
            ),
          { timeout: 30_000 },
        )
        .toBe(200);
      npm.kill(signal);
      await exited;
      await expect.poll(() => canListen(port), { timeout: 10_000 }).toBe(true);
    } finally {
      if (npm.exitCode === null) npm.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * One server for the whole run: a free port and a temporary DATA_DIR. Playwright evaluates the
 * config in the runner and again in every worker, so the runner picks them once and hands them
 * down through the environment.
 */
if (!process.env.TOKENHOOK_E2E_PORT) {
  const findPort =
    "const s=require('node:net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
  process.env.TOKENHOOK_E2E_PORT = execFileSync(process.execPath, ['-e', findPort]).toString();
  process.env.TOKENHOOK_E2E_REGISTRY_PORT = execFileSync(process.execPath, [
    '-e',
    findPort,
  ]).toString();
  process.env.TOKENHOOK_E2E_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhook-e2e-'));
}

const port = Number(process.env.TOKENHOOK_E2E_PORT);
const dir = process.env.TOKENHOOK_E2E_DIR ?? '';
const registryPort = Number(process.env.TOKENHOOK_E2E_REGISTRY_PORT);

export const e2e = {
  port,
  /** Holds the server's DATA_DIR and the signed-in browser state. */
  dir,
  baseURL: `http://127.0.0.1:${port}`,
  /** The npm registry stand-in (global-setup.ts) the server installs hook modules from. */
  registryPort,
  registry: `http://127.0.0.1:${registryPort}/`,
  adminEmail: 'admin@e2e.tokenhook.test',
  adminPassword: 'e2e-admin-password-not-secret',
  /** Cookies of the admin signed in by auth.setup.ts. */
  storageState: path.join(dir, 'admin-state.json'),
};

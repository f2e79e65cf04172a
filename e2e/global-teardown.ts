import fs from 'node:fs';
import path from 'node:path';
import { e2e } from './env';

/**
 * After the whole browser session: nothing secret may be in the server's log (OWASP ASVS V7):
 * not the admin password, no token, no client secret (64 base64url characters), no private key.
 * Then removes the temporary DATA_DIR and browser state.
 */
export default function globalTeardown() {
  if (!e2e.dir) return;
  const logFile = path.join(e2e.dir, 'server.log');
  const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
  const leaks = [
    log.includes(e2e.adminPassword) && 'the admin password',
    /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/.test(log) && 'a JWT',
    /(^|[^A-Za-z0-9_-])[A-Za-z0-9_-]{64}([^A-Za-z0-9_-]|$)/m.test(log) && 'a client secret',
    log.includes('"d":"') && 'a private key',
  ].filter(Boolean);
  fs.rmSync(e2e.dir, { recursive: true, force: true });
  if (leaks.length > 0) throw new Error(`The server log contains ${leaks.join(', ')}:\n${log}`);
}

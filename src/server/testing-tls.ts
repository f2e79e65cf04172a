/** Test support: a throwaway self-signed TLS certificate for loopback HTTPS servers. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Writes `key.pem` and `cert.pem` (P-256, valid one day) into `dir` for `host` (an IP address)
 * and the extra subject alternative names given, and returns their paths and contents.
 */
export function selfSignedCertificate(dir: string, host: string, extraNames: string[] = []) {
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '1',
      '-subj',
      `/CN=${host}`,
      '-addext',
      `subjectAltName=${[`IP:${host}`, ...extraNames].join(',')}`,
    ],
    { stdio: 'ignore' },
  );
  return {
    keyFile,
    certFile,
    key: fs.readFileSync(keyFile, 'utf8'),
    cert: fs.readFileSync(certFile, 'utf8'),
  };
}

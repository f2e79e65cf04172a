import fs from 'node:fs';
import { e2e } from './env';

/** Removes the temporary DATA_DIR and browser state. */
export default function globalTeardown() {
  if (e2e.dir) fs.rmSync(e2e.dir, { recursive: true, force: true });
}

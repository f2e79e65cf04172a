// `npm start`: builds when dist/ is missing or older than the sources, then runs the server.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const inputs = ['src', 'index.html', 'public', 'vite.config.ts', 'package-lock.json'];
const output = 'dist/server.js';

function newestMtime(p) {
  if (!fs.existsSync(p)) return 0;
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(p).map((name) => newestMtime(path.join(p, name))));
}

const built = fs.existsSync(output) ? fs.statSync(output).mtimeMs : 0;
if (built < Math.max(...inputs.map(newestMtime))) {
  console.log('Building Tokenhook…');
  execSync('npm run build', { stdio: 'inherit' });
}
await import(pathToFileURL(path.resolve(output)).href);

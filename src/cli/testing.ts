/** Test support for the CLI suites: the CLI bundled once into a file that runs as a process. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { build } from 'esbuild';

/** Bundles src/cli/main.ts into `outfile` (an .mjs the tests start with node). */
export function buildCli(outfile: string) {
  return build({
    entryPoints: ['src/cli/main.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    alias: { '@': path.resolve('src') },
    // Bundled CommonJS dependencies (yaml) require Node built-ins; dist/cli.js keeps packages external.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    logLevel: 'error',
  });
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the bundled CLI as a process in `cwd` with exactly `env`: nothing of the test runner's environment leaks in. */
export function runCli(
  cli: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Test support: the real server as a child process (`src/server/main.ts` through tsx). */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export class ServerProcess {
  output = '';
  exit: Promise<number | null>;
  constructor(readonly child: ChildProcess) {
    child.stdout!.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
    this.exit = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }
  static start(env: Record<string, string>) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new ServerProcess(child);
  }
  async ready(base: string) {
    for (let i = 0; i < 150; i++) {
      try {
        const res = await fetch(`${base}/healthz`);
        if (res.ok) return (await res.json()) as unknown;
      } catch {
        // not listening yet
      }
      if (this.child.exitCode !== null) throw new Error(`server exited early:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`server not ready:\n${this.output}`);
  }
  async stop() {
    this.child.kill('SIGTERM');
    return this.exit;
  }
}


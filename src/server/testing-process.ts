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

/** `POST /oauth/token` with client_secret_post; the status and the JSON body. */
export async function requestToken(
  base: string,
  clientId: string,
  clientSecret: string,
  audience: string,
) {
  const res = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      audience,
    }),
  });
  return {
    status: res.status,
    headers: res.headers,
    body: (await res.json()) as Record<string, string>,
  };
}

/** Calls `/api/v2` on `base` with a bearer token: status, headers and the parsed body. */
export function managementCaller(base: string, bearer: string) {
  return async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`${base}/api/v2${p}`, {
      method,
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      status: res.status,
      headers: res.headers,
      body: res.status === 204 ? undefined : await res.json(),
    };
  };
}

/** Polls until `check` passes; returns how long it took. */
export async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return Date.now() - started;
}

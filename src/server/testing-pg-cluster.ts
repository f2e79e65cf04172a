/**
 * Test support: a throwaway PostgreSQL cluster in a temporary folder on a free port, which a
 * suite may stop, start and restart without disturbing the machine's own server or other suites.
 * Uses the server binaries of the installed PostgreSQL (`PG_BIN`, or the newest
 * /usr/lib/postgresql/N/bin). PostgreSQL refuses to run as root: as root (CI), every command runs
 * as the `postgres` user through runuser.
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './testing-process';

const run = promisify(execFile);

/** The folder holding initdb and pg_ctl, or undefined when PostgreSQL is not installed. */
export function postgresBinDir(): string | undefined {
  const candidates = process.env.PG_BIN
    ? [process.env.PG_BIN]
    : (fs.existsSync('/usr/lib/postgresql') ? fs.readdirSync('/usr/lib/postgresql') : [])
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => `/usr/lib/postgresql/${v}/bin`);
  return candidates.find(
    (dir) => fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl')),
  );
}

const asRoot = process.getuid?.() === 0;

export class PgCluster {
  private constructor(
    private readonly bin: string,
    readonly dir: string,
    readonly port: number,
  ) {}

  /** Creates and starts a cluster (superuser `postgres`, trust authentication, 127.0.0.1 only). */
  static async create(): Promise<PgCluster> {
    const bin = postgresBinDir();
    if (!bin) throw new Error('PostgreSQL server binaries not found (set PG_BIN)');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhook-pg-'));
    if (asRoot) {
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
      fs.chownSync(dir, uid, gid);
    }
    const cluster = new PgCluster(bin, dir, await freePort());
    await cluster.#exec('initdb', [
      '-D',
      cluster.#data,
      '-A',
      'trust',
      '-U',
      'postgres',
      '-E',
      'UTF8',
      '--no-sync',
    ]);
    await cluster.start();
    return cluster;
  }

  get #data() {
    return path.join(this.dir, 'data');
  }

  /** A connection URL as the superuser, to `database`. */
  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  start(): Promise<void> {
    return this.#ctl('start');
  }

  /** `fast`: active sessions are terminated (57P01), as `pg_ctlcluster stop` does. */
  stop(): Promise<void> {
    return this.#ctl('stop');
  }

  restart(): Promise<void> {
    return this.#ctl('restart');
  }

  /** Stops the server (if running) and removes the folder. */
  async destroy(): Promise<void> {
    await this.#exec('pg_ctl', ['-D', this.#data, '-m', 'immediate', '-w', 'stop']).catch(
      () => undefined,
    );
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  async #ctl(action: 'start' | 'stop' | 'restart') {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
    await this.#exec('pg_ctl', [
      '-D',
      this.#data,
      '-m',
      'fast',
      '-w',
      '-t',
      '30',
      '-l',
      path.join(this.dir, 'log'),
      '-o',
      options,
      action,
    ]);
  }

  async #exec(tool: string, args: string[]) {
    const file = path.join(this.bin, tool);
    if (asRoot) await run('runuser', ['-u', 'postgres', '--', file, ...args], { cwd: this.dir });
    else await run(file, args, { cwd: this.dir });
  }
}

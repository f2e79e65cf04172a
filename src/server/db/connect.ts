import path from 'node:path';
import SQLite from 'better-sqlite3';
import {
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  type LogEvent,
  type Migration,
  type SqliteDatabase,
} from 'kysely';
import pg from 'pg';
import * as m0001 from './migrations/0001-initial';
import * as m0002 from './migrations/0002-hooks';
import * as m0003 from './migrations/0003-console';
import * as m0004 from './migrations/0004-hook-timeout';
import * as m0005 from './migrations/0005-logs';
import * as m0006 from './migrations/0006-hook-versions';
import * as m0007 from './migrations/0007-hook-tests';
import * as m0008 from './migrations/0008-list-indexes';
import * as m0009 from './migrations/0009-log-indexes';
import * as m0010 from './migrations/0010-security';
import * as m0011 from './migrations/0011-hook-lifecycle';
import * as m0012 from './migrations/0012-auth0-fields';
import * as m0013 from './migrations/0013-hook-modules';
import { secureDatabaseFile, secureDir } from '../data-dir';
import type { Database } from './schema';
import { describeError, isStoreUnavailable } from './store-health';

/** Every migration, in order. Imported statically so the bundled server carries them. */
export const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-hooks': m0002,
  '0003-console': m0003,
  '0004-hook-timeout': m0004,
  '0005-logs': m0005,
  '0006-hook-versions': m0006,
  '0007-hook-tests': m0007,
  '0008-list-indexes': m0008,
  '0009-log-indexes': m0009,
  '0010-security': m0010,
  '0011-hook-lifecycle': m0011,
  '0012-auth0-fields': m0012,
  '0013-hook-modules': m0013,
};

/**
 * Opens the embedded store: a SQLite file (or `:memory:` for tests) in WAL mode with foreign keys
 * enforced. WAL lets readers run beside the single writer; `synchronous=NORMAL` is durable across
 * process crashes in WAL mode (only a power loss can drop the last transactions).
 */
export function openSqlite(
  file: string,
  opts: { log?: (event: LogEvent) => void } = {},
): Kysely<Database> {
  if (file !== ':memory:') {
    secureDir(path.dirname(file));
    secureDatabaseFile(file);
  }
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return new Kysely<Database>({
    dialect: new SqliteDialect({ database: forKysely(sqlite) }),
    log: opts.log,
  });
}

/** Statements kept prepared; the store's queries are a fixed set far smaller than this. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * The connection as Kysely sees it.
 *
 * - Statements are cached: Kysely prepares every query it runs, and preparing costs more than
 *   running the short statements of the token path and the log writer. The same SQL text reuses
 *   its prepared statement (SQLite re-prepares by itself after a schema change). Kysely never
 *   streams here, so a cached statement is never still busy when it is asked for again.
 * - Transactions begin IMMEDIATE: the log writer thread (log-writer.ts) writes through a second
 *   connection, and a deferred transaction that reads and then writes would fail at once with
 *   SQLITE_BUSY if the other connection committed in between; IMMEDIATE takes the write lock
 *   first and waits for it (busy_timeout).
 */
function forKysely(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    prepare(text) {
      const sql = text === 'begin' ? 'begin immediate' : text;
      let stmt = cache.get(sql);
      if (!stmt) {
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.clear();
        stmt = sqlite.prepare(sql);
        cache.set(sql, stmt);
      }
      return stmt;
    },
    close: () => sqlite.close(),
  };
}

export interface PostgresOptions {
  log?: (event: LogEvent) => void;
  /** Pool size: the most connections this node opens for queries (the change feed adds one). */
  max?: number;
  /** Shown in `pg_stat_activity.application_name`. */
  applicationName?: string;
  /** A connection failed outside any query (idle in the pool, or held between two queries). */
  onConnectionError?: (err: Error) => void;
}

/**
 * Opens PostgreSQL, the store several nodes share. The migrations and repositories are the same:
 * they keep to portable SQL (text, integer, real; 0/1 booleans; JSON as text).
 *
 * No connection error may end the process: node-postgres emits `'error'` on the pool for an idle
 * connection that drops, and on the client itself for a connection that drops while checked out
 * between two queries (inside a transaction, say); an EventEmitter without a listener throws that.
 * Both have a listener here; the query that used the connection fails, the pool discards it.
 */
export function openPostgres(url: string, opts: PostgresOptions = {}): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    application_name: opts.applicationName ?? 'tokenhook',
    // An unreachable host fails a connection attempt instead of holding the request forever.
    connectionTimeoutMillis: 5_000,
    keepAlive: true,
  });
  const onError = (err: Error) => opts.onConnectionError?.(err);
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: opts.log });
}

/** Applies pending migrations; throws with the failing migration's error (as `cause`). */
export async function migrate(db: Kysely<Database>): Promise<void> {
  // On PostgreSQL, Kysely's migrator holds an advisory lock while it migrates, so nodes starting
  // together migrate one after the other (the later ones find nothing to do).
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, {
      cause: error,
    });
  }
}

/**
 * Runs `work` until it completes, waiting with backoff (0.5 s doubling to 5 s) while the store
 * does not answer, and saying so once per attempt. Any other error is thrown.
 */
export async function untilStoreAnswers<T>(
  work: () => Promise<T>,
  say: (line: string) => void,
): Promise<T> {
  let waitMs = 500;
  for (;;) {
    try {
      return await work();
    } catch (err) {
      if (!isStoreUnavailable(err)) throw err;
      say(`The store is not answering (${describeError(err)}); retrying in ${waitMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, waitMs));
      waitMs = Math.min(waitMs * 2, 5_000);
    }
  }
}

import pg from 'pg';
import { describeError, isStoreUnavailable } from './db/store-health';

/**
 * True for errors that come from the database driver rather than from this program: a lost
 * connection, a server error message, or anything thrown inside node-postgres.
 */
export function isDriverError(err: unknown): boolean {
  if (isStoreUnavailable(err) || err instanceof pg.DatabaseError) return true;
  const stack = err instanceof Error ? (err.stack ?? '') : '';
  return /[\\/]node_modules[\\/](pg|pg-pool|pg-protocol)[\\/]/.test(stack);
}

/** At most one line per this long about driver errors nothing else handled. */
const REPORT_MS = 60_000;

/**
 * The process-level last resort: a database driver error that escaped every handler (an
 * `'error'` event or a rejection nobody awaited) is logged, at most once a minute with a count,
 * and the node keeps serving. Anything else is a bug and still ends the process, as Node would.
 */
export function installLastResort(
  log: (line: string) => void = (line) => console.error(line),
): void {
  let unreported = 0;
  let reportedAt = 0;
  const handle = (err: unknown, kind: string) => {
    if (!isDriverError(err)) {
      console.error(err);
      process.exit(1);
    }
    unreported++;
    const now = Date.now();
    if (now - reportedAt < REPORT_MS) return;
    log(
      `Kept serving after ${unreported} unhandled database driver ${kind}(s); last: ${describeError(err)}`,
    );
    unreported = 0;
    reportedAt = now;
  };
  process.on('uncaughtException', (err) => handle(err, 'error'));
  process.on('unhandledRejection', (reason) => handle(reason, 'rejection'));
}

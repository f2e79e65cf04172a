/**
 * Whether the store answers, and what the node does while it does not.
 *
 * A lost PostgreSQL (restart, failover, network) must not stop token issuance: while the store is
 * unreachable the token path answers from the last state it read (for at most `maxStalenessMs`
 * after the outage began), log rows wait in memory, and the Management API answers 503. One line
 * is logged when an outage begins and one when it ends, with what happened meanwhile.
 */

/** Thrown where the store is needed while it is known to be unreachable. */
export class StoreUnavailableError extends Error {
  readonly code = 'store_unavailable';
  constructor(message = 'The store is unavailable') {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}

/** Node socket errors that mean the database host could not be reached or dropped the connection. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL SQLSTATEs of a server that is not there to answer
 * (https://www.postgresql.org/docs/15/errcodes-appendix.html): class 08 connection exceptions,
 * 57P01–57P03 (administrator shutdown, crash shutdown, cannot connect now) and 53300 (too many
 * connections).
 */
const unavailableSqlState = (code: string) =>
  code.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(code);

/** node-postgres's own messages for a connection that ended or could not be made. */
const DRIVER_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'is not queryable',
  'Client was closed',
];

/** True when `err` says the store could not be reached, not that a statement was wrong. */
export function isStoreUnavailable(err: unknown, depth = 0): boolean {
  if (depth > 5 || typeof err !== 'object' || err === null) return false;
  if (err instanceof StoreUnavailableError) return true;
  const { code, message, cause, errors } = err as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (
    typeof code === 'string' &&
    (SOCKET_CODES.has(code) || (/^[0-9A-Z]{5}$/.test(code) && unavailableSqlState(code)))
  )
    return true;
  if (typeof message === 'string' && DRIVER_MESSAGES.some((m) => message.includes(m))) return true;
  if (Array.isArray(errors) && errors.some((e) => isStoreUnavailable(e, depth + 1))) return true;
  return isStoreUnavailable(cause, depth + 1);
}

/** One line about an error (its innermost cause), for logs that must not carry a stack per request. */
export function describeError(err: unknown): string {
  while (err instanceof Error && err.cause instanceof Error) err = err.cause;
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: unknown }).code;
  const message =
    err.message ||
    (err instanceof AggregateError ? err.errors.map((e) => describeError(e)).join('; ') : err.name);
  return typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message;
}

/** What `/readyz` says. */
export type ReadyStatus =
  | { status: 'ready' }
  | { status: 'degraded' | 'unavailable'; message: string; store_unavailable_since: string };

interface Counts {
  /** Token requests answered while the store was unavailable. */
  tokens: number;
  /** Of those, refused with 503 (not cached on this node, or cached too long ago). */
  tokensRefused: number;
  /** Management API and console requests answered 503. */
  management: number;
  /** Log rows dropped because the buffer that holds them for the store was full. */
  droppedRows: number;
}

const noCounts = (): Counts => ({ tokens: 0, tokensRefused: 0, management: 0, droppedRows: 0 });

export interface StoreHealthOptions {
  /** A round trip to the store (`select 1`); rejects when the store does not answer. */
  probe: () => Promise<unknown>;
  /** How long after an outage began cached state is still served (0: never). */
  maxStalenessMs: number;
  log?: (line: string) => void;
  now?: () => number;
}

/** Probes while the store is unavailable: soon at first, then every few seconds. */
const PROBE_FIRST_MS = 250;
const PROBE_MAX_MS = 5_000;

export class StoreHealth {
  #since: number | undefined;
  #cause = '';
  #counts = noCounts();
  #probing = false;
  #timer: NodeJS.Timeout | undefined;
  #probeMs = PROBE_FIRST_MS;
  #closed = false;
  readonly #recovered = new Set<() => void>();
  readonly #holders = new Set<() => number>();
  readonly #log: (line: string) => void;
  readonly #now: () => number;

  constructor(private readonly opts: StoreHealthOptions) {
    this.#log = opts.log ?? ((line) => console.warn(line));
    this.#now = opts.now ?? Date.now;
  }

  get available(): boolean {
    return this.#since === undefined;
  }

  /** When the current outage began, or undefined while the store answers. */
  get unavailableSince(): Date | undefined {
    return this.#since === undefined ? undefined : new Date(this.#since);
  }

  /** Seconds a client should wait before retrying (`Retry-After`). */
  retryAfterSeconds(): number {
    return 5;
  }

  /**
   * Records a failed store operation. Returns true, and starts an outage if none is under way,
   * when it failed because the store could not be reached; false for any other error.
   */
  failed(err: unknown): boolean {
    if (!isStoreUnavailable(err)) return false;
    this.#begin(err);
    return true;
  }

  /**
   * A connection dropped outside any request (an idle pooled connection, the change feed): probes
   * the store once and starts an outage only if the probe fails, so one terminated backend is not
   * reported as an outage.
   */
  suspect(): void {
    if (this.#since !== undefined || this.#probing || this.#closed) return;
    this.#probing = true;
    this.opts.probe().then(
      () => (this.#probing = false),
      (err: unknown) => {
        this.#probing = false;
        this.#begin(err);
      },
    );
  }

  /** Whether cached state may still answer: always while the store answers, then for `maxStalenessMs`. */
  mayServeStale(): boolean {
    return this.#since === undefined || this.#now() - this.#since <= this.opts.maxStalenessMs;
  }

  /** Counts what happened during the current outage (nothing is counted while the store answers). */
  count(what: keyof Counts, n = 1): void {
    if (this.#since !== undefined) this.#counts[what] += n;
  }

  /** Runs `listener` each time the store answers again after an outage. */
  onRecovered(listener: () => void): () => void {
    this.#recovered.add(listener);
    return () => this.#recovered.delete(listener);
  }

  /** Registers a buffer that holds rows for the store, so the end-of-outage line can say how many. */
  holding(size: () => number): void {
    this.#holders.add(size);
  }

  status(): ReadyStatus {
    if (this.#since === undefined) return { status: 'ready' };
    const since = new Date(this.#since).toISOString();
    if (this.mayServeStale()) {
      return {
        status: 'degraded',
        message: `degraded: store unavailable since ${since}`,
        store_unavailable_since: since,
      };
    }
    return {
      status: 'unavailable',
      message: `unavailable: store unavailable since ${since}, longer than cached state may be served`,
      store_unavailable_since: since,
    };
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
  }

  #begin(err: unknown): void {
    if (this.#since !== undefined || this.#closed) return;
    this.#since = this.#now();
    this.#cause = describeError(err);
    this.#counts = noCounts();
    this.#probeMs = PROBE_FIRST_MS;
    const minutes = Math.round(this.opts.maxStalenessMs / 6_000) / 10;
    this.#log(
      `Store unavailable since ${new Date(this.#since).toISOString()}: ${this.#cause}. ` +
        `Tokens are issued from cached state for up to ${minutes} min; the Management API answers 503 until it is back.`,
    );
    this.#scheduleProbe();
  }

  #scheduleProbe(): void {
    if (this.#closed) return;
    this.#timer = setTimeout(() => {
      this.opts.probe().then(
        () => this.#end(),
        () => {
          this.#probeMs = Math.min(this.#probeMs * 2, PROBE_MAX_MS);
          this.#scheduleProbe();
        },
      );
    }, this.#probeMs);
    this.#timer.unref();
  }

  #end(): void {
    if (this.#since === undefined) return;
    const seconds = ((this.#now() - this.#since) / 1000).toFixed(1);
    const c = this.#counts;
    let held = 0;
    for (const size of this.#holders) held += size();
    this.#log(
      `Store available again after ${seconds} s (unavailable since ${new Date(this.#since).toISOString()}: ${this.#cause}): ` +
        `${c.tokens} token requests answered meanwhile (${c.tokensRefused} refused with 503), ` +
        `${c.management} Management API requests refused with 503, ` +
        `${held} log rows held for the store (now written), ${c.droppedRows} dropped (buffer full).`,
    );
    this.#since = undefined;
    this.#counts = noCounts();
    for (const listener of this.#recovered) listener();
  }
}

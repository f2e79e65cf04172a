import { createHmac, hkdfSync, randomUUID, timingSafeEqual } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { z } from 'zod';
import type { Change, ChangeBus } from './changes';
import type { Database } from './schema';
import { describeError, type StoreHealth } from './store-health';

const CHANNEL = 'tokenhook_changes';
/** Reconnects to the change feed wait this long at first, doubling up to the maximum. */
const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 10_000;
/** At most one line per this long about notifications that were ignored. */
const IGNORED_REPORT_MS = 60_000;

/** A change as another node sends it: only the entities nodes announce, ids of sane length. */
const changeSchema = z
  .object({
    entity: z.enum(['client', 'resource_server', 'client_grant', 'signing_key', 'hook']),
    id: z.string().min(1).max(256),
  })
  .strict();
const messageSchema = z.object({ node: z.string().min(1).max(64), change: changeSchema }).strict();

/**
 * Signs and checks change notifications. Any role that may connect can `NOTIFY` the channel, so a
 * notification counts only with an HMAC-SHA-256 under a key derived from the master key, which
 * every node of one cluster shares. The payload is `v1.<mac>.<json>`, the MAC over `<json>`.
 * A replayed notification can only make a node re-read a cache entry.
 */
export function changeSigner(masterKey: Buffer) {
  const key = Buffer.from(
    hkdfSync('sha256', masterKey, Buffer.alloc(0), 'tokenhook change feed v1', 32),
  );
  const mac = (body: string) => createHmac('sha256', key).update(body, 'utf8').digest();
  /** Signs any body; `sign` is the one nodes use. */
  const signBody = (body: string) => `v1.${mac(body).toString('base64url')}.${body}`;
  return {
    signBody,
    sign: (node: string, change: Change): string => signBody(JSON.stringify({ node, change })),
    /** The sender and change, or undefined for anything not well-formed and signed with this key. */
    open(payload: string): { node: string; change: Change } | undefined {
      const match = /^v1\.([A-Za-z0-9_-]{43})\.(.*)$/s.exec(payload);
      if (!match) return undefined;
      const given = Buffer.from(match[1]!, 'base64url');
      const body = match[2]!;
      if (given.length !== 32 || !timingSafeEqual(given, mac(body))) return undefined;
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        return undefined;
      }
      const message = messageSchema.safeParse(parsed);
      return message.success ? message.data : undefined;
    },
  };
}

export interface ChangeRelayOptions {
  url: string;
  /** The node's pool: notifications are sent through it, so the feed adds one connection only. */
  db: Kysely<Database>;
  changes: ChangeBus;
  masterKey: Buffer;
  health: StoreHealth;
  /** Every cache is re-read this often even without a notification (a node may have crashed between commit and NOTIFY). */
  refreshMs: number;
  log: (line: string) => void;
}

/**
 * Relays cache invalidations between nodes sharing one PostgreSQL: every local change is sent with
 * NOTIFY; changes from other nodes arrive through LISTEN and are published on this node's bus.
 *
 * One loop owns the listening connection, so a node holds exactly one, however often it drops:
 * when it ends, the loop waits (with backoff) and opens the next. After a reconnect every cache is
 * dropped ("all"), since notifications sent meanwhile are lost. Resolves once the first attempt to
 * listen succeeded or failed; it never throws.
 */
export async function startChangeRelay(opts: ChangeRelayOptions) {
  const { changes, health, log } = opts;
  const node = randomUUID();
  const signer = changeSigner(opts.masterKey);
  let closed = false;
  let listener: pg.Client | undefined;
  let wake: (() => void) | undefined;
  const ignored = {
    count: 0,
    reportedAt: 0,
    last: '',
    timer: undefined as NodeJS.Timeout | undefined,
  };

  const unsubscribe = changes.subscribe((change, origin) => {
    if (origin !== 'local' || change.entity === 'all') return;
    sql`select pg_notify(${CHANNEL}, ${signer.sign(node, change)})`
      .execute(opts.db)
      .catch((err: unknown) => {
        if (!health.failed(err))
          log(`Could not notify other nodes of a change: ${describeError(err)}`);
      });
  });

  function reportIgnored() {
    ignored.timer = undefined;
    if (ignored.count === 0) return;
    log(
      `Ignored ${ignored.count} notification(s) on ${CHANNEL} not signed by a node of this cluster (last: ${ignored.last})`,
    );
    ignored.count = 0;
    ignored.reportedAt = Date.now();
  }

  /** The first ignored notification is reported at once, later ones at most once a minute, counted. */
  function ignore(why: string) {
    ignored.count++;
    ignored.last = why;
    const wait = ignored.reportedAt + IGNORED_REPORT_MS - Date.now();
    if (wait <= 0) return reportIgnored();
    ignored.timer ??= setTimeout(reportIgnored, wait);
    ignored.timer.unref();
  }

  function onNotification(msg: pg.Notification) {
    if (msg.channel !== CHANNEL) return;
    const payload = msg.payload ?? '';
    const message = signer.open(payload);
    // Quoted as JSON: what anyone sent must not be able to write log lines of its own.
    if (!message)
      return ignore(JSON.stringify(payload.length > 80 ? `${payload.slice(0, 80)}…` : payload));
    if (message.node !== node) changes.publish(message.change, 'remote');
  }

  /** Listens until the connection ends; resolves with why, or throws when it could not listen. */
  async function listenOnce(onListening: () => void): Promise<string> {
    const client = new pg.Client({
      connectionString: opts.url,
      application_name: `tokenhook-listen:${process.pid}`,
      connectionTimeoutMillis: 5_000,
      keepAlive: true,
    });
    const ended = new Promise<string>((resolve) => {
      client.on('error', (err) => resolve(describeError(err)));
      client.on('end', () => resolve('the connection ended'));
    });
    client.on('notification', onNotification);
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    if (closed) {
      await client.end().catch(() => undefined);
      return 'closed';
    }
    listener = client;
    onListening();
    const why = await ended;
    listener = undefined;
    await client.end().catch(() => undefined);
    return why;
  }

  function pause(ms: number) {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  let started!: () => void;
  const firstAttempt = new Promise<void>((resolve) => (started = resolve));

  async function run() {
    let retryMs = RETRY_FIRST_MS;
    let lostSince: number | undefined;
    let attempts = 0;
    while (!closed) {
      try {
        const why = await listenOnce(() => {
          started();
          if (lostSince !== undefined) {
            log(
              `Change feed back after ${((Date.now() - lostSince) / 1000).toFixed(1)} s (${attempts} attempts); every cache is re-read`,
            );
            changes.publish({ entity: 'all' }, 'remote');
          }
          lostSince = undefined;
          attempts = 0;
          retryMs = RETRY_FIRST_MS;
        });
        if (closed) return;
        lostSince = Date.now();
        log(`Lost the change feed from PostgreSQL (${why}); reconnecting with backoff`);
        health.suspect();
      } catch (err) {
        started();
        attempts++;
        if (lostSince === undefined) {
          lostSince = Date.now();
          log(
            `Could not listen for changes from other nodes (${describeError(err)}); retrying with backoff`,
          );
        }
      }
      if (closed) return;
      await pause(retryMs);
      retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
    }
  }

  void run();
  await firstAttempt;
  // While the store is unreachable the caches keep their last good values through this
  // (fallback-cache.ts), and re-read them once it answers.
  const refresh = setInterval(() => changes.publish({ entity: 'all' }, 'remote'), opts.refreshMs);
  refresh.unref();

  return {
    async close() {
      closed = true;
      clearInterval(refresh);
      clearTimeout(ignored.timer);
      unsubscribe();
      wake?.();
      await listener?.end().catch(() => undefined);
    },
  };
}

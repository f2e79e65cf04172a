import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Change, ChangeBus } from './changes';

const CHANNEL = 'tokenhook_changes';
/** Even if a notification were lost (a node crashing between commit and NOTIFY), caches re-read this often. */
const SAFETY_NET_MS = 60_000;

/**
 * Relays cache invalidations between nodes sharing one PostgreSQL: every local change is sent with
 * NOTIFY; changes from other nodes arrive through LISTEN and are published on this node's bus.
 * After the listening connection drops and comes back, every cache is dropped ("all"), since
 * notifications sent meanwhile are lost.
 */
export async function startChangeRelay(url: string, changes: ChangeBus, log: (message: string) => void) {
  const node = randomUUID();
  const notifier = new pg.Pool({ connectionString: url, max: 2 });
  let listener: pg.Client | undefined;
  let closed = false;
  let retryMs = 250;

  const unsubscribe = changes.subscribe((change, origin) => {
    if (origin !== 'local' || change.entity === 'all') return;
    notifier.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify({ ...change, node })]).catch((err: unknown) => {
      log(`Could not notify other nodes of a change: ${String(err)}`);
    });
  });

  async function listen(): Promise<void> {
    const client = new pg.Client({ connectionString: url });
    client.on('notification', (msg) => {
      if (!msg.payload) return;
      const { node: from, ...change } = JSON.parse(msg.payload) as Change & { node: string };
      if (from !== node) changes.publish(change as Change, 'remote');
    });
    client.on('error', () => undefined); // 'end' follows and reconnects
    client.on('end', () => {
      if (closed) return;
      log(`Lost the change feed from PostgreSQL; reconnecting in ${retryMs} ms`);
      setTimeout(() => void reconnect(), retryMs).unref();
      retryMs = Math.min(retryMs * 2, 10_000);
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    listener = client;
    retryMs = 250;
  }

  async function reconnect() {
    try {
      await listen();
      changes.publish({ entity: 'all' }, 'remote');
    } catch (err) {
      log(`Change feed reconnect failed: ${String(err)}`);
      setTimeout(() => void reconnect(), retryMs).unref();
      retryMs = Math.min(retryMs * 2, 10_000);
    }
  }

  await listen();
  const safetyNet = setInterval(() => changes.publish({ entity: 'all' }, 'remote'), SAFETY_NET_MS);
  safetyNet.unref();

  return {
    async close() {
      closed = true;
      clearInterval(safetyNet);
      unsubscribe();
      await listener?.end().catch(() => undefined);
      await notifier.end();
    },
  };
}

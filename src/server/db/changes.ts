/** What changed in the store; caches drop what the change may have made stale. */
export type Change =
  | { entity: 'client'; id: string }
  | { entity: 'resource_server'; id: string }
  | { entity: 'client_grant'; id: string }
  | { entity: 'signing_key'; id: string }
  | { entity: 'hook'; id: string }
  /** Anything may have changed (changes from other nodes may have been missed): drop every cache. */
  | { entity: 'all' };

/** `local`: written by this process; `remote`: relayed from another node. */
export type ChangeOrigin = 'local' | 'remote';

type Listener = (change: Change, origin: ChangeOrigin) => void;

/**
 * The change feed. Repos publish after each committed write; caches subscribe. With several nodes
 * on PostgreSQL, db/pg-relay.ts forwards local changes to the other nodes and publishes theirs.
 */
export class ChangeBus {
  readonly #listeners = new Set<Listener>();

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  publish(change: Change, origin: ChangeOrigin = 'local'): void {
    for (const listener of this.#listeners) listener(change, origin);
  }
}

/** What changed in the store; caches drop what the change may have made stale. */
export type Change =
  | { entity: 'client'; id: string }
  | { entity: 'resource_server'; id: string }
  | { entity: 'client_grant'; id: string }
  | { entity: 'signing_key'; id: string }
  | { entity: 'hook'; id: string };

type Listener = (change: Change) => void;

/**
 * In-process change feed. Repos publish after each committed write; caches subscribe. (Several
 * nodes on PostgreSQL relay the same changes through LISTEN/NOTIFY.)
 */
export class ChangeBus {
  readonly #listeners = new Set<Listener>();

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  publish(change: Change): void {
    for (const listener of this.#listeners) listener(change);
  }
}

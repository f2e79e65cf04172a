/**
 * Counts open long-lived responses (live log streams): at most `perCredential` for one session or
 * token and `total` in all, so nobody can hold the server's connections or feeds open at will.
 */
export class StreamSlots {
  readonly #open = new Map<string, number>();
  #total = 0;

  constructor(
    private readonly perCredential: number,
    private readonly total: number,
  ) {}

  /** Takes a slot for `credential`; returns its release (idempotent), or undefined when full. */
  acquire(credential: string): (() => void) | undefined {
    const mine = this.#open.get(credential) ?? 0;
    if (mine >= this.perCredential || this.#total >= this.total) return undefined;
    this.#open.set(credential, mine + 1);
    this.#total++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#total--;
      const left = (this.#open.get(credential) ?? 1) - 1;
      if (left > 0) this.#open.set(credential, left);
      else this.#open.delete(credential);
    };
  }
}

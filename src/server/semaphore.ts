/** Thrown by Semaphore.acquire when every slot is taken and the queue is full. */
export class BusyError extends Error {
  constructor() {
    super('busy');
  }
}

/**
 * At most `slots` holders at once; up to `queue` more wait their turn, in order, and any beyond
 * that are refused at once (BusyError) instead of piling up.
 */
export class Semaphore {
  #active = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(
    private readonly slots: number,
    private readonly queue: number,
  ) {}

  /** Runs `work` in a slot; throws BusyError when the queue is full. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#active >= this.slots) {
      if (this.#waiting.length >= this.queue) throw new BusyError();
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#active++;
    }
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      if (next)
        next(); // the slot passes straight to the next in line
      else this.#active--;
    }
  }
}

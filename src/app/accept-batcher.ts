import type { AcceptItem, AcceptResult, Store } from '../store/store.js';

/** Pushes per group commit: big enough to amortise a commit's fsync, small enough to keep one transaction short. */
const MAX_BATCH = 1000;

interface Pending {
  readonly item: AcceptItem;
  readonly resolve: (r: AcceptResult) => void;
  readonly reject: (e: unknown) => void;
}

/**
 * Group commit for accepted pushes: every push that arrives while the previous batch is being
 * written goes into the next one, so under load one commit (and one fsync) carries hundreds of
 * pushes, and a lone push is written at once. A caller's promise resolves only after its commit.
 */
export class AcceptBatcher {
  readonly #store: Store;
  readonly #lease: () => { owner: string; until: number };
  readonly #now: () => number;
  #queue: Pending[] = [];
  #writing = false;

  constructor(store: Store, lease: () => { owner: string; until: number }, now: () => number) {
    this.#store = store;
    this.#lease = lease;
    this.#now = now;
  }

  submit(item: AcceptItem): Promise<AcceptResult> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      if (!this.#writing) {
        this.#writing = true;
        // Let the requests already parsed in this turn of the event loop join the batch.
        setImmediate(() => void this.#drain());
      }
    });
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, MAX_BATCH);
      try {
        const results = await this.#store.tasks.accept(
          batch.map((p) => p.item),
          this.#lease(),
          this.#now(),
        );
        for (const [i, p] of batch.entries()) p.resolve(results[i]!);
      } catch (err) {
        for (const p of batch) p.reject(err);
      }
    }
    this.#writing = false;
  }
}

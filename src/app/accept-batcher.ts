import type { AcceptItem, AcceptResult, Store } from '../store/store.js';
import type { TaskFinisher } from './task-finisher.js';

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
  readonly #finisher: TaskFinisher;
  readonly #lease: () => { owner: string; until: number };
  readonly #now: () => number;
  readonly #maxInFlight: number;
  #queue: Pending[] = [];
  #inFlight = 0;
  #scheduled = false;

  constructor(
    store: Store,
    finisher: TaskFinisher,
    lease: () => { owner: string; until: number },
    now: () => number,
  ) {
    this.#store = store;
    this.#finisher = finisher;
    this.#lease = lease;
    this.#now = now;
    // SQLite has one writer, so batches would only queue behind each other; PostgreSQL commits several at once.
    this.#maxInFlight = store.dialect === 'sqlite' ? 1 : 4;
  }

  submit(item: AcceptItem): Promise<AcceptResult> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled || this.#inFlight >= this.#maxInFlight || this.#queue.length === 0) return;
    this.#scheduled = true;
    // Let the requests already parsed in this turn of the event loop join the batch.
    setImmediate(() => {
      this.#scheduled = false;
      void this.#write();
    });
  }

  async #write(): Promise<void> {
    if (this.#inFlight >= this.#maxInFlight || this.#queue.length === 0) return;
    this.#inFlight++;
    const batch = this.#queue.splice(0, MAX_BATCH);
    // Inline tasks published since the last commit are marked sent in this one: no commit of their own.
    const finish = this.#finisher.take();
    try {
      const results = await this.#store.tasks.accept(
        batch.map((p) => p.item),
        this.#lease(),
        this.#now(),
        finish,
      );
      this.#finisher.finished(finish.length);
      for (const [i, p] of batch.entries()) p.resolve(results[i]!);
    } catch (err) {
      this.#finisher.putBack(finish);
      for (const p of batch) p.reject(err);
    } finally {
      this.#inFlight--;
      this.#schedule();
    }
  }
}

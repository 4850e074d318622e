import type { Clock } from '../domain/clock.js';
import type { Metrics } from '../observability/metrics.js';
import type { Store } from '../store/store.js';

/**
 * Marks inline tasks "sent" once their deliveries are handed to the gateways, many per statement.
 * Until then the task stays leased: if this node dies first, a dispatcher redoes it.
 */
export class TaskFinisher {
  readonly #store: Store;
  readonly #owner: string;
  readonly #clock: Clock;
  readonly #metrics: Metrics;
  #ids: string[] = [];
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();

  constructor(store: Store, owner: string, clock: Clock, metrics: Metrics) {
    this.#store = store;
    this.#owner = owner;
    this.#clock = clock;
    this.#metrics = metrics;
  }

  finish(taskId: string): void {
    this.#ids.push(taskId);
    // Under load the next group commit takes these (take()); when pushes stop, 20 ms later one
    // UPDATE marks the rest — far sooner than any lease runs out.
    this.#timer ??= setTimeout(() => void this.flush(), 20);
  }

  /** Hands the pending ids to a commit that will mark them sent. */
  take(): string[] {
    const ids = this.#ids;
    this.#ids = [];
    return ids;
  }

  /** A commit marked `n` of the taken tasks sent. */
  finished(n: number): void {
    if (n > 0) this.#metrics.tasksFinished.inc({ status: 'sent' }, n);
  }

  /** A commit that took ids failed: they wait for the next one. */
  putBack(ids: readonly string[]): void {
    this.#ids.push(...ids);
    this.#timer ??= setTimeout(() => void this.flush(), 20);
  }

  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const ids = this.#ids;
    this.#ids = [];
    this.#writing = this.#writing.then(async () => {
      if (ids.length === 0) return;
      // A failure leaves the tasks leased; the dispatcher finishes them when the lease runs out.
      const n = await this.#store.tasks
        .finishMany(ids, this.#owner, 'sent', this.#clock.now())
        .catch(() => 0);
      this.#metrics.tasksFinished.inc({ status: 'sent' }, n);
    });
    return this.#writing;
  }
}

import { notFound } from '../domain/errors.js';
import type { TaskWithCounts } from '../domain/task.js';
import type { DeliveryRow, PageRequest, Store } from '../store/store.js';

/** Read side of tasks and deliveries; counts are derived from the deliveries themselves. */
export class TaskQueries {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  async task(appId: string, id: string): Promise<TaskWithCounts> {
    const task = await this.#store.tasks.get(appId, id);
    if (!task) throw notFound('task');
    return { ...task, counts: await this.#store.deliveries.counts(task.messageId) };
  }

  async deliveries(appId: string, messageId: string, page: PageRequest): Promise<DeliveryRow[]> {
    const message = await this.#store.tasks.getMessage(appId, messageId);
    if (!message) throw notFound('message');
    return this.#store.deliveries.list(messageId, page);
  }
}

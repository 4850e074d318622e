import { notFound } from '../domain/errors.js';
import type { TaskWithCounts } from '../domain/task.js';
import { type TaskListItem, validateTaskQuery } from '../domain/task-query.js';
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
    const counts = await this.#store.deliveries.counts(task.messageId);
    // Derived from the deliveries, like every count: a page re-run after a crash adds no rows, so nothing is counted twice or missed.
    const targeted = Object.values(counts).reduce((a, b) => a + b, 0);
    return { ...task, targeted, counts };
  }

  list(
    appId: string,
    raw: Parameters<typeof validateTaskQuery>[0],
  ): Promise<{ total: number; items: TaskListItem[] }> {
    return this.#store.tasks.query(appId, validateTaskQuery(raw));
  }

  async deliveries(appId: string, messageId: string, page: PageRequest): Promise<DeliveryRow[]> {
    const message = await this.#store.tasks.getMessage(appId, messageId);
    if (!message) throw notFound('message');
    return this.#store.deliveries.list(messageId, page);
  }
}

import type { Bus, BusHandler } from './bus.js';

/** The single-process bus: handlers run on a later microtask, as they would after a network hop. */
export class MemoryBus implements Bus {
  readonly #topics = new Map<string, Set<BusHandler>>();
  #closed = false;

  async publish(topic: string, message: string): Promise<void> {
    if (this.#closed) return;
    const handlers = this.#topics.get(topic);
    if (!handlers) return;
    for (const h of handlers) queueMicrotask(() => h(message));
  }

  async subscribe(topic: string, handler: BusHandler): Promise<() => Promise<void>> {
    const set = this.#topics.get(topic) ?? new Set();
    set.add(handler);
    this.#topics.set(topic, set);
    return async () => {
      set.delete(handler);
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#topics.clear();
  }
}

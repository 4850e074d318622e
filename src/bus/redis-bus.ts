import { Redis } from 'ioredis';
import type { Bus, BusHandler } from './bus.js';

/**
 * Redis pub/sub: one connection publishes, one subscribes (a subscribed Redis connection can do
 * nothing else). Topics are prefixed so several deployments or test runs can share one Redis.
 */
export class RedisBus implements Bus {
  readonly #pub: Redis;
  readonly #sub: Redis;
  readonly #prefix: string;
  readonly #topics = new Map<string, Set<BusHandler>>();
  #closed = false;

  constructor(url: string, prefix = 'herald:', onError?: (err: Error) => void) {
    this.#pub = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3 });
    // No ready check (INFO) on the subscriber: a SUBSCRIBE written while the handshake is still
    // running puts the connection in subscriber mode, the INFO that follows is refused, and ioredis
    // fails the connection (redis/ioredis#2037, since 5.8.2). SUBSCRIBE itself is allowed while
    // Redis loads its dataset, so this connection has nothing to wait for.
    this.#sub = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3, enableReadyCheck: false });
    this.#prefix = prefix;
    // ioredis reconnects by itself; without a listener it would print each error to stderr, outside the logs.
    for (const c of [this.#pub, this.#sub]) c.on('error', (err: Error) => onError?.(err));
    this.#sub.on('message', (channel: string, message: string) => {
      const handlers = this.#topics.get(channel.slice(this.#prefix.length));
      if (handlers) for (const h of handlers) h(message);
    });
  }

  async publish(topic: string, message: string): Promise<void> {
    if (this.#closed) return;
    await this.#pub.publish(this.#prefix + topic, message);
  }

  async subscribe(topic: string, handler: BusHandler): Promise<() => Promise<void>> {
    let set = this.#topics.get(topic);
    if (!set) {
      set = new Set();
      this.#topics.set(topic, set);
      await this.#sub.subscribe(this.#prefix + topic);
    }
    set.add(handler);
    const handlers = set;
    return async () => {
      handlers.delete(handler);
      if (handlers.size === 0 && this.#topics.get(topic) === handlers) {
        this.#topics.delete(topic);
        if (!this.#closed) await this.#sub.unsubscribe(this.#prefix + topic);
      }
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#topics.clear();
    await Promise.allSettled([this.#sub.quit(), this.#pub.quit()]);
  }
}

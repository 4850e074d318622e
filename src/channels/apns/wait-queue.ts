interface Entry<T> {
  settled: boolean;
  resolve(value: T): void;
  reject(err: unknown): void;
  timer: NodeJS.Timeout | null;
  cleanup(): void;
}

/** Raised when a wait in a {@link WaitQueue} outlives its timeout. */
export class WaitTimeoutError extends Error {
  override readonly name = 'TimeoutError';
  readonly code = 'ETIMEDOUT';
}

/**
 * A FIFO of callers waiting for a resource, each with its own timeout and abort signal. Cancelled
 * entries stay in the array until they reach the head, so cancelling is O(1) and the head moves by
 * index (no Array#shift over thousands of waiters).
 */
export class WaitQueue<T> {
  #items: Array<Entry<T> | undefined> = [];
  #head = 0;
  #live = 0;

  /** Waiters neither served nor cancelled. */
  get length(): number {
    return this.#live;
  }

  /** Queues a caller; resolves when {@link resolveNext} reaches it. */
  wait(signal: AbortSignal | undefined, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => this.#cancel(entry, signal?.reason);
      const entry: Entry<T> = {
        settled: false,
        resolve,
        reject,
        timer: setTimeout(
          () => this.#cancel(entry, new WaitTimeoutError(`no APNs stream free within ${timeoutMs} ms`)),
          timeoutMs,
        ),
        cleanup: () => {
          if (entry.timer) clearTimeout(entry.timer);
          signal?.removeEventListener('abort', onAbort);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#items.push(entry);
      this.#live++;
    });
  }

  /** Gives `value` to the oldest live waiter; false when there is none. */
  resolveNext(value: T): boolean {
    while (this.#head < this.#items.length) {
      const entry = this.#items[this.#head];
      this.#items[this.#head++] = undefined;
      this.#compact();
      if (!entry || entry.settled) continue;
      this.#settle(entry);
      entry.resolve(value);
      return true;
    }
    return false;
  }

  /** Fails every live waiter with `err`. */
  rejectAll(err: unknown): void {
    const items = this.#items;
    this.#items = [];
    this.#head = 0;
    for (const entry of items) {
      if (!entry || entry.settled) continue;
      this.#settle(entry);
      entry.reject(err);
    }
  }

  #cancel(entry: Entry<T>, reason: unknown): void {
    if (entry.settled) return;
    this.#settle(entry);
    entry.reject(reason);
  }

  #settle(entry: Entry<T>): void {
    entry.settled = true;
    entry.cleanup();
    this.#live--;
  }

  /** Drops the served prefix once it is most of the array. */
  #compact(): void {
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
  }
}

/** A listener for one event's payload. */
export type Listener<T> = (payload: T) => void;

/**
 * Reports a listener's exception without unwinding the emitter: `reportError` in browsers
 * (window.onerror, console), otherwise a re-throw from a microtask, which Node treats as an
 * uncaught exception just like a throwing EventEmitter listener.
 */
function reportListenerError(err: unknown): void {
  const report = (globalThis as { reportError?: (err: unknown) => void }).reportError;
  if (typeof report === 'function') {
    report(err);
    return;
  }
  queueMicrotask(() => {
    throw err;
  });
}

/**
 * Minimal typed event emitter that runs in browsers and Node alike (no `node:events`).
 * A throwing listener does not stop the other listeners or corrupt the emitter's caller.
 */
export class TypedEmitter<Events extends object> {
  private readonly listeners = new Map<keyof Events, Set<Listener<never>>>();

  constructor(private readonly onListenerError: (err: unknown) => void = reportListenerError) {}

  /** Subscribes `fn` to `event`; returns a function that unsubscribes it. */
  on<K extends keyof Events>(event: K, fn: Listener<Events[K]>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(fn);
    return () => {
      set.delete(fn);
    };
  }

  /** Calls every listener of `event` with `payload`, in subscription order. */
  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    // Copy so listeners may unsubscribe (or subscribe) while we iterate.
    for (const fn of [...set]) {
      try {
        (fn as Listener<Events[K]>)(payload);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }
}

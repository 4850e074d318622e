import type { SendOutcome } from '../channel.js';

/** How long to wait after a network failure (reset, refused, timeout) when the vendor said nothing. */
export const NETWORK_RETRY_MS = 10_000;

/** What {@link fanOut} checks between and after sends. */
export interface FanOutGuard {
  readonly signal?: AbortSignal;
  /** True once the channel is closed; a send failing after close rejects instead of becoming a retry. */
  closed(): boolean;
}

/**
 * Runs `fn` for every target with at most `limit` in flight and returns the outcomes in target order.
 * A throw from `fn` (network error, timeout) becomes a `retry` outcome for that target alone, except
 * when the signal is aborted or the channel closed: then the whole send rejects, as the Channel
 * contract requires.
 */
export async function fanOut<T>(
  items: readonly T[],
  limit: number,
  guard: FanOutGuard,
  fn: (item: T, index: number) => Promise<SendOutcome>,
): Promise<SendOutcome[]> {
  const out = new Array<SendOutcome>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      guard.signal?.throwIfAborted();
      const i = next++;
      try {
        out[i] = await fn(items[i] as T, i);
      } catch (err) {
        guard.signal?.throwIfAborted();
        if (guard.closed()) throw new Error('channel closed during send', { cause: err });
        out[i] = { kind: 'retry', afterMs: NETWORK_RETRY_MS, reason: `network: ${describe(err)}` };
      }
    }
  };
  const workers = Math.max(1, Math.min(limit, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return out;
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? `${code} ${err.message}` : err.message;
}

import type { SendOutcome, SendTarget } from '../channel.js';
import { type FanOutGuard, fanOut } from './fan-out.js';

/**
 * Splits `targets` into requests of `size`, runs them through the shared fan-out (at most `limit` in
 * flight; a network failure becomes a retry for that batch's targets) and flattens back to target order.
 */
export async function sendInBatches(
  targets: readonly SendTarget[],
  size: number,
  limit: number,
  guard: FanOutGuard,
  fn: (batch: readonly SendTarget[]) => Promise<SendOutcome[]>,
): Promise<SendOutcome[]> {
  const batches: SendTarget[][] = [];
  for (let i = 0; i < targets.length; i += size) batches.push(targets.slice(i, i + size));
  const results: Array<SendOutcome[] | undefined> = [];
  const failures = await fanOut(batches, limit, guard, async (batch, i) => {
    results[i] = await fn(batch);
    return { kind: 'delivered' };
  });
  return batches.flatMap((batch, i) => results[i] ?? batch.map(() => failures[i] as SendOutcome));
}

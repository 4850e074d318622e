/**
 * Chunks of at most `size` (at least 3), none of exactly one: pushToList takes 2..1000 regIds, so a lone
 * tail borrows one from the chunk before it, which keeps at least two.
 */
export function batchesOfTwoOrMore<T>(items: readonly T[], size: number): T[][] {
  const step = Math.max(3, size);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += step) out.push(items.slice(i, i + step));
  const last = out[out.length - 1];
  const prev = out[out.length - 2];
  if (last?.length === 1 && prev) last.unshift(prev.pop() as T);
  return out;
}

import type { VendorMessage } from './channel.js';

/**
 * A push's per-vendor override blocks (seed 004) for `keys`, merged in that order: a later block
 * wins field by field ("overrides the corresponding Android attributes"). Blocks that are not
 * objects, and undefined or empty values, are skipped.
 */
export function mergeOverrides(message: VendorMessage, keys: readonly string[]): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const key of keys) {
    const block = message.overrides?.[key];
    if (typeof block !== 'object' || block === null) continue;
    for (const [field, value] of Object.entries(block))
      if (value !== undefined && value !== '') merged[field] = value;
  }
  return merged;
}

/** {@link mergeOverrides}, keeping string values only. */
export function mergeStringOverrides(
  message: VendorMessage,
  keys: readonly string[],
): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const [field, value] of Object.entries(mergeOverrides(message, keys)))
    if (typeof value === 'string') merged[field] = value;
  return merged;
}

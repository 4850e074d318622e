import type { VendorMessage } from '../channel.js';

/**
 * Seed 004's iOS fields (`ios`; `apns` takes the same names and wins field by field): each maps
 * to an APNs payload key or header of the same meaning. `badge` is APNs' absolute count only;
 * seed 004's relative "+1" form has no APNs equivalent and is ignored.
 */
export interface IosOverrides {
  readonly sound?: string;
  readonly contentAvailable?: boolean;
  readonly mutableContent?: boolean;
  readonly category?: string;
  readonly threadId?: string;
  readonly subtitle?: string;
  readonly collapseId?: string;
  readonly badge?: number;
}

/** Reads `overrides.ios` then `overrides.apns`; values of the wrong type are ignored, not coerced. */
export function iosOverrides(message: VendorMessage): IosOverrides {
  const merged: Record<string, unknown> = {};
  for (const vendor of ['ios', 'apns']) {
    const block = message.overrides?.[vendor];
    if (typeof block !== 'object' || block === null || Array.isArray(block)) continue;
    for (const [key, value] of Object.entries(block))
      if (value !== undefined && value !== null) merged[key] = value;
  }
  return {
    sound: text(merged.sound),
    contentAvailable: flag(merged.content_available),
    mutableContent: flag(merged.mutable_content),
    category: text(merged.category),
    threadId: text(merged.thread_id),
    subtitle: text(merged.subtitle),
    collapseId: text(merged.apns_collapse_id),
    badge: count(merged.badge),
  };
}

const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
const flag = (v: unknown) => (typeof v === 'boolean' ? v : undefined);
// Apple: badge is a number, 0 clears it; a negative or fractional count means nothing on the device.
const count = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined);

import type { VendorMessage } from '../channel.js';

/** Seed 004's OPPO fields: `android`, then `oppo` which "overrides the corresponding Android attributes". */
export interface OppoOverrides {
  readonly channelId?: string;
  readonly clickAction?: string;
  readonly intent?: string;
}

/** Reads `overrides.android` then `overrides.oppo`; non-string and empty values are ignored. */
export function oppoOverrides(message: VendorMessage): OppoOverrides {
  const merged: Record<string, string> = {};
  for (const vendor of ['android', 'oppo']) {
    const block = message.overrides?.[vendor];
    if (typeof block !== 'object' || block === null) continue;
    for (const [key, value] of Object.entries(block)) {
      if (typeof value === 'string' && value !== '') merged[key] = value;
    }
  }
  return { channelId: merged.channel_id, clickAction: merged.click_action, intent: merged.intent };
}

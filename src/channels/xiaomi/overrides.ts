import type { VendorMessage } from '../channel.js';

/** Seed 004's Xiaomi fields: `android`, then `xiaomi` which "overrides the corresponding Android attributes". */
export interface XiaomiOverrides {
  readonly sound?: string;
  readonly channelId?: string;
  readonly clickAction?: string;
  readonly intent?: string;
}

/** Reads `overrides.android` then `overrides.xiaomi`; non-string and empty values are ignored. */
export function xiaomiOverrides(message: VendorMessage): XiaomiOverrides {
  const merged: Record<string, string> = {};
  for (const vendor of ['android', 'xiaomi']) {
    const block = message.overrides?.[vendor];
    if (typeof block !== 'object' || block === null) continue;
    for (const [key, value] of Object.entries(block)) {
      if (typeof value === 'string' && value !== '') merged[key] = value;
    }
  }
  return {
    sound: merged.sound,
    channelId: merged.channel_id,
    clickAction: merged.click_action,
    intent: merged.intent,
  };
}

import type { VendorMessage } from '../channel.js';
import { mergeStringOverrides } from '../override-blocks.js';

/** Seed 004's Xiaomi fields: `android`, then `xiaomi` which "overrides the corresponding Android attributes". */
export interface XiaomiOverrides {
  readonly sound?: string;
  readonly channelId?: string;
  readonly clickAction?: string;
  readonly intent?: string;
}

/** Reads `overrides.android` then `overrides.xiaomi`; non-string and empty values are ignored. */
export function xiaomiOverrides(message: VendorMessage): XiaomiOverrides {
  const merged = mergeStringOverrides(message, ['android', 'xiaomi']);
  return {
    sound: merged.sound,
    channelId: merged.channel_id,
    clickAction: merged.click_action,
    intent: merged.intent,
  };
}

import type { VendorMessage } from '../channel.js';
import { mergeStringOverrides } from '../override-blocks.js';

/** Seed 004's OPPO fields: `android`, then `oppo` which "overrides the corresponding Android attributes". */
export interface OppoOverrides {
  readonly channelId?: string;
  readonly clickAction?: string;
  readonly intent?: string;
}

/** Reads `overrides.android` then `overrides.oppo`; non-string and empty values are ignored. */
export function oppoOverrides(message: VendorMessage): OppoOverrides {
  const merged = mergeStringOverrides(message, ['android', 'oppo']);
  return { channelId: merged.channel_id, clickAction: merged.click_action, intent: merged.intent };
}

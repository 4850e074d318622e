import type { VendorMessage } from '../channel.js';
import { mergeStringOverrides } from '../override-blocks.js';

/**
 * Seed 004's Android fields (`android`; JPush has no vendor block of its own there) plus `ios`
 * `category` / `apns_collapse_id`. Non-string and empty values are ignored.
 */
export interface JpushOverrides {
  readonly sound?: string;
  readonly channelId?: string;
  readonly clickAction?: string;
  readonly intent?: string;
  readonly iosCategory?: string;
}

/** Reads `overrides.android` then `overrides.jpush` (which wins), and `overrides.ios.category`. */
export function jpushOverrides(message: VendorMessage): JpushOverrides {
  const merged = mergeStringOverrides(message, ['android', 'jpush']);
  const ios = mergeStringOverrides(message, ['ios']);
  return {
    sound: merged.sound,
    channelId: merged.channel_id,
    clickAction: merged.click_action,
    intent: merged.intent,
    iosCategory: ios.category,
  };
}

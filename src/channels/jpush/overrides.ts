import type { VendorMessage } from '../channel.js';

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
  const merged = strings(message, 'android', 'jpush');
  const ios = strings(message, 'ios');
  return {
    sound: merged.sound,
    channelId: merged.channel_id,
    clickAction: merged.click_action,
    intent: merged.intent,
    iosCategory: ios.category,
  };
}

function strings(message: VendorMessage, ...vendors: string[]): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const vendor of vendors) {
    const block = message.overrides?.[vendor];
    if (typeof block !== 'object' || block === null) continue;
    for (const [key, value] of Object.entries(block)) {
      if (typeof value === 'string' && value !== '') merged[key] = value;
    }
  }
  return merged;
}

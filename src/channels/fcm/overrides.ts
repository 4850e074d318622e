import type { VendorMessage } from '../channel.js';
import { mergeStringOverrides } from '../override-blocks.js';

/**
 * Seed 004's Android fields (`android`, and `fcm` which "overrides the corresponding Android
 * attributes"): notification sound, notification channel, click action (`intent` | `open_app`) and
 * the intent URI when the click action is `intent`.
 */
export interface AndroidOverrides {
  readonly sound?: string;
  readonly channelId?: string;
  readonly clickAction?: string;
  readonly intent?: string;
}

/** Reads `overrides.android` then `overrides.fcm` (which wins field by field); ignores non-string values. */
export function androidOverrides(message: VendorMessage): AndroidOverrides {
  const merged = mergeStringOverrides(message, ['android', 'fcm']);
  return {
    sound: merged.sound,
    channelId: merged.channel_id,
    clickAction: merged.click_action,
    intent: merged.intent,
  };
}

import type { VendorMessage } from '../channel.js';
import { mergeStringOverrides } from '../override-blocks.js';

/**
 * Seed 004's per-vendor fields for Huawei: `android` applies to every Android vendor and `huawei`
 * "overrides the corresponding Android attributes" field by field. Seed 004 gives sound, channel_id,
 * click_action (`intent` | `open_app`), intent and badge_class; `importance` and `category` are Push
 * Kit's own AndroidNotification / AndroidConfig fields, taken when a push carries them.
 */
export interface HmsOverrides {
  readonly sound?: string;
  readonly channelId?: string;
  readonly clickAction?: string;
  readonly intent?: string;
  readonly badgeClass?: string;
  readonly importance?: string;
  readonly category?: string;
}

/** Reads `overrides.android` then `overrides.huawei`; non-string and empty values are ignored. */
export function hmsOverrides(message: VendorMessage): HmsOverrides {
  const merged = mergeStringOverrides(message, ['android', 'huawei']);
  return {
    sound: merged.sound,
    channelId: merged.channel_id,
    clickAction: merged.click_action,
    intent: merged.intent,
    badgeClass: merged.badge_class,
    importance: merged.importance,
    category: merged.category,
  };
}

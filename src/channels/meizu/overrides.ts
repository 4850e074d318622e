import type { VendorMessage } from '../channel.js';
import { mergeOverrides } from '../override-blocks.js';

/** Seed 004's Flyme fields: `android`, then `flyme` (Meizu's push brand) which overrides them field by field. */
export interface MeizuOverrides {
  readonly clickAction?: string;
  /** Flyme's message class for the notice bar (public / private message), when the push carries it [I]. */
  readonly noticeMsgType?: number;
}

/** Reads `overrides.android`, then `overrides.flyme`, then `overrides.meizu`. */
export function meizuOverrides(message: VendorMessage): MeizuOverrides {
  const merged = mergeOverrides(message, ['android', 'flyme', 'meizu']);
  const type = Number(merged.notice_msg_type);
  return {
    clickAction: typeof merged.click_action === 'string' ? merged.click_action : undefined,
    noticeMsgType: Number.isInteger(type) && type >= 0 ? type : undefined,
  };
}

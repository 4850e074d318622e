import type { VendorMessage } from '../channel.js';

/** Seed 004's Flyme fields: `android`, then `flyme` (Meizu's push brand) which overrides them field by field. */
export interface MeizuOverrides {
  readonly clickAction?: string;
  /** Flyme's message class for the notice bar (public / private message), when the push carries it [I]. */
  readonly noticeMsgType?: number;
}

/** Reads `overrides.android`, then `overrides.flyme`, then `overrides.meizu`. */
export function meizuOverrides(message: VendorMessage): MeizuOverrides {
  const merged: Record<string, unknown> = {};
  for (const vendor of ['android', 'flyme', 'meizu']) {
    const block = message.overrides?.[vendor];
    if (typeof block !== 'object' || block === null) continue;
    for (const [key, value] of Object.entries(block))
      if (value !== undefined && value !== '') merged[key] = value;
  }
  const type = Number(merged.notice_msg_type);
  return {
    clickAction: typeof merged.click_action === 'string' ? merged.click_action : undefined,
    noticeMsgType: Number.isInteger(type) && type >= 0 ? type : undefined,
  };
}

import type { VendorMessage } from '../channel.js';
import { mergeOverrides } from '../override-blocks.js';

/** Seed 004's vivo fields (`android`, then `vivo`): click action and intent, plus vivo's own integers. */
export interface VivoOverrides {
  readonly clickAction?: string;
  readonly intent?: string;
  /** 0 operational / marketing (vivo's default), 1 system message (IM, orders…; needs vivo's approval). */
  readonly classification?: number;
  /** 0 production, 1 test push (only to test devices registered in the console). */
  readonly pushMode?: number;
  /** vivo's second-level message category, when the app has one. */
  readonly category?: string;
}

/** Reads `overrides.android` then `overrides.vivo` (which wins field by field). */
export function vivoOverrides(message: VendorMessage): VivoOverrides {
  const merged = mergeOverrides(message, ['android', 'vivo']);
  return {
    clickAction: str(merged.click_action),
    intent: str(merged.intent),
    classification: oneOf(merged.classification, [0, 1]),
    pushMode: oneOf(merged.push_mode, [0, 1]),
    category: str(merged.category),
  };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function oneOf(v: unknown, allowed: readonly number[]): number | undefined {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && allowed.includes(n) ? n : undefined;
}

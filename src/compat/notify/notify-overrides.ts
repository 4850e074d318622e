import { invalid } from '../../domain/errors.js';
import { knownKeys, present } from './shape.js';

/** Seed 004's per-platform and per-vendor blocks; each is a native override key of the same name. */
export const OVERRIDE_BLOCKS = [
  'ios',
  'android',
  'huawei',
  'xiaomi',
  'oppo',
  'vivo',
  'flyme',
  'fcm',
] as const;

type FieldType = 'string' | 'boolean' | 'binary' | 'click_action';
const ANDROID: Readonly<Record<string, FieldType>> = {
  sound: 'string',
  channel_id: 'string',
  click_action: 'click_action',
  intent: 'string',
};
/** The fields the seed documents per block, with their types; the vendor senders read these names. */
const FIELDS: Readonly<Record<(typeof OVERRIDE_BLOCKS)[number], Readonly<Record<string, FieldType>>>> = {
  ios: {
    sound: 'string',
    content_available: 'boolean',
    mutable_content: 'boolean',
    category: 'string',
    thread_id: 'string',
    subtitle: 'string',
    apns_collapse_id: 'string',
  },
  android: ANDROID,
  huawei: { ...ANDROID, badge_class: 'string' },
  xiaomi: ANDROID,
  oppo: ANDROID,
  vivo: { ...ANDROID, push_mode: 'binary', classification: 'binary' },
  flyme: ANDROID,
  fcm: ANDROID,
};

function check(field: string, value: unknown, type: FieldType): void {
  const ok =
    type === 'string'
      ? typeof value === 'string'
      : type === 'boolean'
        ? typeof value === 'boolean'
        : type === 'binary'
          ? value === 0 || value === 1
          : value === 'intent' || value === 'open_app';
  if (ok) return;
  const want = {
    string: 'a string',
    boolean: 'true or false',
    binary: '0 or 1',
    click_action: 'intent or open_app',
  };
  throw invalid(field, `must be ${want[type]}`);
}

/**
 * The blocks present in `message`, checked against the seed's field list and passed through as
 * native `options.overrides` (the vendor senders merge `android` then their own block, field by
 * field). Fields the seed does not list are kept: a vendor sender may read more (Huawei's
 * `importance`). `click_action: "intent"` needs an `intent`, in the block or, for a vendor block,
 * in `android` which it overrides.
 */
export function toOverrides(
  message: Record<string, unknown>,
): Record<string, Record<string, unknown>> | undefined {
  const out: Record<string, Record<string, unknown>> = {};
  for (const name of OVERRIDE_BLOCKS) {
    const raw = message[name];
    if (!present(raw)) continue;
    const block = knownKeys(`message.${name}`, raw, Object.keys(raw as object));
    for (const [key, type] of Object.entries(FIELDS[name]))
      if (present(block[key])) check(`message.${name}.${key}`, block[key], type);
    out[name] = block;
  }
  for (const [name, block] of Object.entries(out)) {
    if (block.click_action !== 'intent') continue;
    const intent = present(block.intent) ? block.intent : name === 'ios' ? undefined : out.android?.intent;
    if (typeof intent !== 'string' || intent === '')
      throw invalid(`message.${name}.intent`, 'is required when click_action is intent');
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

import type { VendorMessage } from '../channel.js';

/**
 * Herald's own keys in the FCM `data` map, so the app can report receipts and route clicks. They win
 * over app data keys of the same name. Prefixed to stay clear of FCM's reserved words.
 */
export const HERALD_DATA_KEYS = {
  id: 'herald_id',
  kind: 'herald_kind',
  title: 'herald_title',
  body: 'herald_body',
  badge: 'herald_badge',
  sound: 'herald_sound',
  actionType: 'herald_action_type',
  actionValue: 'herald_action_value',
  clickAction: 'herald_click_action',
  intent: 'herald_intent',
} as const;

/**
 * FCM v1 `Message.data` is `map<string, string>`: a number or object value is an INVALID_ARGUMENT
 * ("Invalid value at 'message.data[0].value' (TYPE_STRING)", FCM error-codes page). Strings pass
 * through; everything else is JSON-encoded; undefined is dropped.
 */
export function stringifyValue(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Keys FCM refuses in `data` (ErrorCode INVALID_ARGUMENT "Invalid data key": `from`, `gcm`, anything
 * prefixed by `google`; the Admin SDK docs add `gcm.` for notification keys). Returns the first one.
 */
export function reservedDataKey(data: Readonly<Record<string, string>>): string | null {
  for (const key of Object.keys(data)) {
    if (key === 'from' || key === 'gcm' || key.startsWith('gcm.') || key.startsWith('google')) return key;
  }
  return null;
}

/**
 * The `data` map for one message: the app's data stringified, then Herald's keys. Data-only kinds
 * (`message`, `config`) carry title/body/badge/sound here since there is no notification block.
 */
export function fcmData(
  message: VendorMessage,
  extra: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const c = message.content;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(c.data ?? {})) {
    const s = stringifyValue(value);
    if (s !== undefined) out[key] = s;
  }
  const k = HERALD_DATA_KEYS;
  const herald: Record<string, string | undefined> = {
    [k.id]: message.id,
    [k.kind]: c.kind,
    [k.actionType]: c.action?.type,
    [k.actionValue]: c.action?.value,
    ...extra,
  };
  if (c.kind !== 'notification') {
    herald[k.title] = c.title;
    herald[k.body] = c.body;
    herald[k.badge] = c.badge === undefined ? undefined : String(c.badge);
    herald[k.sound] = c.sound;
  }
  for (const [key, value] of Object.entries(herald)) if (value !== undefined) out[key] = value;
  return out;
}

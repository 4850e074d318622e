import { createHash } from 'node:crypto';
import type { VendorMessage } from '../channel.js';
import { xiaomiOverrides } from './overrides.js';

/** MiPush takes at most 1000 regids per /message/regid call (SDK convention [I]). */
export const XIAOMI_MAX_TOKENS = 1000;
/** `payload` must stay under 4 KB (65009 "message content too long"). */
export const XIAOMI_PAYLOAD_LIMIT_BYTES = 4096;
/** Server API parameters: title < 50 chars, description < 128 chars, each char counting 1. */
const TITLE_MAX_CHARS = 49;
const DESCRIPTION_MAX_CHARS = 127;
/** `extra.*`: at most 10 pairs, each key and value ≤ 1024 chars (65014 / 65015). */
const EXTRA_MAX_PAIRS = 10;
const EXTRA_MAX_CHARS = 1024;
/** time_to_live is in ms; MiPush keeps offline messages two weeks at most. */
const MAX_TTL_MS = 14 * 86_400_000;

/** The form fields of `POST /v3/message/regid`, without `registration_id` (added per batch). */
export type XiaomiForm = Readonly<Record<string, string>>;

/**
 * Maps a Herald message to MiPush form fields. Pure. Kind `notification` is a notification-bar
 * message (`pass_through=0`, title and description required); `message` and `config` are
 * pass-through (`pass_through=1`), the text riding in `payload`.
 */
export function xiaomiForm(message: VendorMessage, packageName: string, now: number): XiaomiForm {
  const c = message.content;
  const over = xiaomiOverrides(message);
  const form: Record<string, string> = {
    restricted_package_name: packageName,
    pass_through: c.kind === 'notification' ? '0' : '1',
    // The doc asks for payload URL-encoded in addition to the form encoding; the client SDK decodes it.
    payload: encodeURIComponent(JSON.stringify(appData(message))),
    // Without distinct notify_ids the tray keeps one MiPush notification: the collapse id, else the message id.
    notify_id: String(notifyId(message.collapseId ?? message.id)),
  };
  if (message.expiresAt !== null) {
    form.time_to_live = String(Math.min(MAX_TTL_MS, Math.max(1000, message.expiresAt - now)));
  }
  if (c.kind !== 'notification') return form;
  form.title = c.title ?? c.body ?? '';
  form.description = c.body ?? c.title ?? '';
  const sound = over.sound ?? c.sound;
  if (sound && sound !== 'default') {
    // A custom sound: the raw resource by URI, and notify_type without DEFAULT_SOUND (2 vibrate | 4 lights).
    form.notify_type = '6';
    form['extra.sound_uri'] = `android.resource://${packageName}/raw/${sound}`;
  } else {
    form.notify_type = '-1';
  }
  Object.assign(form, clickEffect(message, over.clickAction, over.intent));
  if (over.channelId) form['extra.channel_id'] = over.channelId;
  return form;
}

/** Why MiPush would refuse `form`, checked before any request; null when it is fine. */
export function xiaomiFormFault(form: XiaomiForm): { code: string; reason: string } | null {
  const bytes = Buffer.byteLength(form.payload ?? '', 'utf8');
  if (bytes >= XIAOMI_PAYLOAD_LIMIT_BYTES) {
    return {
      code: 'payload_too_large',
      reason: `Xiaomi payload ${bytes} B ≥ ${XIAOMI_PAYLOAD_LIMIT_BYTES} B (65009)`,
    };
  }
  if (form.pass_through === '0') {
    const title = form.title ?? '';
    const description = form.description ?? '';
    if (title.trim() === '' || description.trim() === '') {
      return { code: 'missing_text', reason: 'Xiaomi notifications need a non-blank title and description' };
    }
    if (chars(title) > TITLE_MAX_CHARS)
      return { code: 'title_too_long', reason: `Xiaomi title > ${TITLE_MAX_CHARS} chars` };
    if (chars(description) > DESCRIPTION_MAX_CHARS) {
      return {
        code: 'description_too_long',
        reason: `Xiaomi description > ${DESCRIPTION_MAX_CHARS} chars (10017)`,
      };
    }
  }
  const extras = Object.entries(form).filter(([k]) => k.startsWith('extra.'));
  if (
    extras.length > EXTRA_MAX_PAIRS ||
    extras.some(([k, v]) => chars(k) > EXTRA_MAX_CHARS || chars(v) > EXTRA_MAX_CHARS)
  ) {
    return { code: 'extra_too_large', reason: 'Xiaomi extra.* over 10 pairs or 1024 chars (65014/65015)' };
  }
  return null;
}

/** extra.notify_effect: 1 open the launcher activity, 2 an activity by intent_uri, 3 a web page by web_uri. */
function clickEffect(message: VendorMessage, clickAction?: string, intent?: string): Record<string, string> {
  if (clickAction === 'intent' && intent) return { 'extra.notify_effect': '2', 'extra.intent_uri': intent };
  if (clickAction === 'open_app') return { 'extra.notify_effect': '1' };
  const action = message.content.action;
  if (action?.type === 'intent') return { 'extra.notify_effect': '2', 'extra.intent_uri': action.value };
  if (action?.type === 'url' && /^https?:\/\//.test(action.value)) {
    return { 'extra.notify_effect': '3', 'extra.web_uri': action.value };
  }
  return { 'extra.notify_effect': '1' };
}

function appData(message: VendorMessage): Record<string, unknown> {
  const c = message.content;
  const out: Record<string, unknown> = { ...c.data, herald_id: message.id, herald_kind: c.kind };
  if (c.action)
    Object.assign(out, { herald_action_type: c.action.type, herald_action_value: c.action.value });
  if (c.kind !== 'notification') {
    if (c.title !== undefined) out.herald_title = c.title;
    if (c.body !== undefined) out.herald_body = c.body;
  }
  return out;
}

/** A stable non-negative 31-bit int from a string (notify_id is an int). */
function notifyId(key: string): number {
  return createHash('sha256').update(key).digest().readUInt32BE(0) & 0x7fffffff;
}

/** MiPush counts every character as 1, CJK included: count code points, not UTF-16 units. */
function chars(s: string): number {
  return [...s].length;
}

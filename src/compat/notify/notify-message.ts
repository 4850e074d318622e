import { invalid } from '../../domain/errors.js';
import type { MessageContent } from '../../domain/message.js';
import { checkString } from '../../domain/validate.js';
import { OVERRIDE_BLOCKS, toOverrides } from './notify-overrides.js';
import { knownKeys, present } from './shape.js';

/** text and image are notifications shown by the device; cmd is pass-through, handed to the app unseen. */
const TYPES = { text: 'notification', image: 'notification', cmd: 'message' } as const;
type SeedType = keyof typeof TYPES;

/**
 * The key in `data` that carries the seed's presentation fields Herald's message has no field for
 * (type, attachment_url, big_text, a relative badge). `ext` keys sit beside it, at the top of
 * `data`, where the app reads its own keys; so `ext` may not use this name.
 */
export const RESERVED_DATA_KEY = 'mxpush';

/** The seed: "如果是图片地址,需要以jpg/jpeg/png结尾". */
const IMAGE_PATH = /\.(jpe?g|png)$/i;
/** A URL longer than this is no image link a person meant to send; 2 KiB is the common browser-safe bound. */
const MAX_URL = 2048;
/** show_*_time are int32 epoch seconds; anything larger is milliseconds by mistake. */
const MAX_INT32 = 2 ** 31 - 1;

export interface MappedMessage {
  readonly content: MessageContent;
  readonly overrides: Record<string, Record<string, unknown>> | undefined;
  /** show_begin_time, when it is still ahead: the push waits for it. */
  readonly sendAt: number | undefined;
  /** show_end_time: after it the message is never delivered. */
  readonly expiresAt: number | undefined;
}

function attachment(raw: unknown, type: SeedType): string | undefined {
  if (!present(raw) || raw === '') {
    if (type === 'image') throw invalid('message.attachment_url', 'is required for an image message');
    return undefined;
  }
  const url = checkString('message.attachment_url', raw, { max: MAX_URL });
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid('message.attachment_url', 'must be an absolute http(s) URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw invalid('message.attachment_url', 'must be an absolute http(s) URL');
  // Size (< 1 MB) is the sender's promise: Herald does not download the image to weigh it (docs/compat/004-notify.md).
  if (type === 'image' && !IMAGE_PATH.test(parsed.pathname))
    throw invalid('message.attachment_url', 'an image must end in .jpg, .jpeg or .png');
  return url;
}

/** "5" or 5 sets the badge; "+1" adds to it. Absent means "+1" for what the device shows. */
function badge(raw: unknown, type: SeedType): { set?: number; add?: string } {
  if (!present(raw) || raw === '') return type === 'cmd' ? {} : { add: '+1' };
  const text = typeof raw === 'number' ? String(raw) : raw;
  if (typeof text !== 'string' || !/^\+?\d{1,5}$/.test(text))
    throw invalid('message.badge', 'must be a number 0..99999 or "+" and a number, like "+1"');
  return text.startsWith('+') ? { add: text } : { set: Number(text) };
}

function seconds(field: string, raw: unknown): number | undefined {
  if (!present(raw)) return undefined;
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 0 || raw > MAX_INT32)
    throw invalid(field, 'must be epoch seconds');
  return raw * 1000;
}

/** `message` → native content, override blocks and show window. `now` decides whether show_begin_time is still ahead. */
export function toMessage(raw: unknown, now: number): MappedMessage {
  if (!present(raw)) throw invalid('message', 'is required');
  const m = knownKeys('message', raw, [
    'type',
    'title',
    'body',
    'attachment_url',
    'big_text',
    'badge',
    'ext',
    'show_begin_time',
    'show_end_time',
    ...OVERRIDE_BLOCKS,
  ]);
  const typeName = present(m.type) && m.type !== '' ? m.type : 'text';
  if (typeof typeName !== 'string' || !Object.hasOwn(TYPES, typeName))
    throw invalid('message.type', `must be one of ${Object.keys(TYPES).join(', ')}`);
  const type = typeName as SeedType;
  const url = attachment(m.attachment_url, type);
  const bigText =
    present(m.big_text) && m.big_text !== ''
      ? checkString('message.big_text', m.big_text, { max: 4000 })
      : undefined;
  const b = badge(m.badge, type);
  let ext: Record<string, unknown> = {};
  if (present(m.ext)) {
    ext = knownKeys('message.ext', m.ext, Object.keys(m.ext as object));
    if (Object.hasOwn(ext, RESERVED_DATA_KEY))
      throw invalid(
        `message.ext.${RESERVED_DATA_KEY}`,
        'is reserved: Herald carries type, attachment_url, big_text and "+n" badges there',
      );
  }
  const extras = {
    type,
    ...(url !== undefined ? { attachment_url: url } : {}),
    ...(bigText !== undefined ? { big_text: bigText } : {}),
    ...(b.add !== undefined ? { badge: b.add } : {}),
  };
  const begin = seconds('message.show_begin_time', m.show_begin_time);
  const end = seconds('message.show_end_time', m.show_end_time);
  const content: MessageContent = {
    kind: TYPES[type],
    ...(present(m.title) ? { title: m.title as string } : {}),
    ...(present(m.body) ? { body: m.body as string } : {}),
    data: { ...ext, [RESERVED_DATA_KEY]: extras },
    ...(b.set !== undefined ? { badge: b.set } : {}),
  };
  return {
    content,
    overrides: toOverrides(m),
    // "为空时表示立即展示": a begin time already reached is "now", not a refusal.
    sendAt: begin !== undefined && begin > now ? begin : undefined,
    expiresAt: end,
  };
}

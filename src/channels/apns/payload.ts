import type { SendOutcome, VendorMessage } from '../channel.js';
import { iosOverrides } from './overrides.js';

/** Apple "Generating a remote notification": 4096 bytes for regular pushes (5120 only for VoIP, unused here). */
export const APNS_PAYLOAD_LIMIT_BYTES = 4096;
/** Apple "Sending notification requests to APNs": apns-collapse-id must not exceed 64 bytes. */
export const APNS_COLLAPSE_ID_MAX_BYTES = 64;

/**
 * Herald's own keys beside `aps`, so the app can report receipts and route clicks; the same names
 * as the FCM data map so one client SDK reads both. App data keys of the same name lose.
 */
export const HERALD_KEYS = {
  id: 'herald_id',
  kind: 'herald_kind',
  title: 'herald_title',
  body: 'herald_body',
  badge: 'herald_badge',
  sound: 'herald_sound',
  actionType: 'herald_action_type',
  actionValue: 'herald_action_value',
} as const;

/** What the channel adds per message: the topic comes from the credential, not the message. */
export interface ApnsPayloadOptions {
  readonly topic: string;
}

/** One APNs request minus the token and the authorization header, shared by every target of a send. */
export interface ApnsRequestParts {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Maps a Herald message to APNs headers and JSON body. Pure. Kind `notification` is an alert push
 * (priority 10 when high, 5 when normal); `message` and `config` are background pushes, which Apple
 * requires to carry `content-available: 1`, `apns-push-type: background` and priority 5.
 */
export function apnsPayload(message: VendorMessage, opts: ApnsPayloadOptions): ApnsRequestParts {
  const c = message.content;
  const over = iosOverrides(message);
  const display = c.kind === 'notification';
  const collapseId = over.collapseId ?? message.collapseId;
  const headers: Record<string, string> = {
    'apns-topic': opts.topic,
    'apns-push-type': display ? 'alert' : 'background',
    'apns-priority': display && message.priority === 'high' ? '10' : '5',
  };
  // Epoch seconds, rounded down so APNs never holds a message past Herald's expiry; absent means
  // Apple's default (store and retry), never 0, which would mean "try once, do not store".
  if (message.expiresAt !== null) headers['apns-expiration'] = String(Math.floor(message.expiresAt / 1000));
  if (collapseId) headers['apns-collapse-id'] = headerSafe(collapseId);
  // Herald ids are lower-case UUIDs, APNs' own apns-id form, so Apple's delivery log names the message.
  if (UUID.test(message.id)) headers['apns-id'] = message.id;

  const aps: Record<string, unknown> = {};
  if (display) {
    const alert = defined({ title: c.title, subtitle: over.subtitle, body: c.body });
    if (Object.keys(alert).length > 0) aps.alert = alert;
    Object.assign(
      aps,
      defined({
        badge: over.badge ?? c.badge,
        sound: over.sound ?? c.sound,
        category: over.category,
        'thread-id': over.threadId,
        'content-available': over.contentAvailable ? 1 : undefined,
        'mutable-content': over.mutableContent ? 1 : undefined,
      }),
    );
  } else {
    aps['content-available'] = 1;
  }
  const body = { ...(c.data ?? {}), ...heraldKeys(message), aps };
  return { headers, body: JSON.stringify(body) };
}

/**
 * Refusals decided without a request, each one APNs would answer with a 4xx for every target:
 * a body over 4096 bytes (413 PayloadTooLarge), a collapse id over 64 bytes (400 BadCollapseId),
 * an app data key `aps` that would clash with Apple's dictionary.
 */
export function apnsPreflight(message: VendorMessage, parts: ApnsRequestParts): SendOutcome | null {
  const bytes = Buffer.byteLength(parts.body, 'utf8');
  if (bytes > APNS_PAYLOAD_LIMIT_BYTES) {
    return {
      kind: 'rejected',
      code: 'payload_too_large',
      reason: `APNs payload ${bytes} B > ${APNS_PAYLOAD_LIMIT_BYTES} B`,
    };
  }
  const collapseId = parts.headers['apns-collapse-id'];
  if (collapseId !== undefined && Buffer.byteLength(collapseId, 'utf8') > APNS_COLLAPSE_ID_MAX_BYTES) {
    return {
      kind: 'rejected',
      code: 'bad_collapse_id',
      reason: `apns-collapse-id is over ${APNS_COLLAPSE_ID_MAX_BYTES} bytes`,
    };
  }
  if (message.content.data && Object.hasOwn(message.content.data, 'aps')) {
    return { kind: 'rejected', code: 'reserved_data_key', reason: 'APNs reserves the top-level key "aps"' };
  }
  return null;
}

/** Herald's keys; background kinds also carry the display fields, as there is no alert to hold them. */
function heraldKeys(message: VendorMessage): Record<string, unknown> {
  const c = message.content;
  const k = HERALD_KEYS;
  const keys: Record<string, unknown> = {
    [k.id]: message.id,
    [k.kind]: c.kind,
    [k.actionType]: c.action?.type,
    [k.actionValue]: c.action?.value,
  };
  if (c.kind !== 'notification') {
    Object.assign(keys, { [k.title]: c.title, [k.body]: c.body, [k.badge]: c.badge, [k.sound]: c.sound });
  }
  return defined(keys);
}

/**
 * HTTP/2 header values are bytes (RFC 9113 §8.2.1 forbids CR, LF and NUL; Node sends non-ASCII as
 * Latin-1). Percent-encoding everything outside printable ASCII, `%` included, keeps a Chinese or
 * emoji collapse id usable and maps equal ids to equal headers, so collapsing still works.
 */
function headerSafe(value: string): string {
  return /^[\x20-\x24\x26-\x7e]*$/.test(value)
    ? value
    : value.replace(/[^\x20-\x24\x26-\x7e]/gu, (c) =>
        Array.from(Buffer.from(c, 'utf8'), (b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(
          '',
        ),
      );
}

/** Drops undefined fields, so the JSON carries only what was set. */
function defined(obj: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) if (value !== undefined) out[key] = value;
  return out;
}

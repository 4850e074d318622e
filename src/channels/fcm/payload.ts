import type { VendorMessage } from '../channel.js';
import { fcmData, HERALD_DATA_KEYS } from './data-map.js';
import { androidOverrides } from './overrides.js';

/** FCM's TTL ceiling and default: 4 weeks (AndroidConfig.ttl, 0..2419200 s). */
export const FCM_MAX_TTL_S = 2_419_200;
/** Data payload limit for token messages (ErrorCode INVALID_ARGUMENT "Message too big": 4096 bytes). */
export const FCM_PAYLOAD_LIMIT_BYTES = 4096;
/** APNs rejects an apns-collapse-id over 64 bytes (Apple "Sending notification requests to APNs"). */
const APNS_COLLAPSE_ID_MAX_BYTES = 64;

export interface FcmNotification {
  readonly title?: string;
  readonly body?: string;
}
export interface FcmAndroidNotification {
  readonly sound?: string;
  readonly channel_id?: string;
  readonly notification_count?: number;
  /** A later notification with the same tag replaces this one in the drawer. */
  readonly tag?: string;
}
export interface FcmAndroidConfig {
  readonly priority: 'HIGH' | 'NORMAL';
  /** Duration string, e.g. "3600s"; absent = FCM's default of 4 weeks. */
  readonly ttl?: string;
  readonly collapse_key?: string;
  readonly notification?: FcmAndroidNotification;
}
export interface FcmApnsConfig {
  readonly headers: Readonly<Record<string, string>>;
  readonly payload?: { readonly aps: Readonly<Record<string, string | number>> };
}
export interface FcmWebpushConfig {
  readonly headers: Readonly<Record<string, string>>;
  readonly fcm_options?: { readonly link: string };
}
/** The FCM HTTP v1 `Message` Herald sends: always to one registration token. */
export interface FcmMessage {
  readonly token: string;
  readonly notification?: FcmNotification;
  readonly data: Readonly<Record<string, string>>;
  readonly android: FcmAndroidConfig;
  readonly apns: FcmApnsConfig;
  readonly webpush: FcmWebpushConfig;
}
/** Body of `POST /v1/projects/{project}/messages:send`. */
export interface FcmSendBody {
  readonly message: FcmMessage;
}

/**
 * Maps a Herald message to the FCM v1 request for one token. Pure: `now` (epoch ms) turns
 * `expiresAt` into the relative TTLs FCM, APNs and Web Push want. Kind `notification` gets a
 * notification block; `message` and `config` are data-only, so the app handles them itself.
 */
export function fcmMessage(message: VendorMessage, token: string, now: number): FcmSendBody {
  const c = message.content;
  const display = c.kind === 'notification';
  const high = message.priority === 'high';
  const ttl = ttlSeconds(message.expiresAt, now);
  const over = androidOverrides(message);
  const sound = over.sound ?? c.sound;
  const data = fcmData(message, {
    [HERALD_DATA_KEYS.clickAction]: over.clickAction,
    [HERALD_DATA_KEYS.intent]: over.intent,
  });
  const notification = display ? compact<FcmNotification>({ title: c.title, body: c.body }) : undefined;
  const androidNotification = display
    ? compact<FcmAndroidNotification>({
        sound,
        channel_id: over.channelId,
        notification_count: c.badge,
        // Tagged with the message (unlike collapse_key, tags have no per-device limit), so a replace
        // of the message takes the shown notification's place.
        tag: message.collapseId ?? message.id,
      })
    : undefined;
  const android = compact<FcmAndroidConfig>({
    priority: high ? 'HIGH' : 'NORMAL',
    ttl: ttl === undefined ? undefined : `${ttl}s`,
    collapse_key: message.collapseId ?? undefined,
    notification:
      androidNotification && Object.keys(androidNotification).length > 0 ? androidNotification : undefined,
  });
  return {
    message: compact<FcmMessage>({
      token,
      notification: notification && Object.keys(notification).length > 0 ? notification : undefined,
      data,
      android,
      apns: apnsConfig(message, display, sound),
      webpush: webpushConfig(message, ttl),
    }),
  };
}

/**
 * What counts against FCM's 4096-byte limit, measured on the serialised data and notification
 * blocks. Google counts "keys and values"; the JSON punctuation makes this a slight over-estimate,
 * which errs on the side of rejecting locally rather than after a round trip.
 */
export function fcmPayloadBytes(message: Pick<FcmMessage, 'data' | 'notification'>): number {
  return Buffer.byteLength(
    JSON.stringify({ data: message.data, notification: message.notification }),
    'utf8',
  );
}

function ttlSeconds(expiresAt: number | null, now: number): number | undefined {
  if (expiresAt === null) return undefined;
  return Math.min(FCM_MAX_TTL_S, Math.max(0, Math.ceil((expiresAt - now) / 1000)));
}

function apnsConfig(message: VendorMessage, display: boolean, sound: string | undefined): FcmApnsConfig {
  const c = message.content;
  // Keyed with the message like the Android tag: APNs keeps one notification per collapse id.
  const collapse = message.collapseId ?? message.id;
  const headers = compact<Record<string, string | undefined>>({
    // Apple: background (content-available) pushes must use priority 5 and push type background.
    'apns-priority': display && message.priority === 'high' ? '10' : '5',
    'apns-push-type': display ? 'alert' : 'background',
    'apns-expiration': message.expiresAt === null ? undefined : String(Math.floor(message.expiresAt / 1000)),
    'apns-collapse-id':
      collapse !== null && Buffer.byteLength(collapse) <= APNS_COLLAPSE_ID_MAX_BYTES ? collapse : undefined,
  });
  const aps = display
    ? compact<Record<string, string | number | undefined>>({ badge: c.badge, sound })
    : { 'content-available': 1 };
  return Object.keys(aps).length > 0
    ? { headers: defined(headers), payload: { aps: defined(aps) } }
    : { headers: defined(headers) };
}

function webpushConfig(message: VendorMessage, ttl: number | undefined): FcmWebpushConfig {
  // RFC 8030 §5.2/§5.3 headers, passed by FCM to the browser's push service.
  const headers = defined({ TTL: ttl === undefined ? undefined : String(ttl), Urgency: message.priority });
  const action = message.content.action;
  // FCM requires an HTTPS link for webpush.fcm_options.link.
  return action?.type === 'url' && action.value.startsWith('https://')
    ? { headers, fcm_options: { link: action.value } }
    : { headers };
}

/** Drops undefined fields, so the JSON carries no `"x": null` FCM would reject. */
function compact<T extends object>(obj: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) if (value !== undefined) out[key] = value;
  return out as T;
}

/** {@link compact} for string maps, typed as holding no undefined. */
function defined<V>(obj: Readonly<Record<string, V | undefined>>): Record<string, V> {
  return compact(obj) as Record<string, V>;
}

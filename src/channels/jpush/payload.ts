import type { VendorMessage } from '../channel.js';
import { jpushOverrides } from './overrides.js';

/** Push API v3: `audience.registration_id` takes at most 1000 ids. */
export const JPUSH_MAX_TOKENS = 1000;
/** Push API v3: Android notification + message at most 4000 bytes (1005 beyond). */
export const JPUSH_PAYLOAD_LIMIT_BYTES = 4000;
/** options.time_to_live: seconds, 0..10 days (default one day). */
const MAX_TTL_S = 864_000;

export interface JpushNotification {
  readonly android: Readonly<Record<string, unknown>>;
  readonly ios: Readonly<Record<string, unknown>>;
}
export interface JpushMessage {
  readonly msg_content: string;
  readonly title?: string;
  readonly content_type: 'text';
  readonly extras: Readonly<Record<string, unknown>>;
}
/** The push object of `POST /v3/push`, audience filled per batch. */
export interface JpushPush {
  readonly platform: 'all';
  readonly audience: { readonly registration_id: readonly string[] };
  readonly notification?: JpushNotification;
  readonly message?: JpushMessage;
  readonly options: Readonly<Record<string, unknown>>;
}

/**
 * Maps a Herald message to a JPush push object for `regids`. Pure. Kind `notification` is a
 * notification for Android and iOS (JPush picks per device); `message` and `config` are JPush
 * "custom messages" (`message`, pass-through to the app). `apnsProduction` chooses the APNs
 * environment JPush relays iOS pushes to.
 */
export function jpushPush(
  message: VendorMessage,
  regids: readonly string[],
  now: number,
  apnsProduction: boolean,
): JpushPush {
  const c = message.content;
  const extras = appData(message);
  const options: Record<string, unknown> = { apns_production: apnsProduction };
  if (message.expiresAt !== null) {
    options.time_to_live = Math.min(MAX_TTL_S, Math.max(0, Math.ceil((message.expiresAt - now) / 1000)));
  }
  if (message.collapseId !== null && Buffer.byteLength(message.collapseId) <= 64) {
    options.apns_collapse_id = message.collapseId;
  }
  const audience = { registration_id: regids };
  if (c.kind !== 'notification') {
    const body: JpushMessage = { msg_content: c.body ?? '', content_type: 'text', extras };
    return {
      platform: 'all',
      audience,
      message: c.title === undefined ? body : { ...body, title: c.title },
      options,
    };
  }
  const over = jpushOverrides(message);
  const sound = over.sound ?? c.sound;
  const android: Record<string, unknown> = { alert: c.body ?? c.title ?? '', extras };
  if (c.title !== undefined) android.title = c.title;
  if (over.channelId) android.channel_id = over.channelId;
  if (sound && sound !== 'default') android.sound = sound;
  // priority 1 is "high" in JPush's Android notification (-2..2); 0 is the default.
  if (message.priority === 'high') android.priority = 1;
  const intent =
    over.clickAction === 'intent' ? over.intent : c.action?.type === 'intent' ? c.action.value : undefined;
  if (intent) android.intent = { url: intent };
  const ios: Record<string, unknown> = { alert: { title: c.title, body: c.body }, extras };
  if (sound) ios.sound = sound;
  if (c.badge !== undefined) ios.badge = c.badge;
  if (over.iosCategory) ios.category = over.iosCategory;
  return { platform: 'all', audience, notification: { android, ios }, options };
}

/** Bytes counted against JPush's 4000-byte limit: Android notification plus message. */
export function jpushPayloadBytes(push: JpushPush): number {
  return Buffer.byteLength(JSON.stringify([push.notification?.android ?? {}, push.message ?? {}]), 'utf8');
}

/** Why JPush would refuse `push` before any request; null when it is fine. */
export function jpushPushFault(push: JpushPush): { code: string; reason: string } | null {
  const bytes = jpushPayloadBytes(push);
  if (bytes > JPUSH_PAYLOAD_LIMIT_BYTES) {
    return {
      code: 'payload_too_large',
      reason: `JPush payload ${bytes} B > ${JPUSH_PAYLOAD_LIMIT_BYTES} B (1005)`,
    };
  }
  if (push.notification && push.notification.android.alert === '') {
    return { code: 'missing_text', reason: 'JPush notifications need an alert (title or body)' };
  }
  return null;
}

function appData(message: VendorMessage): Record<string, unknown> {
  const c = message.content;
  const out: Record<string, unknown> = { ...c.data, herald_id: message.id, herald_kind: c.kind };
  if (c.action)
    Object.assign(out, { herald_action_type: c.action.type, herald_action_value: c.action.value });
  return out;
}

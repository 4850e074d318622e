import type { VendorMessage } from '../channel.js';
import { type HmsOverrides, hmsOverrides } from './overrides.js';

/** Push Kit "Sending Messages": the message body, token list excluded, may not exceed 4096 bytes (80300008). */
export const HMS_PAYLOAD_LIMIT_BYTES = 4096;
/** Push Kit takes 1..1000 tokens in `message.token` (80300010 beyond). */
export const HMS_MAX_TOKENS = 1000;
/** AndroidConfig.ttl: at most 15 days. */
const HMS_MAX_TTL_S = 1_296_000;

/** AndroidNotification.click_action: 1 custom intent, 2 open URL (HTTPS only), 3 open the app. */
export interface HmsClickAction {
  readonly type: 1 | 2 | 3;
  readonly intent?: string;
  readonly url?: string;
}
export interface HmsAndroidNotification {
  readonly title?: string;
  readonly body?: string;
  readonly click_action: HmsClickAction;
  readonly sound?: string;
  readonly default_sound?: boolean;
  readonly channel_id?: string;
  readonly importance?: string;
  readonly tag?: string;
  readonly badge?: { readonly set_num: number; readonly class: string };
}
export interface HmsAndroidConfig {
  readonly urgency?: 'HIGH' | 'NORMAL';
  readonly category?: string;
  /** Seconds as a string, e.g. "86400s". */
  readonly ttl?: string;
  readonly notification?: HmsAndroidNotification;
}
/** The Push Kit v1 `message` Herald sends; `token` is added per batch. */
export interface HmsMessage {
  readonly token?: readonly string[];
  /** A JSON string: the app's data plus Herald's keys. Alone (no notification) it is a pass-through message. */
  readonly data: string;
  readonly android: HmsAndroidConfig;
}
/** Body of `POST /v1/{appId}/messages:send`. */
export interface HmsSendBody {
  readonly validate_only: false;
  readonly message: HmsMessage;
}

/**
 * Maps a Herald message to a Push Kit message without tokens. Pure: `now` turns `expiresAt` into the
 * relative TTL. Kind `notification` gets `android.notification` (with the click_action Push Kit
 * requires); `message` and `config` are data-only pass-through messages, with `urgency` from the
 * priority (urgency applies to data messages).
 */
export function hmsMessage(message: VendorMessage, now: number): HmsMessage {
  const c = message.content;
  const over = hmsOverrides(message);
  const ttl = message.expiresAt === null ? undefined : `${ttlSeconds(message.expiresAt, now)}s`;
  const data = JSON.stringify(appData(message));
  if (c.kind !== 'notification') {
    return { data, android: compact({ urgency: message.priority === 'high' ? 'HIGH' : 'NORMAL', ttl }) };
  }
  const sound = over.sound ?? c.sound;
  const notification = compact<HmsAndroidNotification>({
    title: c.title,
    body: c.body,
    click_action: clickAction(message, over),
    // "default" is APNs' and FCM's word for the system sound; Push Kit wants default_sound instead.
    sound: sound !== undefined && sound !== 'default' ? sound : undefined,
    default_sound: sound === undefined ? undefined : sound === 'default',
    channel_id: over.channelId,
    importance: over.importance?.toUpperCase(),
    tag: message.collapseId ?? undefined,
    // A badge needs the launcher activity class (seed 004 badge_class); without it Push Kit refuses it.
    badge:
      c.badge !== undefined && over.badgeClass ? { set_num: c.badge, class: over.badgeClass } : undefined,
  });
  return { data, android: compact({ category: over.category, ttl, notification }) };
}

/** The request body for one batch of tokens. */
export function hmsSendBody(base: HmsMessage, tokens: readonly string[]): HmsSendBody {
  return { validate_only: false, message: { ...base, token: tokens } };
}

/** What counts against the 4096-byte limit: the serialised body without its token list. */
export function hmsPayloadBytes(base: HmsMessage): number {
  return Buffer.byteLength(JSON.stringify({ validate_only: false, message: base }), 'utf8');
}

/** The app's data plus Herald's keys, so the app can report receipts; data-only kinds carry the text here. */
function appData(message: VendorMessage): Record<string, unknown> {
  const c = message.content;
  const out: Record<string, unknown> = { ...c.data, herald_id: message.id, herald_kind: c.kind };
  if (c.action)
    Object.assign(out, { herald_action_type: c.action.type, herald_action_value: c.action.value });
  if (c.kind !== 'notification') Object.assign(out, compact({ herald_title: c.title, herald_body: c.body }));
  return out;
}

function clickAction(message: VendorMessage, over: HmsOverrides): HmsClickAction {
  if (over.clickAction === 'intent' && over.intent) return { type: 1, intent: over.intent };
  if (over.clickAction === 'open_app') return { type: 3 };
  const action = message.content.action;
  // Push Kit accepts only HTTPS for type 2; anything else opens the app, which reads herald_action_*.
  if (action?.type === 'url' && action.value.startsWith('https://')) return { type: 2, url: action.value };
  if (action?.type === 'intent') return { type: 1, intent: action.value };
  return { type: 3 };
}

function ttlSeconds(expiresAt: number, now: number): number {
  return Math.min(HMS_MAX_TTL_S, Math.max(1, Math.ceil((expiresAt - now) / 1000)));
}

/** Drops undefined fields, so the JSON carries no `"x": null`. */
function compact<T extends object>(obj: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) if (value !== undefined) out[key] = value;
  return out as T;
}

import type { Vendor } from '../domain/device.js';
import type { MessageContent, Priority } from '../domain/message.js';

/** One device to reach through a vendor: Herald's device id and its token for that vendor. */
export interface SendTarget {
  readonly deviceId: string;
  readonly token: string;
}

/** What a vendor sender needs of a message. `overrides` holds the push's per-vendor fields (seed 004: ios, android, huawei, xiaomi, …). */
export interface VendorMessage {
  readonly id: string;
  readonly content: MessageContent;
  readonly priority: Priority;
  readonly collapseId: string | null;
  /** Epoch ms; null = the vendor's own default. */
  readonly expiresAt: number | null;
  readonly overrides?: Readonly<Record<string, unknown>>;
}

/**
 * The outcome of one target, classified so the core can act without knowing the vendor:
 * - `delivered`: the vendor accepted it (its message id when it gives one);
 * - `invalid_token`: the token is dead; the core clears it from the device;
 * - `retry`: transient (5xx, 429 without a quota meaning, timeouts); retry after `afterMs`;
 * - `quota`: the app's quota or rate at this vendor is used up; pace the app, retry after `afterMs`;
 * - `credential_error`: the app's key for this vendor is wrong or revoked; nothing will work until it is fixed;
 * - `rejected`: this message can never be sent as is (payload too large, bad field); do not retry.
 */
export type SendOutcome =
  | { readonly kind: 'delivered'; readonly vendorMessageId?: string }
  | { readonly kind: 'invalid_token'; readonly reason: string }
  | { readonly kind: 'retry'; readonly afterMs: number; readonly reason: string }
  | { readonly kind: 'quota'; readonly afterMs: number; readonly reason: string }
  | { readonly kind: 'credential_error'; readonly reason: string }
  | { readonly kind: 'rejected'; readonly code: string; readonly reason: string };

/**
 * A vendor push channel, built once per app credential and reused for every send (connections
 * and auth tokens are cached inside). Implementations live in `channels/<vendor>/`: a pure
 * `payload.ts` (VendorMessage → vendor JSON) and a thin `client.ts` on the wire.
 */
export interface Channel {
  readonly id: Vendor;
  /**
   * Sends one message to many targets; batches as the vendor allows (several tokens per request
   * where it can). Resolves with exactly one outcome per target, in target order. Never rejects
   * for a vendor answer — vendor errors are outcomes; it rejects only after close() or on abort.
   */
  send(
    message: VendorMessage,
    targets: readonly SendTarget[],
    opts?: { signal?: AbortSignal },
  ): Promise<SendOutcome[]>;
  /** Closes connections. Idempotent; send() afterwards rejects. */
  close(): Promise<void>;
}

/** Parses a Retry-After header (seconds or an HTTP date) into milliseconds; `fallbackMs` when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now: number, fallbackMs: number): number {
  if (!header) return fallbackMs;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - now) : fallbackMs;
}

/**
 * Vendors on which a notification sent with a collapse key is replaced in place by a later one with
 * the same key (APNs apns-collapse-id, Huawei tag, Xiaomi notify_id, Meizu notifyKey), and a key on
 * every message costs nothing. Herald keys every send to these with the message id, so a replace
 * can take the old notification's place. Not FCM's collapse_key (only 4 per offline device): its
 * payload tags the Android notification with the message id itself.
 */
export const COLLAPSE_KEYED_VENDORS: ReadonlySet<Vendor> = new Set<Vendor>([
  'apns',
  'huawei',
  'xiaomi',
  'meizu',
]);

/** Vendors on which a replace takes the shown notification's place. */
export const REPLACEABLE_VENDORS: ReadonlySet<Vendor> = new Set<Vendor>([...COLLAPSE_KEYED_VENDORS, 'fcm']);

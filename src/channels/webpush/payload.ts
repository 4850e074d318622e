import { createHash } from 'node:crypto';
import type { VendorMessage } from '../channel.js';

/** web-push's default and the FCM/Mozilla ceiling: 4 weeks. */
export const WEBPUSH_DEFAULT_TTL_S = 2_419_200;
const TOPIC_RE = /^[A-Za-z0-9_-]{1,32}$/;

/** RFC 8030 §5 request headers for one message. */
export interface WebPushHeaders {
  readonly TTL: string;
  readonly Urgency: 'high' | 'normal';
  readonly Topic?: string;
}

/**
 * The plaintext the service worker receives: the message content as JSON, shaped like the device
 * protocol's message frame so one client parser serves both.
 */
export function webPushPayload(message: VendorMessage): string {
  const c = message.content;
  return JSON.stringify({
    id: message.id,
    kind: c.kind,
    title: c.title,
    body: c.body,
    data: c.data,
    action: c.action,
    badge: c.badge,
    sound: c.sound,
    collapseId: message.collapseId ?? undefined,
    priority: message.priority,
    expiresAt: message.expiresAt,
  });
}

/**
 * TTL (RFC 8030 §5.2, required) from `expiresAt`, Urgency (§5.3) from the priority, Topic (§5.4) from
 * the collapse id. Pure: `now` is epoch ms.
 */
export function webPushHeaders(message: VendorMessage, now: number): WebPushHeaders {
  const ttl =
    message.expiresAt === null
      ? WEBPUSH_DEFAULT_TTL_S
      : Math.min(WEBPUSH_DEFAULT_TTL_S, Math.max(0, Math.ceil((message.expiresAt - now) / 1000)));
  const headers = { TTL: String(ttl), Urgency: message.priority };
  return message.collapseId === null ? headers : { ...headers, Topic: webPushTopic(message.collapseId) };
}

/**
 * RFC 8030 §5.4: a Topic is at most 32 characters of the URL-safe base64 alphabet. A collapse id that
 * already fits is kept (readable in logs); any other is replaced by 32 characters of its SHA-256,
 * so equal ids still collapse together.
 */
export function webPushTopic(collapseId: string): string {
  if (TOPIC_RE.test(collapseId)) return collapseId;
  return createHash('sha256').update(collapseId, 'utf8').digest('base64url').slice(0, 32);
}

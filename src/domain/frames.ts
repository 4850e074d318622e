import type { AudienceFilter } from './audience.js';
import type { Message } from './message.js';

/**
 * Frames of the device protocol (docs/protocol.md). Built once per message and written as the same
 * string to every device, so a fan-out costs one JSON.stringify, not one per device.
 */
export function messageFrame(m: Message, type: 'message' | 'replace' = 'message'): string {
  const c = m.content;
  return JSON.stringify({
    type,
    id: m.id,
    version: m.version,
    kind: c.kind,
    title: c.title,
    body: c.body,
    data: c.data,
    action: c.action,
    badge: c.badge,
    sound: c.sound,
    collapseId: m.collapseId ?? undefined,
    priority: m.priority,
    sentAt: m.createdAt,
    expiresAt: m.expiresAt,
  });
}

export function revokeFrame(messageId: string): string {
  return JSON.stringify({ type: 'revoke', id: messageId });
}

/** Bus topics between the app layer and gateway nodes. */
export const TOPIC_DELIVER = 'deliver';
export const TOPIC_TASK = 'task';
/** A device id whose connections must end (it was unregistered): close code 4001, the device stops reconnecting. */
export const TOPIC_DISCONNECT = 'disconnect';

/** What a gateway node receives: a ready frame and the devices it is for (those connected here get it). */
export interface DeliverEnvelope {
  readonly messageId: string;
  readonly appId: string;
  readonly createdAt: number;
  readonly frame: string;
  readonly deviceIds: readonly string[];
  /**
   * What the frame is: a message (tracked as sent), a control frame, or a broadcast: then
   * `deviceIds` is empty and each node sends to its connected devices the `filter` selects.
   */
  readonly kind: 'message' | 'revoke' | 'replace' | 'broadcast';
  readonly filter?: AudienceFilter;
  /**
   * A revoke's first envelope: each node also tells the devices it wrote the message to a moment
   * ago, whose delivery the store still shows as queued (and so revoked without a frame).
   */
  readonly alsoJustSent?: boolean;
}

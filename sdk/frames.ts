/**
 * Wire frames of the Herald device protocol (`/v1/connect`), see docs/protocol.md.
 * All frames are JSON text with a `type` discriminator.
 */

/**
 * Ack statuses a device reports. The server only moves a message's status forward,
 * so re-sending an ack is harmless.
 */
export const AckStatus = {
  /** The device received the message. */
  received: 2,
  /** The app showed the message to the user. */
  displayed: 3,
  /** The user clicked/tapped the message. */
  clicked: 4,
  /** The device got a `revoke` frame for the message. */
  revoked: 5,
  /** The device got a `replace` frame for the message. */
  replaced: 6,
} as const;

/** Any ack status value (2–6). */
export type AckStatus = (typeof AckStatus)[keyof typeof AckStatus];

/** Statuses an app reports for a delivered message: received, displayed, clicked. */
export type MessageAckStatus = 2 | 3 | 4;

/** What a message is for: shown to the user, handed to the app, or app configuration. */
export type MessageKind = 'notification' | 'message' | 'config';

/** Delivery priority chosen by the sender. */
export type MessagePriority = 'high' | 'normal';

/** What the app should do when the user clicks the notification. */
export interface MessageAction {
  type: 'url' | 'command' | 'intent';
  value: string;
}

/** Content shared by `message` and `replace` frames. */
export interface MessageContent {
  /** Message id, stable across re-deliveries and replacements. */
  id: string;
  /** Content version: 1 for the original, incremented by every replacement. */
  version: number;
  kind: MessageKind;
  title?: string;
  body?: string;
  data?: Record<string, unknown>;
  action?: MessageAction;
  badge?: number;
  sound?: string;
  /** Messages sharing a collapseId supersede each other on display. */
  collapseId?: string;
  priority: MessagePriority;
  /** When the sender submitted the message (epoch ms). */
  sentAt: number;
  /** When the message expires (epoch ms); null if it never does. */
  expiresAt: number | null;
}

/** Server → device: first frame after the connection is accepted. */
export interface HelloFrame {
  type: 'hello';
  deviceId: string;
  /** Interval at which the device should send app-level pings. */
  heartbeatMs: number;
  /** Server software and version, e.g. `herald/0.1.0`. */
  server: string;
}

/** Server → device: a new message. May arrive more than once (at-least-once delivery). */
export interface MessageFrame extends MessageContent {
  type: 'message';
}

/** Server → device: the app revoked a message; remove it from display. */
export interface RevokeFrame {
  type: 'revoke';
  id: string;
}

/** Server → device: the message's content was replaced by a newer version. */
export interface ReplaceFrame extends MessageContent {
  type: 'replace';
}

/** Server → device: answer to a device `ping`, echoing its `ts`. */
export interface PongFrame {
  type: 'pong';
  ts: number;
}

/** Server → device: a protocol error; the connection stays open. */
export interface ErrorFrame {
  type: 'error';
  code: string;
  message: string;
}

/** Every frame the server may send that this SDK understands. */
export type ServerFrame = HelloFrame | MessageFrame | RevokeFrame | ReplaceFrame | PongFrame | ErrorFrame;

/** Device → server: delivery/interaction receipt for a message or control frame. */
export interface AckFrame {
  type: 'ack';
  id: string;
  status: AckStatus;
}

/** Device → server: app-level ping; the server answers with a `pong`. */
export interface PingFrame {
  type: 'ping';
  ts: number;
}

/** Every frame a device may send. */
export type DeviceFrame = AckFrame | PingFrame;

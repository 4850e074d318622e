import type { Routing } from './routing.js';

export const MESSAGE_KINDS = ['notification', 'message', 'config'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const ACTION_TYPES = ['url', 'command', 'intent', 'open_app'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

export type Priority = 'high' | 'normal';

/** What the device shows or hands to the app. */
export interface MessageContent {
  readonly kind: MessageKind;
  readonly title?: string;
  readonly body?: string;
  readonly data?: Record<string, unknown>;
  readonly action?: { readonly type: ActionType; readonly value: string };
  readonly badge?: number;
  readonly sound?: string;
}

export interface Message {
  readonly id: string;
  readonly appId: string;
  readonly taskId: string;
  readonly content: MessageContent;
  readonly priority: Priority;
  readonly collapseId: string | null;
  /** Bumped by each replace, so devices can tell a new version from a redelivery. */
  readonly version: number;
  readonly createdAt: number;
  readonly expiresAt: number | null;
  readonly revokedAt: number | null;
  /** How the message reaches devices; absent = DEFAULT_ROUTING. */
  readonly routing?: Routing;
  /** Set when it went out as a broadcast: devices of the audience registered by then claim it on connect. */
  readonly fanoutAt?: number;
}

/** Payload limit: the message as the device sees it, serialised. Seeds allow far less (256 B on iOS via APNs); 4 KiB is FCM's and APNs' own ceiling. */
export const MAX_PAYLOAD_BYTES = 4096;

export function payloadBytes(content: MessageContent): number {
  return Buffer.byteLength(JSON.stringify(content), 'utf8');
}

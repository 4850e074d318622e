/** IPC between a bench and its device workers (bench/device-worker.ts). */

export type ClientKind = 'ws' | 'socketio';

export interface ConnectCommand {
  readonly type: 'connect';
  readonly seq: number;
  readonly kind: ClientKind;
  /** ws: URL without the token; each device's token is appended as ?token=. socketio: the server URL. */
  readonly url: string;
  /** One entry per device; for baselines without auth the values are only labels. */
  readonly tokens: readonly string[];
  /** 'hello': ready when Herald's hello frame arrives (authenticated and registered); 'open': on open. */
  readonly readyOn: 'hello' | 'open';
  readonly ack: boolean;
  readonly concurrency: number;
}

export type Command =
  | ConnectCommand
  | { readonly type: 'disconnect'; readonly seq: number }
  | { readonly type: 'reset'; readonly seq: number }
  /** Cheap poll while a fan-out is in flight: no latency list. */
  | { readonly type: 'count'; readonly seq: number; readonly id: string }
  /** Latencies of one message id, or of every message when id is absent. */
  | { readonly type: 'stats'; readonly seq: number; readonly id?: string };

export interface CountReply {
  readonly count: number;
  readonly first: number;
  readonly last: number;
}

export interface StatsReply extends CountReply {
  readonly messages: number;
  /** receive time − sentAt per delivery, ms. */
  readonly latencies: number[];
}

export interface ConnectReply {
  readonly connected: number;
  readonly failed: number;
  readonly firstError?: string;
}

export type Reply =
  | { readonly type: 'reply'; readonly seq: number; readonly body: unknown }
  | { readonly type: 'error'; readonly seq: number; readonly message: string }
  | { readonly type: 'progress'; readonly connected: number; readonly failed: number };

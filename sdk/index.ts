/**
 * Herald device SDK: receive push messages over the `/v1/connect` WebSocket in browsers
 * and Node. See docs/protocol.md for the wire protocol.
 *
 * @packageDocumentation
 */

export type {
  ClientErrorCode,
  CloseInfo,
  HeraldClientEvents,
  HeraldErrorInfo,
  ReconnectInfo,
} from './client-events.js';
export type { HeraldClientOptions, ReconnectOptions } from './client-options.js';
export type {
  AckFrame,
  DeviceFrame,
  ErrorFrame,
  HelloFrame,
  MessageAckStatus,
  MessageAction,
  MessageContent,
  MessageFrame,
  MessageKind,
  MessagePriority,
  PingFrame,
  PongFrame,
  ReplaceFrame,
  RevokeFrame,
  ServerFrame,
} from './frames.js';
export { AckStatus } from './frames.js';
export type { ClientState } from './herald-client.js';
export { HeraldClient } from './herald-client.js';
export type { Listener } from './typed-emitter.js';
export type { WebSocketLike, WebSocketLikeConstructor } from './websocket-like.js';

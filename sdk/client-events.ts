import type { HelloFrame, MessageFrame, PongFrame, ReplaceFrame, RevokeFrame } from './frames.js';

/** Payload of the `close` event, emitted whenever a connection (attempt) ends. */
export interface CloseInfo {
  /** WebSocket close code; 1006 when the connection failed or was declared dead. */
  code: number;
  reason: string;
  /** False after `close()` or a fatal `unauthorized` error. */
  willReconnect: boolean;
}

/**
 * Error codes raised by the SDK itself:
 * - `unauthorized`: token rejected (HTTP 401 at upgrade, seen in Node only, or close 4001); fatal.
 * - `bad_frame`: the server sent something that is not a valid protocol frame; ignored.
 * - `socket_error`: the WebSocket reported an error; a `close` follows.
 */
export type ClientErrorCode = 'unauthorized' | 'bad_frame' | 'socket_error';

/** Payload of the `error` event. */
export interface HeraldErrorInfo {
  /** A {@link ClientErrorCode} when `source` is 'client', the server's code when 'server'. */
  code: string;
  message: string;
  /** 'server' for an `error` frame the server sent, 'client' for errors the SDK detected. */
  source: 'client' | 'server';
}

/** Payload of the `reconnecting` event, emitted when a reconnect is scheduled. */
export interface ReconnectInfo {
  /** 1 for the first attempt after a connection loss; reset once a connection is stable. */
  attempt: number;
  delayMs: number;
}

/** Events of {@link HeraldClient}, keyed by name. */
export interface HeraldClientEvents {
  /** The server accepted the connection and sent `hello`. */
  open: HelloFrame;
  /** A message arrived; emitted once per id even if the server re-delivers it. */
  message: MessageFrame;
  /** A message was revoked; remove it from display. Once per id. */
  revoke: RevokeFrame;
  /** A message's content was replaced; update what is shown. Once per id and newer version. */
  replace: ReplaceFrame;
  /** The server answered a `ping()`. */
  pong: PongFrame;
  close: CloseInfo;
  error: HeraldErrorInfo;
  reconnecting: ReconnectInfo;
}

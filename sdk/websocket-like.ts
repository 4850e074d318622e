// Declared as a method so handler parameters are checked bivariantly: both the DOM WebSocket
// and `ws` type their event objects more specifically than the subset the SDK reads.
type Handler<E> = { bivarianceHack(event: E): void }['bivarianceHack'];

/**
 * The subset of the browser-standard WebSocket API the SDK uses. The browser's native
 * `WebSocket` and the `ws` package's `WebSocket` both satisfy it.
 */
export interface WebSocketLike {
  /** 0 CONNECTING, 1 OPEN, 2 CLOSING, 3 CLOSED. */
  readonly readyState: number;
  onopen: Handler<unknown> | null;
  onmessage: Handler<{ data: unknown }> | null;
  /** Browsers pass a bare Event; `ws` passes an ErrorEvent with a `message`. */
  onerror: Handler<unknown> | null;
  onclose: Handler<{ code: number; reason: string }> | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  /** `ws` only: destroys the socket without a closing handshake. */
  terminate?(): void;
}

/** A `WebSocket` constructor such as `globalThis.WebSocket` or `ws`'s default export. */
export type WebSocketLikeConstructor = new (url: string) => WebSocketLike;

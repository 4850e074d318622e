import type { BackoffPolicy } from './backoff.js';
import type { WebSocketLikeConstructor } from './websocket-like.js';

/** Reconnect backoff settings; see {@link HeraldClientOptions.reconnect}. */
export interface ReconnectOptions {
  /** Delay before the first reconnect attempt. Default 500. */
  minMs?: number;
  /** Upper bound of the delay. Default 30000. */
  maxMs?: number;
  /** Growth of the delay per failed attempt. Default 2. */
  factor?: number;
  /** Fraction of the delay that is randomised: 0 none, 1 full jitter. Default 0.5. */
  jitter?: number;
  /**
   * A connection that stays open (after `hello`) at least this long resets the backoff to
   * `minMs`; shorter-lived connections keep growing it, so a server that accepts and then
   * immediately drops devices is not hammered. Default 10000.
   */
  resetAfterMs?: number;
}

/** Options of {@link HeraldClient}. */
export interface HeraldClientOptions {
  /** Server endpoint (`wss://host/v1/connect`) or origin (`https://host`). */
  url: string;
  /** The device token returned by `POST /v1/devices`. */
  token: string;
  /**
   * WebSocket implementation. Defaults to `globalThis.WebSocket` (browsers, Node ≥ 22).
   * In Node 20 pass the `ws` package's: `import WebSocket from 'ws'`.
   */
  webSocket?: WebSocketLikeConstructor;
  /**
   * Ack every message frame with status 2 (received) as it arrives. Default true. When false,
   * call `ack(id, 2)` once the app has safely stored the message.
   */
  autoAck?: boolean;
  reconnect?: ReconnectOptions;
  /** How many message ids are remembered to drop re-deliveries. Default 10000. */
  dedupSize?: number;
  /** Random source in [0, 1) for backoff jitter; injectable for tests. Default Math.random. */
  random?: () => number;
}

/** Options with defaults applied and values validated. */
export interface ResolvedOptions {
  url: string;
  token: string;
  webSocket: WebSocketLikeConstructor;
  autoAck: boolean;
  backoff: BackoffPolicy;
  resetAfterMs: number;
  dedupSize: number;
  random: () => number;
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new RangeError(`HeraldClient: ${message}`);
}

const isNonNegative = (n: number): boolean => Number.isFinite(n) && n >= 0;

function defaultWebSocket(): WebSocketLikeConstructor | undefined {
  return (globalThis as { WebSocket?: WebSocketLikeConstructor }).WebSocket;
}

/** Applies defaults and validates; throws TypeError/RangeError on unusable options. */
export function resolveOptions(options: HeraldClientOptions): ResolvedOptions {
  if (typeof options.url !== 'string' || options.url === '') {
    throw new TypeError('HeraldClient: url is required');
  }
  if (typeof options.token !== 'string' || options.token === '') {
    throw new TypeError('HeraldClient: token is required');
  }
  const webSocket = options.webSocket ?? defaultWebSocket();
  if (!webSocket) {
    throw new TypeError(
      "HeraldClient: no global WebSocket; pass the webSocket option (Node 20: import WebSocket from 'ws')",
    );
  }
  const r = options.reconnect ?? {};
  const backoff: BackoffPolicy = {
    minMs: r.minMs ?? 500,
    maxMs: r.maxMs ?? 30_000,
    factor: r.factor ?? 2,
    jitter: r.jitter ?? 0.5,
  };
  const resetAfterMs = r.resetAfterMs ?? 10_000;
  const dedupSize = options.dedupSize ?? 10_000;
  check(isNonNegative(backoff.minMs), 'reconnect.minMs must be >= 0');
  check(isNonNegative(backoff.maxMs) && backoff.maxMs >= backoff.minMs, 'reconnect.maxMs must be >= minMs');
  check(Number.isFinite(backoff.factor) && backoff.factor >= 1, 'reconnect.factor must be >= 1');
  check(isNonNegative(backoff.jitter) && backoff.jitter <= 1, 'reconnect.jitter must be in [0, 1]');
  check(isNonNegative(resetAfterMs), 'reconnect.resetAfterMs must be >= 0');
  check(Number.isInteger(dedupSize) && dedupSize >= 1, 'dedupSize must be a positive integer');
  return {
    url: options.url,
    token: options.token,
    webSocket,
    autoAck: options.autoAck ?? true,
    backoff,
    resetAfterMs,
    dedupSize,
    random: options.random ?? Math.random,
  };
}

import { type ClientHttp2Session, connect } from 'node:http2';

/** How one connection is made. */
export interface ConnectOptions {
  /** `https://host[:port]`. */
  readonly origin: string;
  /** Our own cap on streams per connection, below whatever the peer allows. */
  readonly maxStreamsPerSession: number;
  /** PING interval, so a connection silently dropped by a NAT or load balancer is noticed. */
  readonly pingIntervalMs: number;
  /** TLS trust for a private endpoint (the local mock's self-signed certificate). */
  readonly ca?: string | Buffer;
  readonly rejectUnauthorized?: boolean;
}

/** What the owner of a {@link PooledSession} hears about it. */
export interface SessionEvents {
  /** The peer's stream limit changed (or arrived): slots may be free. */
  settings(slot: PooledSession): void;
  /** GOAWAY: take no new streams here. */
  goaway(slot: PooledSession): void;
  /** The connection is gone; `failure` is the error that ended it, if any. */
  closed(slot: PooledSession, failure: Error | null): void;
}

/** One HTTP/2 connection and the pool's bookkeeping for it; callers only use `session`. */
export class PooledSession {
  /** Streams open now. */
  active = 0;
  /**
   * Streams this connection may carry. APNs allows one stream until a request with a valid provider
   * token succeeds, then raises SETTINGS_MAX_CONCURRENT_STREAMS ("Sending notification requests to
   * APNs"), so nothing beyond one is assumed until the peer's SETTINGS say so.
   */
  limit = 1;
  connected = false;
  /** Takes no new streams: GOAWAY received, APNs said Shutdown / IdleTimeout, or closed. */
  retired = false;

  private constructor(readonly session: ClientHttp2Session) {}

  /** Connects (TLS, ALPN h2) and reports the connection's life to `events`. */
  static open(opts: ConnectOptions, events: SessionEvents): PooledSession {
    const { origin, ca, rejectUnauthorized } = opts;
    const session = connect(origin, { ca, rejectUnauthorized, settings: { enablePush: false } });
    const slot = new PooledSession(session);
    let failure: Error | null = null;
    const ping = setInterval(() => {
      if (session.closed || session.destroyed) return;
      try {
        session.ping((err) => err && session.destroy(err));
      } catch (err) {
        session.destroy(err as Error);
      }
    }, opts.pingIntervalMs).unref();
    session.on('connect', () => {
      slot.connected = true;
    });
    session.on('remoteSettings', (settings) => {
      slot.limit = Math.min(
        opts.maxStreamsPerSession,
        settings.maxConcurrentStreams ?? Number.MAX_SAFE_INTEGER,
      );
      events.settings(slot);
    });
    // APNs ends connections with GOAWAY (reason in the debug data, e.g. Shutdown, IdleTimeout):
    // streams it did not process fail as refused and are resent by the client on a new session.
    session.on('goaway', () => events.goaway(slot));
    session.on('error', (err: Error) => {
      failure = err;
    });
    session.on('close', () => {
      clearInterval(ping);
      slot.retired = true;
      events.closed(slot, failure);
    });
    return slot;
  }
}

import { Agent } from 'undici';

/** Tuning for {@link createVendorAgent}; every field has a default fit for one vendor credential. */
export interface VendorAgentOptions {
  /**
   * Sockets per origin. 100 matches the default send concurrency, so no request waits for a socket;
   * FCM documents no per-connection cap for HTTP/1.1, and 100 keeps one app far below the per-project
   * 600k/min quota.
   */
  readonly connections?: number;
  /** Negotiate HTTP/2 via ALPN on TLS origins (Google recommends it for FCM). Off by default: undici marks it experimental. */
  readonly allowH2?: boolean;
  /** Headers and body timeout per request; a vendor that stays silent longer is treated as down. */
  readonly timeoutMs?: number;
}

/**
 * An undici Agent with keep-alive for a vendor channel: one per channel instance (so per credential),
 * closed by the channel's close(). An Agent rather than a Pool because Web Push talks to as many
 * origins as browsers have push services, and the Agent keeps one pool per origin.
 */
export function createVendorAgent(opts: VendorAgentOptions = {}): Agent {
  const timeout = opts.timeoutMs ?? 30_000;
  return new Agent({
    connections: opts.connections ?? 100,
    // Reuse sockets between sends; vendors drop idle sockets after a few minutes, the server's
    // Keep-Alive hint wins when it sends one.
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 300_000,
    headersTimeout: timeout,
    bodyTimeout: timeout,
    allowH2: opts.allowH2 ?? false,
  });
}

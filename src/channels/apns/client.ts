import { SessionPool, type SessionPoolOptions } from './session-pool.js';
import { exchange, UnprocessedError } from './stream-exchange.js';

/** One APNs request: `POST /3/device/<token>` with the shared headers and body of a send. */
export interface ApnsRequest {
  /** Hex device token. */
  readonly token: string;
  /** `bearer <provider JWT>`. */
  readonly authorization: string;
  readonly headers: Readonly<Record<string, string>>;
  /** UTF-8 JSON, encoded once per message. */
  readonly body: Buffer;
}

/** APNs' answer, with the JSON error body already read (Apple "Handling notification responses"). */
export interface ApnsReply {
  readonly status: number;
  /** Response `apns-id`: ours echoed, or one APNs generated. */
  readonly apnsId: string | null;
  /** The error body's `reason`; null on success or an unreadable body. */
  readonly reason: string | null;
  /** 410 only: when APNs last confirmed the token invalid, ms since epoch. */
  readonly timestamp: number | null;
  readonly retryAfter: string | null;
}

/** The wire seam of the APNs channel. Tests may replace it with a fake. */
export interface ApnsSender {
  /** Sends one request. Resolves with any HTTP status; rejects on network failure, timeout or abort. */
  send(request: ApnsRequest, signal?: AbortSignal): Promise<ApnsReply>;
  /** Closes every connection. Idempotent. */
  close(): Promise<void>;
}

/** How an {@link ApnsHttp2Sender} connects. */
export interface ApnsHttp2SenderOptions extends SessionPoolOptions {
  /** Whole-request budget: waiting for a stream plus APNs' answer. */
  readonly requestTimeoutMs: number;
}

/** Resends of a request the server provably did not process (RFC 9113 §8.7: REFUSED_STREAM, streams after GOAWAY). */
const MAX_UNPROCESSED_RESENDS = 2;

/** {@link ApnsSender} over `node:http2`: a {@link SessionPool} of long-lived TLS connections. */
export class ApnsHttp2Sender implements ApnsSender {
  readonly #pool: SessionPool;
  readonly #timeoutMs: number;

  constructor(opts: ApnsHttp2SenderOptions) {
    this.#pool = new SessionPool(opts);
    this.#timeoutMs = opts.requestTimeoutMs;
  }

  /** Open or opening connections. */
  get sessions(): number {
    return this.#pool.size;
  }

  async send(request: ApnsRequest, signal?: AbortSignal): Promise<ApnsReply> {
    const deadline = Date.now() + this.#timeoutMs;
    for (let resends = 0; ; resends++) {
      const slot =
        this.#pool.tryAcquire() ?? (await this.#pool.acquire(signal, Math.max(1, deadline - Date.now())));
      try {
        const reply = await exchange(slot.session, request, signal, deadline - Date.now());
        // Apple: Shutdown means this server is going away, IdleTimeout that the connection is stale.
        if (reply.reason === 'Shutdown' || reply.reason === 'IdleTimeout') this.#pool.retire(slot);
        return reply;
      } catch (err) {
        if (!(err instanceof UnprocessedError) || resends >= MAX_UNPROCESSED_RESENDS) throw err;
        this.#pool.retire(slot);
      } finally {
        this.#pool.release(slot);
      }
    }
  }

  close(): Promise<void> {
    return this.#pool.close();
  }
}

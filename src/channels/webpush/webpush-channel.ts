import type { Agent } from 'undici';
import { type Clock, systemClock } from '../../domain/clock.js';
import type { Channel, SendOutcome, SendTarget, VendorMessage } from '../channel.js';
import { fanOut } from '../http/fan-out.js';
import { post } from '../http/post.js';
import { createVendorAgent, type VendorAgentOptions } from '../http/vendor-agent.js';
import { encryptWebPush, WEBPUSH_MAX_PLAINTEXT } from './encrypt.js';
import { classifyWebPushReply } from './errors.js';
import { type WebPushHeaders, webPushHeaders, webPushPayload } from './payload.js';
import { parseSubscription } from './subscription.js';
import { type VapidCredential, VapidSigner, validateVapidCredential } from './vapid.js';

/** How a {@link WebPushChannel} is built: one per app VAPID key. */
export interface WebPushChannelOptions {
  readonly vapid: VapidCredential | string;
  readonly clock?: Clock;
  /** Requests in flight per send; every subscription is its own request (RFC 8030 has no batching). */
  readonly maxInFlight?: number;
  /** Accept `http:` endpoints. Only for local mocks; real push services are https (RFC 8030 §3). */
  readonly allowHttpEndpoints?: boolean;
  /**
   * Filter on subscription endpoints. A subscription is whatever a device registered, so without a
   * filter Herald POSTs to any https host it names; deployments that only serve browsers may restrict
   * this to the push services' hosts (fcm.googleapis.com, *.push.services.mozilla.com, *.push.apple.com, …).
   */
  readonly endpointAllowed?: (url: URL) => boolean;
  readonly agent?: VendorAgentOptions;
}

/**
 * The Web Push channel (RFC 8030 delivery, RFC 8291 encryption, RFC 8292 VAPID). A device's token is
 * its browser subscription JSON (see `subscription.ts`); each is encrypted for separately, with a
 * fresh ephemeral key and salt, and POSTed to its own push service endpoint.
 */
export class WebPushChannel implements Channel {
  readonly id = 'webpush' as const;
  readonly #agent: Agent;
  readonly #vapid: VapidSigner;
  readonly #clock: Clock;
  readonly #maxInFlight: number;
  readonly #allowHttp: boolean;
  readonly #endpointAllowed: ((url: URL) => boolean) | undefined;
  #closing: Promise<void> | null = null;

  /** Throws VapidCredentialError when the credential is unusable. */
  constructor(opts: WebPushChannelOptions) {
    this.#clock = opts.clock ?? systemClock;
    this.#vapid = new VapidSigner(validateVapidCredential(opts.vapid), this.#clock);
    this.#maxInFlight = opts.maxInFlight ?? 100;
    this.#allowHttp = opts.allowHttpEndpoints ?? false;
    this.#endpointAllowed = opts.endpointAllowed;
    this.#agent = createVendorAgent({ connections: this.#maxInFlight, ...opts.agent });
  }

  async send(
    message: VendorMessage,
    targets: readonly SendTarget[],
    opts: { signal?: AbortSignal } = {},
  ): Promise<SendOutcome[]> {
    if (this.#closing) throw new Error('Web Push channel is closed');
    opts.signal?.throwIfAborted();
    const plaintext = Buffer.from(webPushPayload(message), 'utf8');
    if (plaintext.length > WEBPUSH_MAX_PLAINTEXT) {
      const reason = `Web Push plaintext ${plaintext.length} B > ${WEBPUSH_MAX_PLAINTEXT} B (RFC 8291 §4)`;
      return targets.map(() => ({ kind: 'rejected', code: 'payload_too_large', reason }));
    }
    const headers = webPushHeaders(message, this.#clock.now());
    const guard = { signal: opts.signal, closed: () => this.#closing !== null };
    return fanOut(targets, this.#maxInFlight, guard, (t) =>
      this.#sendOne(t.token, plaintext, headers, opts.signal),
    );
  }

  close(): Promise<void> {
    this.#closing ??= this.#agent.close();
    return this.#closing;
  }

  async #sendOne(
    token: string,
    plaintext: Buffer,
    headers: WebPushHeaders,
    signal?: AbortSignal,
  ): Promise<SendOutcome> {
    const parsed = parseSubscription(token, this.#allowHttp, this.#endpointAllowed);
    if (!parsed.ok) return { kind: 'rejected', code: 'bad_subscription', reason: parsed.reason };
    const sub = parsed.value;
    let body: Buffer;
    try {
      body = encryptWebPush(plaintext, sub.p256dh, sub.auth);
    } catch (err) {
      // p256dh has the right length but is not a point on P-256: the browser never made this key.
      return {
        kind: 'rejected',
        code: 'bad_subscription',
        reason: `cannot encrypt: ${(err as Error).message}`,
      };
    }
    const reply = await post(this.#agent, sub.endpoint, {
      headers: {
        ...headers,
        'Content-Encoding': 'aes128gcm',
        'Content-Type': 'application/octet-stream',
        Authorization: await this.#vapid.authorization(sub.endpoint),
      },
      body,
      signal,
    });
    return classifyWebPushReply(
      reply.status,
      reply.header('location'),
      reply.header('retry-after'),
      this.#clock.now(),
    );
  }
}

import type { Agent } from 'undici';
import { type Clock, systemClock } from '../../domain/clock.js';
import type { Channel, SendOutcome, SendTarget, VendorMessage } from '../channel.js';
import { sendInBatches } from '../http/batches.js';
import { createVendorAgent, type VendorAgentOptions } from '../http/vendor-agent.js';
import { JPUSH_BASE_URL, JpushHttpSender, type JpushSender } from './client.js';
import { validateJpushCredential } from './credential.js';
import { classifyJpushReply } from './errors.js';
import { JPUSH_MAX_TOKENS, jpushPush, jpushPushFault } from './payload.js';

/** How a {@link JpushChannel} is built: one per app credential. */
export interface JpushChannelOptions {
  /** `{appKey, masterSecret}`; validated on construction. */
  readonly credential: unknown;
  /** JPush host; default `https://api.jpush.cn`. Tests point it at the local mock. */
  readonly baseUrl?: string;
  /** APNs environment for iOS devices. Default true, the API's own default (the SDKs default to false). */
  readonly apnsProduction?: boolean;
  readonly clock?: Clock;
  readonly maxInFlight?: number;
  /**
   * Registration ids per push, 1..1000 (default 1000). JPush reports dead ids only for a push whose
   * ids all fail (1011), so a dead id among live ones goes unnoticed; 1 finds every dead id at the
   * price of one API call per device against the per-minute rate limit.
   */
  readonly maxTokensPerRequest?: number;
  readonly agent?: VendorAgentOptions;
  /** Replaces the HTTP sender (tests). */
  readonly sender?: JpushSender;
}

/**
 * The JPush channel: `POST /v3/push` with `audience.registration_id`, batches sent concurrently over a
 * keep-alive pool. Static Basic auth, so a refused key (1004) is a credential error at once.
 */
export class JpushChannel implements Channel {
  readonly id = 'jpush' as const;
  readonly #agent: Agent;
  readonly #sender: JpushSender;
  readonly #clock: Clock;
  readonly #apnsProduction: boolean;
  readonly #maxInFlight: number;
  readonly #batchSize: number;
  #closing: Promise<void> | null = null;

  /** Throws JpushCredentialError when the credential is unusable. */
  constructor(opts: JpushChannelOptions) {
    const credential = validateJpushCredential(opts.credential);
    this.#clock = opts.clock ?? systemClock;
    this.#apnsProduction = opts.apnsProduction ?? true;
    this.#maxInFlight = opts.maxInFlight ?? 8;
    this.#batchSize = Math.min(JPUSH_MAX_TOKENS, Math.max(1, opts.maxTokensPerRequest ?? JPUSH_MAX_TOKENS));
    this.#agent = createVendorAgent({ connections: this.#maxInFlight, ...opts.agent });
    this.#sender =
      opts.sender ?? new JpushHttpSender(this.#agent, opts.baseUrl ?? JPUSH_BASE_URL, credential);
  }

  async send(
    message: VendorMessage,
    targets: readonly SendTarget[],
    opts: { signal?: AbortSignal } = {},
  ): Promise<SendOutcome[]> {
    if (this.#closing) throw new Error('JPush channel is closed');
    opts.signal?.throwIfAborted();
    if (targets.length === 0) return [];
    const now = this.#clock.now();
    const fault = jpushPushFault(jpushPush(message, [], now, this.#apnsProduction));
    if (fault) return targets.map(() => ({ kind: 'rejected', ...fault }));
    const guard = { signal: opts.signal, closed: () => this.#closing !== null };
    return sendInBatches(targets, this.#batchSize, this.#maxInFlight, guard, async (batch) => {
      const tokens = batch.map((t) => t.token);
      const body = JSON.stringify(jpushPush(message, tokens, now, this.#apnsProduction));
      const reply = await this.#sender.send(body, opts.signal);
      const headers = {
        retryAfter: reply.header('retry-after'),
        rateLimitReset: reply.header('x-rate-limit-reset'),
      };
      return classifyJpushReply(reply.status, reply.text, tokens, headers, this.#clock.now());
    });
  }

  close(): Promise<void> {
    this.#closing ??= this.#agent.close();
    return this.#closing;
  }
}

/**
 * Splits `targets` into requests of `size`, runs them through the shared fan-out (at most `limit` in
 * flight; a network failure becomes a retry for that batch's targets) and flattens back to target order.
 */

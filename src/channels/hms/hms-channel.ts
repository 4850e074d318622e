import type { Agent } from 'undici';
import { type Clock, systemClock } from '../../domain/clock.js';
import type { Channel, SendOutcome, SendTarget, VendorMessage } from '../channel.js';
import { authFailureOutcome } from '../http/auth-error.js';
import { sendInBatches } from '../http/batches.js';
import { createVendorAgent, type VendorAgentOptions } from '../http/vendor-agent.js';
import { HMS_TOKEN_URL, HmsTokenSource } from './auth.js';
import { HMS_BASE_URL, HmsHttpSender, type HmsSender } from './client.js';
import { validateHmsCredential } from './credential.js';
import { classifyHmsReply } from './errors.js';
import {
  HMS_MAX_TOKENS,
  HMS_PAYLOAD_LIMIT_BYTES,
  type HmsMessage,
  hmsMessage,
  hmsPayloadBytes,
  hmsSendBody,
} from './payload.js';

/** How an {@link HmsChannel} is built: one per app credential. */
export interface HmsChannelOptions {
  /** `{appId, clientSecret}`; validated on construction. */
  readonly credential: unknown;
  /** Push Kit host; default Huawei's. Tests point it at the local mock. */
  readonly baseUrl?: string;
  /** OAuth token endpoint; default Huawei's. */
  readonly tokenUrl?: string;
  readonly clock?: Clock;
  /** Batch requests in flight per send. */
  readonly maxInFlight?: number;
  /** Tokens per request, 1..1000 (Push Kit's ceiling and the default). */
  readonly maxTokensPerRequest?: number;
  readonly agent?: VendorAgentOptions;
  /** Replaces the HTTP sender (tests). */
  readonly sender?: HmsSender;
}

/**
 * The Huawei Push Kit channel (server API v1). Up to 1000 tokens per messages:send, batches sent
 * concurrently over a keep-alive pool, one OAuth access token shared by all sends and refreshed once
 * when Push Kit says it expired.
 */
export class HmsChannel implements Channel {
  readonly id = 'huawei' as const;
  readonly #agent: Agent;
  readonly #tokens: HmsTokenSource;
  readonly #sender: HmsSender;
  readonly #clock: Clock;
  readonly #maxInFlight: number;
  readonly #batchSize: number;
  #closing: Promise<void> | null = null;

  /** Throws HmsCredentialError when the credential is unusable. */
  constructor(opts: HmsChannelOptions) {
    const credential = validateHmsCredential(opts.credential);
    this.#clock = opts.clock ?? systemClock;
    this.#maxInFlight = opts.maxInFlight ?? 8;
    this.#batchSize = Math.min(HMS_MAX_TOKENS, Math.max(1, opts.maxTokensPerRequest ?? HMS_MAX_TOKENS));
    this.#agent = createVendorAgent({ connections: this.#maxInFlight, ...opts.agent });
    this.#tokens = new HmsTokenSource({
      credential,
      tokenUrl: opts.tokenUrl ?? HMS_TOKEN_URL,
      dispatcher: this.#agent,
      clock: this.#clock,
    });
    this.#sender =
      opts.sender ?? new HmsHttpSender(this.#agent, opts.baseUrl ?? HMS_BASE_URL, credential.appId);
  }

  async send(
    message: VendorMessage,
    targets: readonly SendTarget[],
    opts: { signal?: AbortSignal } = {},
  ): Promise<SendOutcome[]> {
    if (this.#closing) throw new Error('HMS channel is closed');
    opts.signal?.throwIfAborted();
    if (targets.length === 0) return [];
    const base = hmsMessage(message, this.#clock.now());
    const bytes = hmsPayloadBytes(base);
    if (bytes > HMS_PAYLOAD_LIMIT_BYTES) {
      const reason = `HMS message ${bytes} B > ${HMS_PAYLOAD_LIMIT_BYTES} B (80300008)`;
      return targets.map(() => ({ kind: 'rejected', code: 'payload_too_large', reason }));
    }
    try {
      // One token fetch up front: when the credential is refused, every target says so at once.
      await this.#tokens.get();
    } catch (err) {
      const outcome = authFailureOutcome(err);
      return targets.map(() => outcome);
    }
    const guard = { signal: opts.signal, closed: () => this.#closing !== null };
    return sendInBatches(targets, this.#batchSize, this.#maxInFlight, guard, (batch) =>
      this.#sendBatch(base, batch, opts.signal),
    );
  }

  close(): Promise<void> {
    this.#closing ??= this.#agent.close();
    return this.#closing;
  }

  /** One request; on 80200001/80200003 refresh the access token once and resend, as Huawei's demo does. */
  async #sendBatch(
    base: HmsMessage,
    batch: readonly SendTarget[],
    signal?: AbortSignal,
  ): Promise<SendOutcome[]> {
    const tokens = batch.map((t) => t.token);
    const body = JSON.stringify(hmsSendBody(base, tokens));
    for (let attempt = 0; ; attempt++) {
      let access: string;
      try {
        access = await this.#tokens.get();
      } catch (err) {
        const outcome = authFailureOutcome(err);
        return batch.map(() => outcome);
      }
      const reply = await this.#sender.send(body, access, signal);
      const verdict = classifyHmsReply(
        reply.status,
        reply.text,
        tokens,
        reply.header('retry-after'),
        this.#clock.now(),
      );
      if (verdict.kind === 'outcomes') return verdict.outcomes;
      if (attempt > 0) {
        const reason = `${verdict.reason} (again after a token refresh)`;
        return batch.map(() => ({ kind: 'credential_error', reason }));
      }
      this.#tokens.invalidate(access);
    }
  }
}

/**
 * Splits `targets` into requests of `size`, runs them through the shared fan-out (at most `limit` in
 * flight; a network failure becomes a retry for that batch's targets) and flattens back to target order.
 */

import type { Agent } from 'undici';
import { type Clock, systemClock } from '../../domain/clock.js';
import type { Channel, SendOutcome, SendTarget, VendorMessage } from '../channel.js';
import { sendInBatches } from '../http/batches.js';
import { createVendorAgent, type VendorAgentOptions } from '../http/vendor-agent.js';
import { MEIZU_BASE_URL, MeizuHttpSender, type MeizuSender } from './client.js';
import { validateMeizuCredential } from './credential.js';
import { classifyMeizuReply } from './errors.js';
import { MEIZU_MAX_TOKENS, meizuPayload, meizuPayloadFault } from './payload.js';

/** How a {@link MeizuChannel} is built: one per app credential. */
export interface MeizuChannelOptions {
  /** `{appId, appSecret}`; validated on construction. */
  readonly credential: unknown;
  readonly baseUrl?: string;
  readonly clock?: Clock;
  readonly maxInFlight?: number;
  /** pushIds per request, 1..1000 (the default). */
  readonly maxTokensPerRequest?: number;
  readonly agent?: VendorAgentOptions;
  /** Replaces the HTTP sender (tests). */
  readonly sender?: MeizuSender;
}

/**
 * The Meizu Flyme Push channel: `pushByPushId` with up to 1000 comma-separated pushIds, each request
 * signed with the AppSecret (no token exchange, so a refused sign, 1006, is a credential error at once).
 * Failed pushIds come back per code in `value`.
 */
export class MeizuChannel implements Channel {
  readonly id = 'meizu' as const;
  readonly #agent: Agent;
  readonly #sender: MeizuSender;
  readonly #clock: Clock;
  readonly #maxInFlight: number;
  readonly #batchSize: number;
  #closing: Promise<void> | null = null;

  /** Throws MeizuCredentialError when the credential is unusable. */
  constructor(opts: MeizuChannelOptions) {
    const credential = validateMeizuCredential(opts.credential);
    this.#clock = opts.clock ?? systemClock;
    this.#maxInFlight = opts.maxInFlight ?? 8;
    this.#batchSize = Math.min(MEIZU_MAX_TOKENS, Math.max(1, opts.maxTokensPerRequest ?? MEIZU_MAX_TOKENS));
    this.#agent = createVendorAgent({ connections: this.#maxInFlight, ...opts.agent });
    this.#sender =
      opts.sender ?? new MeizuHttpSender(this.#agent, opts.baseUrl ?? MEIZU_BASE_URL, credential);
  }

  async send(
    message: VendorMessage,
    targets: readonly SendTarget[],
    opts: { signal?: AbortSignal } = {},
  ): Promise<SendOutcome[]> {
    if (this.#closing) throw new Error('Meizu channel is closed');
    opts.signal?.throwIfAborted();
    if (targets.length === 0) return [];
    const payload = meizuPayload(message, this.#clock.now());
    const fault = meizuPayloadFault(payload);
    if (fault) return targets.map(() => ({ kind: 'rejected', ...fault }));
    const guard = { signal: opts.signal, closed: () => this.#closing !== null };
    return sendInBatches(targets, this.#batchSize, this.#maxInFlight, guard, async (batch) => {
      const tokens = batch.map((t) => t.token);
      const reply = await this.#sender.push(payload.kind, tokens, payload.messageJson, opts.signal);
      return classifyMeizuReply(
        reply.status,
        reply.text,
        tokens,
        reply.header('retry-after'),
        this.#clock.now(),
      );
    });
  }

  close(): Promise<void> {
    this.#closing ??= this.#agent.close();
    return this.#closing;
  }
}

/** Splits `targets` into requests of `size` through the shared fan-out and flattens back to target order. */

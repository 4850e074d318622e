import type { Agent } from 'undici';
import { type Clock, systemClock } from '../../domain/clock.js';
import type { Channel, SendOutcome, SendTarget, VendorMessage } from '../channel.js';
import { sendInBatches } from '../http/batches.js';
import { createVendorAgent, type VendorAgentOptions } from '../http/vendor-agent.js';
import { XIAOMI_BASE_URL, XiaomiHttpSender, type XiaomiSender } from './client.js';
import { validateXiaomiCredential } from './credential.js';
import { classifyXiaomiReply } from './errors.js';
import { XIAOMI_MAX_TOKENS, type XiaomiForm, xiaomiForm, xiaomiFormFault } from './payload.js';

/** How a {@link XiaomiChannel} is built: one per app credential (and region host). */
export interface XiaomiChannelOptions {
  /** `{appSecret, packageName}`; validated on construction. */
  readonly credential: unknown;
  /** MiPush host for the app's region; default mainland China. Tests point it at the local mock. */
  readonly baseUrl?: string;
  readonly clock?: Clock;
  /** Batch requests in flight per send. */
  readonly maxInFlight?: number;
  /** Regids per request, 1..1000 (the default). */
  readonly maxTokensPerRequest?: number;
  readonly agent?: VendorAgentOptions;
  /** Replaces the HTTP sender (tests). */
  readonly sender?: XiaomiSender;
}

/**
 * The Xiaomi MiPush channel: `/v3/message/regid` with up to 1000 comma-separated regids per request,
 * batches sent concurrently over a keep-alive pool. MiPush has no token exchange: the AppSecret is the
 * key on every request, so a refused key is a credential error at once.
 */
export class XiaomiChannel implements Channel {
  readonly id = 'xiaomi' as const;
  readonly #agent: Agent;
  readonly #sender: XiaomiSender;
  readonly #packageName: string;
  readonly #clock: Clock;
  readonly #maxInFlight: number;
  readonly #batchSize: number;
  #closing: Promise<void> | null = null;

  /** Throws XiaomiCredentialError when the credential is unusable. */
  constructor(opts: XiaomiChannelOptions) {
    const credential = validateXiaomiCredential(opts.credential);
    this.#packageName = credential.packageName;
    this.#clock = opts.clock ?? systemClock;
    this.#maxInFlight = opts.maxInFlight ?? 8;
    this.#batchSize = Math.min(XIAOMI_MAX_TOKENS, Math.max(1, opts.maxTokensPerRequest ?? XIAOMI_MAX_TOKENS));
    this.#agent = createVendorAgent({ connections: this.#maxInFlight, ...opts.agent });
    this.#sender =
      opts.sender ?? new XiaomiHttpSender(this.#agent, opts.baseUrl ?? XIAOMI_BASE_URL, credential.appSecret);
  }

  async send(
    message: VendorMessage,
    targets: readonly SendTarget[],
    opts: { signal?: AbortSignal } = {},
  ): Promise<SendOutcome[]> {
    if (this.#closing) throw new Error('Xiaomi channel is closed');
    opts.signal?.throwIfAborted();
    if (targets.length === 0) return [];
    const form = xiaomiForm(message, this.#packageName, this.#clock.now());
    const fault = xiaomiFormFault(form);
    if (fault) return targets.map(() => ({ kind: 'rejected', ...fault }));
    const guard = { signal: opts.signal, closed: () => this.#closing !== null };
    return sendInBatches(targets, this.#batchSize, this.#maxInFlight, guard, (batch) =>
      this.#sendBatch(form, batch, opts.signal),
    );
  }

  close(): Promise<void> {
    this.#closing ??= this.#agent.close();
    return this.#closing;
  }

  async #sendBatch(
    form: XiaomiForm,
    batch: readonly SendTarget[],
    signal?: AbortSignal,
  ): Promise<SendOutcome[]> {
    const tokens = batch.map((t) => t.token);
    const reply = await this.#sender.send({ ...form, registration_id: tokens.join(',') }, signal);
    return classifyXiaomiReply(
      reply.status,
      reply.text,
      tokens,
      reply.header('retry-after'),
      this.#clock.now(),
    );
  }
}

/**
 * Splits `targets` into requests of `size`, runs them through the shared fan-out (at most `limit` in
 * flight; a network failure becomes a retry for that batch's targets) and flattens back to target order.
 */

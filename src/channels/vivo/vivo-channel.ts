import { randomUUID } from 'node:crypto';
import type { Agent } from 'undici';
import { type Clock, systemClock } from '../../domain/clock.js';
import type { Channel, SendOutcome, SendTarget, VendorMessage } from '../channel.js';
import { authFailureOutcome } from '../http/auth-error.js';
import { type FanOutGuard, fanOut, NETWORK_RETRY_MS } from '../http/fan-out.js';
import { createVendorAgent, type VendorAgentOptions } from '../http/vendor-agent.js';
import { VivoApi, type VivoCall } from './api.js';
import { VivoTokenSource } from './auth.js';
import { batchesOfTwoOrMore } from './batches.js';
import { VIVO_BASE_URL, VivoHttpSender, type VivoSender } from './client.js';
import { validateVivoCredential } from './credential.js';
import { pushToListOutcomes } from './errors.js';
import {
  VIVO_MAX_TOKENS,
  type VivoNotification,
  vivoFault,
  vivoNotification,
  vivoRequestId,
} from './payload.js';

/** How a {@link VivoChannel} is built: one per app credential. */
export interface VivoChannelOptions {
  /** `{appId, appKey, appSecret}`; validated on construction. */
  readonly credential: unknown;
  readonly baseUrl?: string;
  readonly clock?: Clock;
  readonly maxInFlight?: number;
  /** regIds per pushToList, 3..1000 (default 1000); 3 at least so a lone tail can borrow one. */
  readonly maxTokensPerRequest?: number;
  readonly agent?: VendorAgentOptions;
  /** Replaces the HTTP sender (tests). */
  readonly sender?: VivoSender;
}

/**
 * The vivo Push channel. One target: `/message/send`. Several: the notification is saved once
 * (`/message/saveListPayload` → taskId), then `/message/pushToList` with 2..1000 regIds per request.
 * The authToken is shared, sent as a header, and refreshed once when vivo refuses it.
 */
export class VivoChannel implements Channel {
  readonly id = 'vivo' as const;
  readonly #agent: Agent;
  readonly #tokens: VivoTokenSource;
  readonly #api: VivoApi;
  readonly #appId: string;
  readonly #clock: Clock;
  readonly #maxInFlight: number;
  readonly #batchSize: number;
  #closing: Promise<void> | null = null;

  /** Throws VivoCredentialError when the credential is unusable. */
  constructor(opts: VivoChannelOptions) {
    const credential = validateVivoCredential(opts.credential);
    this.#appId = credential.appId;
    this.#clock = opts.clock ?? systemClock;
    this.#maxInFlight = opts.maxInFlight ?? 8;
    this.#batchSize = Math.min(VIVO_MAX_TOKENS, Math.max(3, opts.maxTokensPerRequest ?? VIVO_MAX_TOKENS));
    this.#agent = createVendorAgent({ connections: this.#maxInFlight, ...opts.agent });
    const sender = opts.sender ?? new VivoHttpSender(this.#agent, opts.baseUrl ?? VIVO_BASE_URL);
    this.#tokens = new VivoTokenSource(credential, sender, this.#clock);
    this.#api = new VivoApi(sender, this.#tokens, this.#clock);
  }

  async send(
    message: VendorMessage,
    targets: readonly SendTarget[],
    opts: { signal?: AbortSignal } = {},
  ): Promise<SendOutcome[]> {
    if (this.#closing) throw new Error('vivo channel is closed');
    const { signal } = opts;
    signal?.throwIfAborted();
    if (targets.length === 0) return [];
    const n = vivoNotification(message, this.#appId, this.#clock.now());
    const fault = vivoFault(message, n);
    if (fault) return targets.map(() => ({ kind: 'rejected', ...fault }));
    try {
      await this.#tokens.get();
    } catch (err) {
      const outcome = authFailureOutcome(err);
      return targets.map(() => outcome);
    }
    const guard = { signal, closed: () => this.#closing !== null };
    if (targets.length === 1) {
      return sendInBatches([targets], 1, guard, async ([t]) => {
        const regId = t?.token ?? '';
        const call = await this.#api.call(
          '/message/send',
          { ...n, regId, requestId: vivoRequestId(message.id, regId) },
          signal,
        );
        if ('failed' in call) return [call.failed];
        return [{ kind: 'delivered', vendorMessageId: String(call.ok.taskId) }];
      });
    }
    const saved = await this.#save(n, guard);
    if ('failed' in saved) return targets.map(() => saved.failed);
    const taskId = String(saved.ok.taskId);
    return sendInBatches(
      batchesOfTwoOrMore(targets, this.#batchSize),
      this.#maxInFlight,
      guard,
      async (batch) => {
        const regIds = batch.map((t) => t.token);
        const body = { appId: this.#appId, regIds, taskId, requestId: randomUUID() };
        const call = await this.#api.call('/message/pushToList', body, signal);
        return 'failed' in call ? batch.map(() => call.failed) : pushToListOutcomes(call.ok, regIds);
      },
    );
  }

  close(): Promise<void> {
    this.#closing ??= this.#agent.close();
    return this.#closing;
  }

  /** saveListPayload; a network failure is a retry for the whole send (unless closed/aborted). */
  async #save(n: VivoNotification, guard: FanOutGuard): Promise<VivoCall> {
    try {
      const call = await this.#api.call(
        '/message/saveListPayload',
        { ...n, requestId: randomUUID() },
        guard.signal,
      );
      if ('ok' in call && call.ok.taskId === undefined) {
        return {
          failed: { kind: 'retry', afterMs: NETWORK_RETRY_MS, reason: 'vivo saveListPayload: no taskId' },
        };
      }
      return call;
    } catch (err) {
      guard.signal?.throwIfAborted();
      if (guard.closed()) throw new Error('channel closed during send', { cause: err });
      return {
        failed: { kind: 'retry', afterMs: NETWORK_RETRY_MS, reason: `network: ${(err as Error).message}` },
      };
    }
  }
}

/** Runs prepared batches through the shared fan-out and flattens back to target order. */
async function sendInBatches(
  batches: readonly (readonly SendTarget[])[],
  limit: number,
  guard: FanOutGuard,
  fn: (batch: readonly SendTarget[]) => Promise<SendOutcome[]>,
): Promise<SendOutcome[]> {
  const results: Array<SendOutcome[] | undefined> = [];
  const failures = await fanOut(batches, limit, guard, async (batch, i) => {
    results[i] = await fn(batch);
    return { kind: 'delivered' };
  });
  return batches.flatMap((batch, i) => results[i] ?? batch.map(() => failures[i] as SendOutcome));
}

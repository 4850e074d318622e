import type { Agent } from 'undici';
import { type Clock, systemClock } from '../../domain/clock.js';
import type { Channel, SendOutcome, SendTarget, VendorMessage } from '../channel.js';
import { authFailureOutcome } from '../http/auth-error.js';
import { sendInBatches } from '../http/batches.js';
import { type FanOutGuard, NETWORK_RETRY_MS } from '../http/fan-out.js';
import { createVendorAgent, type VendorAgentOptions } from '../http/vendor-agent.js';
import { OppoApi, type OppoCall } from './api.js';
import { OppoTokenSource } from './auth.js';
import { OPPO_BASE_URL, OppoHttpSender, type OppoSender } from './client.js';
import { validateOppoCredential } from './credential.js';
import { broadcastOutcomes } from './errors.js';
import {
  OPPO_MAX_TOKENS,
  type OppoNotification,
  oppoNotification,
  oppoNotificationFault,
} from './payload.js';

const PATH = {
  unicast: '/server/v1/message/notification/unicast',
  save: '/server/v1/message/notification/save_message_content',
  broadcast: '/server/v1/message/notification/broadcast',
} as const;

/** How an {@link OppoChannel} is built: one per app credential (and region host). */
export interface OppoChannelOptions {
  /** `{appKey, masterSecret}`; validated on construction. */
  readonly credential: unknown;
  /** OPPO host for the devices' region; default mainland China. Tests point it at the local mock. */
  readonly baseUrl?: string;
  readonly clock?: Clock;
  readonly maxInFlight?: number;
  /** Registration ids per broadcast, 1..1000 (the default). */
  readonly maxTokensPerRequest?: number;
  readonly agent?: VendorAgentOptions;
  /** Replaces the HTTP sender (tests). */
  readonly sender?: OppoSender;
}

/**
 * The OPPO Push channel (server API v1). One target: `unicast`. Several: the notification is saved once
 * (`save_message_content`), then `broadcast` to up to 1000 `;`-separated registration ids per request,
 * whose answer lists failed ids per error code. The auth_token is shared and refreshed once on 11.
 */
export class OppoChannel implements Channel {
  readonly id = 'oppo' as const;
  readonly #agent: Agent;
  readonly #tokens: OppoTokenSource;
  readonly #api: OppoApi;
  readonly #clock: Clock;
  readonly #maxInFlight: number;
  readonly #batchSize: number;
  #closing: Promise<void> | null = null;

  /** Throws OppoCredentialError when the credential is unusable. */
  constructor(opts: OppoChannelOptions) {
    const credential = validateOppoCredential(opts.credential);
    this.#clock = opts.clock ?? systemClock;
    this.#maxInFlight = opts.maxInFlight ?? 8;
    this.#batchSize = Math.min(OPPO_MAX_TOKENS, Math.max(1, opts.maxTokensPerRequest ?? OPPO_MAX_TOKENS));
    this.#agent = createVendorAgent({ connections: this.#maxInFlight, ...opts.agent });
    const sender = opts.sender ?? new OppoHttpSender(this.#agent, opts.baseUrl ?? OPPO_BASE_URL);
    this.#tokens = new OppoTokenSource(credential, sender, this.#clock);
    this.#api = new OppoApi(sender, this.#tokens, this.#clock);
  }

  async send(
    message: VendorMessage,
    targets: readonly SendTarget[],
    opts: { signal?: AbortSignal } = {},
  ): Promise<SendOutcome[]> {
    if (this.#closing) throw new Error('OPPO channel is closed');
    const { signal } = opts;
    signal?.throwIfAborted();
    if (targets.length === 0) return [];
    const n = oppoNotification(message, this.#clock.now());
    const fault = oppoNotificationFault(message, n);
    if (fault) return targets.map(() => ({ kind: 'rejected', ...fault }));
    try {
      await this.#tokens.get();
    } catch (err) {
      const outcome = authFailureOutcome(err);
      return targets.map(() => outcome);
    }
    const guard = { signal, closed: () => this.#closing !== null };
    if (targets.length === 1) {
      return sendInBatches(targets, 1, 1, guard, async ([t]) => {
        // target_type 2: target_value is a registration id.
        const unicast = JSON.stringify({ target_type: 2, target_value: t?.token, notification: n });
        const call = await this.#api.call(PATH.unicast, { message: unicast }, signal);
        if ('failed' in call) return [call.failed];
        const id = call.ok.messageId;
        return [typeof id === 'string' ? { kind: 'delivered', vendorMessageId: id } : { kind: 'delivered' }];
      });
    }
    const saved = await this.#save(n, guard);
    if ('failed' in saved) return targets.map(() => saved.failed);
    const messageId = String(saved.ok.message_id);
    return sendInBatches(targets, this.#batchSize, this.#maxInFlight, guard, async (batch) => {
      const tokens = batch.map((t) => t.token);
      const form = { message_id: messageId, target_type: '2', target_value: tokens.join(';') };
      const call = await this.#api.call(PATH.broadcast, form, signal);
      return 'failed' in call ? batch.map(() => call.failed) : broadcastOutcomes(call.ok, tokens);
    });
  }

  close(): Promise<void> {
    this.#closing ??= this.#agent.close();
    return this.#closing;
  }

  /** save_message_content, with a network failure as a retry for the whole send (unless closed/aborted). */
  async #save(n: OppoNotification, guard: FanOutGuard): Promise<OppoCall> {
    const form = Object.fromEntries(Object.entries(n).map(([k, v]) => [k, String(v)]));
    try {
      const call = await this.#api.call(PATH.save, form, guard.signal);
      if ('ok' in call && typeof call.ok.message_id !== 'string') {
        return {
          failed: {
            kind: 'retry',
            afterMs: NETWORK_RETRY_MS,
            reason: 'OPPO save_message_content: no message_id',
          },
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

/** Splits `targets` into requests of `size` through the shared fan-out and flattens back to target order. */

import type { Agent } from 'undici';
import { type Clock, systemClock } from '../../domain/clock.js';
import type { Channel, SendOutcome, SendTarget, VendorMessage } from '../channel.js';
import { authFailureOutcome } from '../http/auth-error.js';
import { fanOut } from '../http/fan-out.js';
import { createVendorAgent, type VendorAgentOptions } from '../http/vendor-agent.js';
import { AccessTokenSource, GOOGLE_TOKEN_URI } from './access-token.js';
import { FCM_BASE_URL, FcmHttpSender, type FcmSender } from './client.js';
import { type FcmCredential, validateFcmCredential } from './credential.js';
import { reservedDataKey } from './data-map.js';
import { classifyFcmReply } from './errors.js';
import { FCM_PAYLOAD_LIMIT_BYTES, type FcmMessage, fcmMessage, fcmPayloadBytes } from './payload.js';

/** How an {@link FcmChannel} is built: one per app service account. */
export interface FcmChannelOptions {
  /** The service-account JSON; validated on construction. */
  readonly credential: FcmCredential | string;
  /** FCM host; default Google's. Tests point it at the local mock. */
  readonly baseUrl?: string;
  /**
   * Where to POST the JWT-bearer grant; default Google's. Deliberately not the credential's own
   * `token_uri`, so a tenant-supplied key file cannot make Herald post signed assertions elsewhere.
   */
  readonly tokenUri?: string;
  readonly clock?: Clock;
  /** Requests in flight per send. v1 takes one token per request, so a fan-out is this many at once. */
  readonly maxInFlight?: number;
  readonly agent?: VendorAgentOptions;
}

/**
 * The FCM HTTP v1 channel. One request per token (v1 has no multicast; the batch endpoint is shut
 * down), sent concurrently over a keep-alive pool with an OAuth 2.0 access token shared by all sends.
 */
export class FcmChannel implements Channel {
  readonly id = 'fcm' as const;
  readonly #agent: Agent;
  readonly #tokens: AccessTokenSource;
  readonly #sender: FcmSender;
  readonly #clock: Clock;
  readonly #maxInFlight: number;
  #closing: Promise<void> | null = null;

  /** Throws FcmCredentialError when the credential is unusable. */
  constructor(opts: FcmChannelOptions) {
    const credential = validateFcmCredential(opts.credential);
    this.#clock = opts.clock ?? systemClock;
    this.#maxInFlight = opts.maxInFlight ?? 100;
    this.#agent = createVendorAgent({ connections: this.#maxInFlight, ...opts.agent });
    this.#tokens = new AccessTokenSource({
      credential,
      tokenUri: opts.tokenUri ?? GOOGLE_TOKEN_URI,
      dispatcher: this.#agent,
      clock: this.#clock,
    });
    this.#sender = new FcmHttpSender(this.#agent, opts.baseUrl ?? FCM_BASE_URL, credential.project_id);
  }

  async send(
    message: VendorMessage,
    targets: readonly SendTarget[],
    opts: { signal?: AbortSignal } = {},
  ): Promise<SendOutcome[]> {
    if (this.#closing) throw new Error('FCM channel is closed');
    opts.signal?.throwIfAborted();
    const base = fcmMessage(message, '', this.#clock.now()).message;
    const refused = preflight(base);
    if (targets.length === 0) return [];
    if (refused) return targets.map(() => refused);
    try {
      // One token fetch up front: when the key is refused, every target says so without N token requests.
      await this.#tokens.get();
    } catch (err) {
      const outcome = authFailureOutcome(err);
      return targets.map(() => outcome);
    }
    const guard = { signal: opts.signal, closed: () => this.#closing !== null };
    return fanOut(targets, this.#maxInFlight, guard, (t) =>
      this.#sendOne({ ...base, token: t.token }, opts.signal),
    );
  }

  close(): Promise<void> {
    this.#closing ??= this.#agent.close();
    return this.#closing;
  }

  /** One token: send, and on a bare 401 refresh the access token once and resend (FCM "Error codes"). */
  async #sendOne(message: FcmMessage, signal: AbortSignal | undefined): Promise<SendOutcome> {
    const body = JSON.stringify({ message });
    for (let attempt = 0; ; attempt++) {
      let access: string;
      try {
        access = await this.#tokens.get();
      } catch (err) {
        return authFailureOutcome(err);
      }
      const reply = await this.#sender.send(body, access, signal);
      const verdict = classifyFcmReply(
        reply.status,
        reply.text,
        reply.header('retry-after'),
        this.#clock.now(),
      );
      if (verdict.kind !== 'reauth') return verdict;
      if (attempt > 0)
        return { kind: 'credential_error', reason: `${verdict.reason} (again after a token refresh)` };
      this.#tokens.invalidate(access);
    }
  }
}

/** Refusals decided without a request: over FCM's 4096-byte limit, or a data key FCM reserves. */
function preflight(message: FcmMessage): SendOutcome | null {
  const bytes = fcmPayloadBytes(message);
  if (bytes > FCM_PAYLOAD_LIMIT_BYTES) {
    return {
      kind: 'rejected',
      code: 'payload_too_large',
      reason: `FCM payload ${bytes} B > ${FCM_PAYLOAD_LIMIT_BYTES} B`,
    };
  }
  const reserved = reservedDataKey(message.data);
  if (reserved !== null) {
    return { kind: 'rejected', code: 'reserved_data_key', reason: `FCM reserves the data key "${reserved}"` };
  }
  return null;
}

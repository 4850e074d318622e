import { type Clock, systemClock } from '../../domain/clock.js';
import type { Channel, SendOutcome, SendTarget, VendorMessage } from '../channel.js';
import { fanOut } from '../http/fan-out.js';
import { ApnsHttp2Sender, type ApnsRequest, type ApnsSender } from './client.js';
import { APNS_HOSTS, type ApnsCredential, validateApnsCredential } from './credential.js';
import { classifyApnsReply } from './errors.js';
import { apnsPayload, apnsPreflight } from './payload.js';
import { ProviderTokenSource } from './provider-token.js';

/** How an {@link ApnsChannel} is built: one per app credential. */
export interface ApnsChannelOptions {
  /** Validated on construction. */
  readonly credential: ApnsCredential;
  /** APNs origin; default Apple's host for the credential's environment. Tests point it at the mock. */
  readonly baseUrl?: string;
  /** Trust for a private endpoint (the mock's self-signed certificate). */
  readonly ca?: string | Buffer;
  readonly rejectUnauthorized?: boolean;
  readonly clock?: Clock;
  /** HTTP/2 connections; Apple allows several and wants them long-lived. Default 2. */
  readonly sessions?: number;
  /** Our cap on streams per connection, under APNs' own SETTINGS (about 1000 once authenticated). Default 1000. */
  readonly maxStreamsPerSession?: number;
  /** Requests in flight per send(); the pool queues beyond its streams. Default 1000. */
  readonly maxInFlight?: number;
  /** Budget per request, queueing included. APNs answers in well under a second; default 15 s. */
  readonly requestTimeoutMs?: number;
  /** Idle-connection PING interval; default 60 s, well under APNs' idle timeout. */
  readonly pingIntervalMs?: number;
  /** Replaces the HTTP/2 sender (tests). */
  readonly sender?: ApnsSender;
}

/** A message made ready to send once, whatever the number of send() calls and targets. */
interface Prepared {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  readonly refused: SendOutcome | null;
}

// Device tokens are hex (Apple: "the device token as a hexadecimal string"); anything else would
// change the request path and can never be a valid token.
const HEX = /^[0-9a-fA-F]+$/;

/**
 * The APNs provider-API channel: one HTTP/2 request per device token (APNs has no multicast), sent
 * concurrently over a small pool of long-lived connections, all authenticated by one provider JWT.
 */
export class ApnsChannel implements Channel {
  readonly id = 'apns' as const;
  readonly #credential: ApnsCredential;
  readonly #clock: Clock;
  readonly #tokens: ProviderTokenSource;
  readonly #sender: ApnsSender;
  readonly #maxInFlight: number;
  // Keyed by the message object: the core sends one message in several batches, and it is immutable.
  readonly #prepared = new WeakMap<VendorMessage, Prepared>();
  /** `bearer <jwt>`, built once per token rather than once per request. */
  #bearer = { jwt: '', header: '' };
  #closing: Promise<void> | null = null;

  /** Throws ApnsCredentialError when the credential is unusable. */
  constructor(opts: ApnsChannelOptions) {
    this.#credential = validateApnsCredential(opts.credential);
    this.#clock = opts.clock ?? systemClock;
    this.#maxInFlight = opts.maxInFlight ?? 1000;
    this.#tokens = new ProviderTokenSource({ ...this.#credential, clock: this.#clock });
    this.#sender =
      opts.sender ??
      new ApnsHttp2Sender({
        origin: opts.baseUrl ?? APNS_HOSTS[this.#credential.environment],
        size: opts.sessions ?? 2,
        maxStreamsPerSession: opts.maxStreamsPerSession ?? 1000,
        requestTimeoutMs: opts.requestTimeoutMs ?? 15_000,
        pingIntervalMs: opts.pingIntervalMs ?? 60_000,
        ca: opts.ca,
        rejectUnauthorized: opts.rejectUnauthorized,
      });
  }

  async send(
    message: VendorMessage,
    targets: readonly SendTarget[],
    opts: { signal?: AbortSignal } = {},
  ): Promise<SendOutcome[]> {
    if (this.#closing) throw new Error('APNs channel is closed');
    opts.signal?.throwIfAborted();
    if (targets.length === 0) return [];
    const prepared = this.#prepare(message);
    const { refused } = prepared;
    if (refused) return targets.map(() => refused);
    try {
      // Sign once up front: an unusable key fails every target without N signing attempts.
      if (this.#tokens.peek() === null) await this.#tokens.get();
    } catch (err) {
      const outcome: SendOutcome = { kind: 'credential_error', reason: (err as Error).message };
      return targets.map(() => outcome);
    }
    const guard = { signal: opts.signal, closed: () => this.#closing !== null };
    return fanOut(targets, this.#maxInFlight, guard, (t) => this.#sendOne(prepared, t.token, opts.signal));
  }

  close(): Promise<void> {
    this.#closing ??= this.#sender.close();
    return this.#closing;
  }

  /** Payload, headers and preflight verdict of a message, computed on its first send() only. */
  #prepare(message: VendorMessage): Prepared {
    let prepared = this.#prepared.get(message);
    if (!prepared) {
      const parts = apnsPayload(message, { topic: this.#credential.topic });
      const refused = apnsPreflight(message, parts);
      prepared = { headers: parts.headers, body: Buffer.from(parts.body, 'utf8'), refused };
      this.#prepared.set(message, prepared);
    }
    return prepared;
  }

  /** One token, with at most one JWT refresh (ExpiredProviderToken) and one resend (Shutdown, IdleTimeout). */
  async #sendOne(prepared: Prepared, token: string, signal: AbortSignal | undefined): Promise<SendOutcome> {
    if (!HEX.test(token)) return { kind: 'invalid_token', reason: 'APNs device token is not hexadecimal' };
    let jwt: string;
    try {
      jwt = this.#tokens.peek() ?? (await this.#tokens.get());
    } catch (err) {
      return { kind: 'credential_error', reason: (err as Error).message };
    }
    let refreshed = false;
    let resent = false;
    for (;;) {
      if (this.#bearer.jwt !== jwt) this.#bearer = { jwt, header: `bearer ${jwt}` };
      const request: ApnsRequest = {
        token,
        authorization: this.#bearer.header,
        headers: prepared.headers,
        body: prepared.body,
      };
      const reply = await this.#sender.send(request, signal);
      const verdict = classifyApnsReply(reply, this.#clock.now());
      if (verdict.kind === 'refresh_token') {
        const next: string | null = refreshed ? null : await this.#tokens.refresh(jwt).catch(() => null);
        if (next === null)
          return { kind: 'credential_error', reason: `${verdict.reason} (after a token refresh)` };
        refreshed = true;
        jwt = next;
      } else if (verdict.kind === 'resend') {
        if (resent) return verdict.fallback;
        resent = true;
      } else {
        return verdict;
      }
    }
  }
}

import {
  COLLAPSE_KEYED_VENDORS,
  type SendOutcome,
  type SendTarget,
  type VendorMessage,
} from '../channels/channel.js';
import type { Clock } from '../domain/clock.js';
import type { Vendor } from '../domain/device.js';
import type { Message } from '../domain/message.js';
import { DEFAULT_ROUTING } from '../domain/routing.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { Store, VendorLeg, VendorSettlement } from '../store/store.js';
import type { HourlyStats } from './hourly-stats.js';
import type { VendorChannels } from './vendor-channels.js';
import type { VendorPacer } from './vendor-pacer.js';
import type { WebhookEvents } from './webhook-events.js';

export interface VendorRelayOptions {
  /** Legs claimed per round. */
  readonly batchSize?: number;
  /** How often due legs are looked for when nothing announced them. */
  readonly pollMs?: number;
  /** A claimed leg is another node's again after this long (a crash mid-send). */
  readonly leaseMs?: number;
  /** Retryable failures per leg before its vendor is given up on. */
  readonly maxAttempts?: number;
  readonly retryBaseMs?: number;
  /** Tokens the device has not refreshed for this long are not used (FCM advises 270 days). */
  readonly tokenStaleMs?: number;
  readonly events?: WebhookEvents;
  readonly stats?: HourlyStats;
}

/** One device's way through the vendor sequence within a round. */
interface Attempt {
  readonly leg: VendorLeg;
  readonly tokens: Partial<Record<Vendor, string>>;
  readonly candidates: readonly Vendor[];
  next: number;
  lastVendor: Vendor | null;
  lastError: string;
}

export const DEFAULT_TOKEN_STALE_MS = 270 * 24 * 3600 * 1000;

/**
 * Sends the vendor legs of deliveries as they fall due: a vendor_only push at once, a combined
 * one when the own channel got no ack in time. For each device the push's vendor sequence is
 * walked: the first vendor it has a live token for and the app a working credential for is used;
 * a hard failure (dead token, refused credential, rejected payload) moves on to the next vendor at
 * once; a transient failure retries the leg later with backoff; a quota pauses that vendor for
 * the app.
 */
export class VendorRelay {
  readonly #store: Store;
  readonly #channels: VendorChannels;
  readonly #pacer: VendorPacer;
  readonly #clock: Clock;
  readonly #metrics: Metrics;
  readonly #log: Logger;
  readonly #o: Required<Omit<VendorRelayOptions, 'events' | 'stats'>>;
  readonly #events: WebhookEvents | undefined;
  readonly #stats: HourlyStats | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #stopping = false;
  #wake: { at: number; timer: NodeJS.Timeout } | undefined;

  constructor(
    store: Store,
    channels: VendorChannels,
    pacer: VendorPacer,
    clock: Clock,
    metrics: Metrics,
    log: Logger,
    opts: VendorRelayOptions = {},
  ) {
    this.#store = store;
    this.#channels = channels;
    this.#pacer = pacer;
    this.#clock = clock;
    this.#metrics = metrics;
    this.#log = log;
    const { events, stats, ...rest } = opts;
    this.#events = events;
    this.#stats = stats;
    this.#o = {
      batchSize: 500,
      pollMs: 250,
      leaseMs: 60_000,
      maxAttempts: 8,
      retryBaseMs: 1000,
      tokenStaleMs: DEFAULT_TOKEN_STALE_MS,
      ...rest,
    };
  }

  start(): void {
    this.#timer = setInterval(() => this.kick(), this.#o.pollMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    clearInterval(this.#timer);
    clearTimeout(this.#wake?.timer);
    await this.#running;
    await this.#channels.close();
  }

  /** Runs a round at `at` (a leg queued now falls due then), without waiting for the next poll. */
  wakeAt(at: number): void {
    const wait = at - this.#clock.now();
    if (wait <= 0) {
      this.kick();
      return;
    }
    // One timer, for the earliest due time: later ones are caught by that round or the poll.
    if (this.#wake && this.#wake.at <= at) return;
    clearTimeout(this.#wake?.timer);
    const timer = setTimeout(
      () => {
        this.#wake = undefined;
        this.kick();
      },
      Math.min(wait, 2 ** 31 - 1),
    );
    timer.unref();
    this.#wake = { at, timer };
  }

  /** Looks for due legs now; calls during a round are folded into one more round. */
  kick(): void {
    if (this.#stopping) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#drain()
      .catch((err: unknown) =>
        this.#log.error({ err }, 'vendor relay round failed; legs retry after their lease'),
      )
      .finally(() => {
        this.#running = undefined;
        if (this.#again) {
          this.#again = false;
          this.kick();
        }
      });
  }

  /** Resolves when no round is running (tests). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async #drain(): Promise<void> {
    while (!this.#stopping && (await this.#round()) === this.#o.batchSize) {}
  }

  async #round(): Promise<number> {
    const now = this.#clock.now();
    const legs = await this.#store.deliveries.claimVendorDue(now, this.#o.leaseMs, this.#o.batchSize);
    if (legs.length === 0) return 0;
    const byMessage = new Map<string, VendorLeg[]>();
    for (const l of legs) byMessage.set(l.messageId, [...(byMessage.get(l.messageId) ?? []), l]);
    const settled: VendorSettlement[] = [];
    await Promise.all(
      [...byMessage.values()].map(async (group) => {
        const first = group[0]!;
        const message = await this.#store.tasks.getMessage(first.appId, first.messageId);
        settled.push(...(await this.#sendMessage(message, group, now)));
      }),
    );
    await this.#store.deliveries.settleVendor(settled, this.#clock.now());
    const appOf = new Map(legs.map((l) => [l.messageId, l.appId]));
    this.#stats?.vendorSettled(settled, appOf);
    this.#emitSettled(settled, appOf);
    return legs.length;
  }

  async #sendMessage(
    message: Message | undefined,
    legs: VendorLeg[],
    now: number,
  ): Promise<VendorSettlement[]> {
    const drop = (l: VendorLeg): VendorSettlement => ({
      kind: 'dropped',
      messageId: l.messageId,
      deviceId: l.deviceId,
    });
    // Revoked or expired meanwhile: nothing may go out any more.
    if (!message || message.revokedAt !== null || (message.expiresAt !== null && message.expiresAt <= now))
      return legs.map(drop);
    const routing = message.routing ?? DEFAULT_ROUTING;
    const tokens = await this.#store.tokens.live(
      legs.map((l) => l.deviceId),
      now - this.#o.tokenStaleMs,
    );
    const out: VendorSettlement[] = [];
    let open: Attempt[] = [];
    for (const leg of legs) {
      const t = tokens.get(leg.deviceId) ?? {};
      const usable = routing.vendors.filter((v) => t[v] !== undefined);
      // A leg that went out before (a retry, or a replace re-sending) stays with its vendor, so a
      // replacement collapses onto the notification it replaces.
      const candidates =
        leg.vendor && usable.includes(leg.vendor)
          ? [leg.vendor, ...usable.filter((v) => v !== leg.vendor)]
          : usable;
      open.push({
        leg,
        tokens: t,
        candidates,
        next: 0,
        lastVendor: null,
        lastError: 'the device has no live vendor token',
      });
    }
    const vendorMessage = (vendor: Vendor): VendorMessage => ({
      id: message.id,
      content: message.content,
      priority: message.priority,
      collapseId: message.collapseId ?? (COLLAPSE_KEYED_VENDORS.has(vendor) ? message.id : null),
      expiresAt: message.expiresAt,
      ...(routing.overrides ? { overrides: routing.overrides } : {}),
    });
    // Each pass sends every open attempt to its current vendor; hard failures move on to the next.
    while (open.length > 0) {
      const exhausted = open.filter((a) => a.next >= a.candidates.length);
      for (const a of exhausted) out.push(this.#giveUp(a, routing.strategy === 'vendor_only'));
      const byVendor = new Map<Vendor, Attempt[]>();
      for (const a of open) {
        if (a.next >= a.candidates.length) continue;
        const v = a.candidates[a.next]!;
        byVendor.set(v, [...(byVendor.get(v) ?? []), a]);
      }
      const moved = await Promise.all(
        [...byVendor].map(([vendor, group]) =>
          this.#sendVia(message.appId, vendor, vendorMessage(vendor), group, now, out),
        ),
      );
      open = moved.flat();
    }
    return out;
  }

  /**
   * Sends one vendor's share; settles what is done into `out` and returns the attempts that move
   * on to their next vendor.
   */
  async #sendVia(
    appId: string,
    vendor: Vendor,
    message: VendorMessage,
    group: Attempt[],
    now: number,
    out: VendorSettlement[],
  ): Promise<Attempt[]> {
    const moveOn = (a: Attempt, error: string): Attempt => {
      a.next += 1;
      a.lastVendor = vendor;
      a.lastError = `${vendor}: ${error}`;
      return a;
    };
    const ch = await this.#channels.get(appId, vendor);
    if (!ch) return group.map((a) => moveOn(a, 'the app has no working credential for this vendor'));
    const pace = this.#pacer.take(appId, vendor, group.length, now);
    for (const a of group.slice(pace.granted))
      out.push(this.#retryAt(a, vendor, pace.retryAt, pace.reason, a.leg.attempts));
    const sending = group.slice(0, pace.granted);
    if (sending.length === 0) return [];
    const targets: SendTarget[] = sending.map((a) => ({
      deviceId: a.leg.deviceId,
      token: a.tokens[vendor]!,
    }));
    let outcomes: SendOutcome[];
    try {
      outcomes = await ch.channel.send(message, targets);
    } catch (err) {
      outcomes = targets.map(() => ({ kind: 'retry', afterMs: 0, reason: (err as Error).message }));
    }
    const next: Attempt[] = [];
    let credentialRefused: string | undefined;
    for (const [i, a] of sending.entries()) {
      const o = outcomes[i]!;
      this.#metrics.vendorSends.inc({ vendor, outcome: o.kind });
      switch (o.kind) {
        case 'delivered':
          out.push({ kind: 'sent', messageId: a.leg.messageId, deviceId: a.leg.deviceId, vendor });
          break;
        case 'invalid_token': {
          const token = a.tokens[vendor]!;
          if (await this.#store.tokens.invalidate(appId, a.leg.deviceId, vendor, token, this.#clock.now()))
            this.#events?.emit(appId, 'token.invalidated', {
              deviceId: a.leg.deviceId,
              vendor,
              reason: o.reason,
            });
          next.push(moveOn(a, `invalid token (${o.reason})`));
          break;
        }
        case 'retry': {
          const attempts = a.leg.attempts + 1;
          if (attempts >= this.#o.maxAttempts)
            next.push(moveOn(a, `gave up after ${attempts} attempts: ${o.reason}`));
          else
            out.push(
              this.#retryAt(
                a,
                vendor,
                now + this.#backoff(attempts, o.afterMs),
                `retry: ${o.reason}`,
                attempts,
              ),
            );
          break;
        }
        case 'quota':
          this.#pacer.pause(appId, vendor, now + o.afterMs, o.reason, now);
          out.push(this.#retryAt(a, vendor, now + o.afterMs, `quota: ${o.reason}`, a.leg.attempts));
          break;
        case 'credential_error':
          credentialRefused = o.reason;
          next.push(moveOn(a, `credential refused (${o.reason})`));
          break;
        case 'rejected':
          next.push(moveOn(a, `rejected ${o.code}: ${o.reason}`));
          break;
      }
    }
    if (credentialRefused !== undefined)
      await this.#channels.markFailing(appId, vendor, ch.environment, credentialRefused);
    return next;
  }

  /** Exponential from retryBaseMs, full jitter, never sooner than the vendor's Retry-After. */
  #backoff(attempts: number, afterMs: number): number {
    const cap = this.#o.retryBaseMs * 2 ** Math.min(attempts - 1, 10);
    return Math.max(afterMs, Math.round(cap / 2 + Math.random() * (cap / 2)));
  }

  #retryAt(a: Attempt, vendor: Vendor, dueAt: number, error: string, attempts: number): VendorSettlement {
    return {
      kind: 'retry',
      messageId: a.leg.messageId,
      deviceId: a.leg.deviceId,
      vendor,
      dueAt,
      attempts,
      error,
    };
  }

  #giveUp(a: Attempt, vendorOnly: boolean): VendorSettlement {
    const { messageId, deviceId } = a.leg;
    // Combined and never tried: the device simply has no vendor route; the own channel still delivers.
    if (!vendorOnly && a.lastVendor === null) return { kind: 'dropped', messageId, deviceId };
    return { kind: 'failed', messageId, deviceId, vendor: a.lastVendor, error: a.lastError };
  }

  #emitSettled(settled: readonly VendorSettlement[], appOf: ReadonlyMap<string, string>): void {
    if (!this.#events) return;
    for (const s of settled) {
      if (s.kind !== 'sent' && s.kind !== 'failed') continue;
      const appId = appOf.get(s.messageId);
      if (!appId) continue;
      if (s.kind === 'sent')
        this.#events.emit(appId, 'delivery.sent', {
          messageId: s.messageId,
          deviceId: s.deviceId,
          channel: s.vendor,
        });
      else
        this.#events.emit(appId, 'delivery.failed', {
          messageId: s.messageId,
          deviceId: s.deviceId,
          channel: s.vendor,
          reason: s.error,
        });
    }
  }
}

import type { Bus } from '../bus/bus.js';
import { REPLACEABLE_VENDORS } from '../channels/channel.js';
import type { Clock } from '../domain/clock.js';
import type { Vendor } from '../domain/device.js';
import { HeraldError, notFound } from '../domain/errors.js';
import type { DeliverEnvelope } from '../domain/frames.js';
import { messageFrame, revokeFrame, TOPIC_DELIVER } from '../domain/frames.js';
import type { Message, MessageContent } from '../domain/message.js';
import type { Store } from '../store/store.js';
import type { HourlyStats } from './hourly-stats.js';
import { validateContent } from './push.js';

/** What a revoke or replace did on each vendor channel that had delivered the message. */
export interface VendorControlResult {
  /** Devices this vendor had delivered the message to. */
  readonly held: number;
  /** Of those, how many the control was sent on to through the vendor. */
  readonly reached: number;
  readonly note: string;
}

export interface ControlResult {
  readonly message: Message;
  /** Devices told over the own channel (now, or when they next connect). */
  readonly notified: number;
  readonly vendors: Readonly<Record<string, VendorControlResult>>;
}

const REVOKE_NOTE =
  "no vendor recall is used: the notification stays in the phone's notification shade; the app hears the revoke over Herald's channel when it next connects";

/**
 * Revoke ("burn after reading", seed status 5) and replace (status 6) of a sent message. Devices
 * holding it are told over their connection now if connected, or when they next connect.
 */
export class MessageControl {
  readonly #store: Store;
  readonly #bus: Bus;
  readonly #clock: Clock;
  readonly #onVendorDue: ((at: number) => void) | undefined;
  readonly #stats: HourlyStats | undefined;

  constructor(store: Store, bus: Bus, clock: Clock, onVendorDue?: (at: number) => void, stats?: HourlyStats) {
    this.#stats = stats;
    this.#store = store;
    this.#bus = bus;
    this.#clock = clock;
    this.#onVendorDue = onVendorDue;
  }

  async revoke(appId: string, messageId: string): Promise<ControlResult> {
    const now = this.#clock.now();
    const message = await this.#store.tasks.markRevoked(appId, messageId, now);
    if (!message) throw notFound('message');
    const { held, changed } = await this.#store.deliveries.control(messageId, 'revoke', now);
    this.#stats?.revoked(appId, changed);
    await this.#announce(message, revokeFrame(messageId), held, 'revoke');
    // No vendor Herald sends to offers a recall it can use: a notification a vendor already showed
    // stays on the phone until the app (via the SDK) hears the revoke on its next connection.
    const vendors: Record<string, VendorControlResult> = {};
    for (const r of await this.#store.deliveries.channelCounts(messageId)) {
      if (r.vendorState !== 'sent' || !r.vendor) continue;
      const v = vendors[r.vendor] ?? { held: 0, reached: 0, note: REVOKE_NOTE };
      vendors[r.vendor] = { ...v, held: v.held + r.n };
    }
    return { message, notified: held.length, vendors };
  }

  async replace(appId: string, messageId: string, content: MessageContent): Promise<ControlResult> {
    const checked = validateContent(content);
    const existing = await this.#store.tasks.getMessage(appId, messageId);
    if (!existing) throw notFound('message');
    if (existing.revokedAt !== null)
      throw new HeraldError('conflict', 'a revoked message cannot be replaced');
    const now = this.#clock.now();
    const message = await this.#store.tasks.replaceContent(appId, messageId, checked, now);
    if (!message) throw notFound('message');
    const { held } = await this.#store.deliveries.control(messageId, 'replace', now);
    await this.#announce(message, messageFrame(message, 'replace'), held, 'replace');
    const resent = await this.#store.deliveries.rearmVendorSent(messageId, now);
    const vendors: Record<string, VendorControlResult> = {};
    for (const [vendor, n] of Object.entries(resent) as Array<[Vendor, number]>) {
      const inPlace = REPLACEABLE_VENDORS.has(vendor);
      vendors[vendor] = {
        held: n,
        reached: n,
        note: inPlace
          ? "the new version is sent with the same collapse key and takes the old notification's place"
          : 'the new version is sent again; this vendor cannot replace a notification already shown, so the phone may show both',
      };
    }
    if (Object.keys(resent).length > 0) this.#onVendorDue?.(now);
    return { message, notified: held.length, vendors };
  }

  async #announce(m: Message, frame: string, deviceIds: string[], kind: 'revoke' | 'replace'): Promise<void> {
    // Same paging as dispatch, so a message held by a million devices is not one bus message. A
    // revoke sends at least one envelope, the first, so nodes also reach devices sent it a moment ago.
    const pages: string[][] = [];
    for (let i = 0; i < deviceIds.length; i += 1000) pages.push(deviceIds.slice(i, i + 1000));
    if (kind === 'revoke' && pages.length === 0) pages.push([]);
    for (const [n, page] of pages.entries()) {
      const env: DeliverEnvelope = {
        messageId: m.id,
        appId: m.appId,
        createdAt: m.createdAt,
        frame,
        deviceIds: page,
        kind,
        ...(kind === 'revoke' && n === 0 ? { alsoJustSent: true } : {}),
      };
      await this.#bus.publish(TOPIC_DELIVER, JSON.stringify(env));
    }
  }
}

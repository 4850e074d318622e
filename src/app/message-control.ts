import type { Bus } from '../bus/bus.js';
import type { Clock } from '../domain/clock.js';
import { HeraldError, notFound } from '../domain/errors.js';
import type { DeliverEnvelope } from '../domain/frames.js';
import { messageFrame, revokeFrame, TOPIC_DELIVER } from '../domain/frames.js';
import type { Message, MessageContent } from '../domain/message.js';
import type { Store } from '../store/store.js';
import { validateContent } from './push.js';

/**
 * Revoke ("burn after reading", seed status 5) and replace (status 6) of a sent message. Devices
 * holding it are told over their connection now if connected, or when they next connect.
 */
export class MessageControl {
  readonly #store: Store;
  readonly #bus: Bus;
  readonly #clock: Clock;

  constructor(store: Store, bus: Bus, clock: Clock) {
    this.#store = store;
    this.#bus = bus;
    this.#clock = clock;
  }

  async revoke(appId: string, messageId: string): Promise<{ message: Message; notified: number }> {
    const now = this.#clock.now();
    const message = await this.#store.tasks.markRevoked(appId, messageId, now);
    if (!message) throw notFound('message');
    const held = await this.#store.deliveries.control(messageId, 'revoke', now);
    await this.#announce(message, revokeFrame(messageId), held, 'revoke');
    return { message, notified: held.length };
  }

  async replace(
    appId: string,
    messageId: string,
    content: MessageContent,
  ): Promise<{ message: Message; notified: number }> {
    const checked = validateContent(content);
    const existing = await this.#store.tasks.getMessage(appId, messageId);
    if (!existing) throw notFound('message');
    if (existing.revokedAt !== null)
      throw new HeraldError('conflict', 'a revoked message cannot be replaced');
    const now = this.#clock.now();
    const message = await this.#store.tasks.replaceContent(appId, messageId, checked, now);
    if (!message) throw notFound('message');
    const held = await this.#store.deliveries.control(messageId, 'replace', now);
    await this.#announce(message, messageFrame(message, 'replace'), held, 'replace');
    return { message, notified: held.length };
  }

  async #announce(m: Message, frame: string, deviceIds: string[], kind: 'revoke' | 'replace'): Promise<void> {
    // Same paging as dispatch, so a message held by a million devices is not one bus message.
    for (let i = 0; i < deviceIds.length; i += 1000) {
      const env: DeliverEnvelope = {
        messageId: m.id,
        appId: m.appId,
        createdAt: m.createdAt,
        frame,
        deviceIds: deviceIds.slice(i, i + 1000),
        kind,
      };
      await this.#bus.publish(TOPIC_DELIVER, JSON.stringify(env));
    }
  }
}

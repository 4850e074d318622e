import type { Clock } from '../domain/clock.js';
import type { Device } from '../domain/device.js';
import type { DeliverEnvelope } from '../domain/frames.js';
import { messageFrame, revokeFrame } from '../domain/frames.js';
import type { OwedItem, Store } from '../store/store.js';
import type { ReceiptRecorder } from './receipts.js';

/** How many owed items are replayed per step on connect: bounds memory for a device that was away long. */
const REPLAY_PAGE = 500;

/** Connected devices claimed per statement in a broadcast: the first sockets get it after one round trip. */
const BROADCAST_CHUNK = 1000;

/** Ack status codes on the wire (docs/protocol.md). */
const ACK_STATUS = { 2: 'received', 3: 'displayed', 4: 'clicked' } as const;

export type AckResult = 'ok' | 'bad_status';

/**
 * What the gateway transports need from the core: who a token belongs to, what a device is owed
 * when it connects, and what its acks mean. Transports never touch the store themselves.
 */
export class DeviceSession {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #receipts: ReceiptRecorder;
  #touched = new Set<string>();
  #touchTimer: NodeJS.Timeout | undefined;

  constructor(store: Store, clock: Clock, receipts: ReceiptRecorder) {
    this.#store = store;
    this.#clock = clock;
    this.#receipts = receipts;
  }

  /** The registered device holding this token, or undefined. */
  authenticate(token: string): Promise<Device | undefined> {
    if (token.length === 0 || token.length > 200) return Promise.resolve(undefined);
    return this.#store.devices.getByToken(token);
  }

  /** Records that the device was seen; written in batches once a second. */
  seen(deviceId: string): void {
    this.#touched.add(deviceId);
    this.#touchTimer ??= setTimeout(() => void this.flushSeen(), 1000);
  }

  async flushSeen(): Promise<void> {
    clearTimeout(this.#touchTimer);
    this.#touchTimer = undefined;
    const ids = [...this.#touched];
    this.#touched = new Set();
    for (let i = 0; i < ids.length; i += 500)
      await this.#store.devices.touch(ids.slice(i, i + 500), this.#clock.now());
  }

  /**
   * Sends everything the device is owed, oldest first, through `send`: undelivered messages, then
   * the revoke and replace frames it has not confirmed. Call after the live subscription is in place,
   * so nothing published meanwhile falls between the two.
   */
  async replay(deviceId: string, appId: string, send: (frame: string) => void): Promise<number> {
    let total = 0;
    let after: string | undefined;
    for (;;) {
      const items = await this.#store.deliveries.owedTo(deviceId, this.#clock.now(), REPLAY_PAGE, after);
      this.#send(deviceId, appId, items, send);
      total += items.length;
      if (items.length < REPLAY_PAGE) break;
      after = items[items.length - 1]!.message.id;
    }
    return total + (await this.#replayBroadcasts(deviceId, appId, send));
  }

  /** Open broadcasts this device was in the audience of and has not had: it claims each now. */
  async #replayBroadcasts(deviceId: string, appId: string, send: (frame: string) => void): Promise<number> {
    const now = this.#clock.now();
    let n = 0;
    for (const b of await this.#store.broadcasts.owed(appId, deviceId, now)) {
      if ((await this.#store.broadcasts.claim(b.message, [deviceId], now, b.filter)).length === 0) continue;
      this.#send(deviceId, appId, [{ message: b.message, status: 'queued', control: null }], send);
      n++;
    }
    return n;
  }

  /**
   * Of a node's connected devices, those a broadcast is for and that have not had it: their rows are
   * created a chunk at a time, and `send` gets each chunk as soon as it is claimed.
   */
  async claimBroadcast(
    env: DeliverEnvelope,
    connected: readonly string[],
    send: (deviceIds: string[]) => void,
  ): Promise<void> {
    if (!env.filter || connected.length === 0) return;
    const message = await this.#store.tasks.getMessage(env.appId, env.messageId);
    if (!message || message.revokedAt !== null) return;
    for (let i = 0; i < connected.length; i += BROADCAST_CHUNK) {
      const chunk = connected.slice(i, i + BROADCAST_CHUNK);
      const claimed = await this.#store.broadcasts.claim(message, chunk, this.#clock.now(), env.filter);
      if (claimed.length > 0) send(claimed);
    }
  }

  #send(deviceId: string, appId: string, items: readonly OwedItem[], send: (frame: string) => void): void {
    for (const item of items) {
      if (item.control === 'revoke') send(revokeFrame(item.message.id));
      else if (item.control === 'replace') send(messageFrame(item.message, 'replace'));
      else {
        this.#receipts.noteAccepted(item.message.id, item.message.createdAt);
        send(messageFrame(item.message));
        if (item.status === 'queued')
          this.#receipts.record({ messageId: item.message.id, deviceId, appId, status: 'sent' });
      }
    }
  }

  /** Devices this node sent the message to a moment ago, whose "sent" is not stored yet. */
  justSent(messageId: string): string[] {
    return this.#receipts.unflushedSent(messageId);
  }

  /** The frame was written to the device's connection. */
  sent(messageId: string, appId: string, deviceIds: readonly string[], createdAt: number): void {
    this.#receipts.noteAccepted(messageId, createdAt);
    for (const deviceId of deviceIds) this.#receipts.record({ messageId, deviceId, appId, status: 'sent' });
  }

  /** An ack frame from the device. 2–4 are receipts; 5 and 6 confirm a revoke or replace frame. */
  async ack(deviceId: string, appId: string, messageId: string, status: number): Promise<AckResult> {
    if (status === 2 || status === 3 || status === 4) {
      this.#receipts.record({ messageId, deviceId, appId, status: ACK_STATUS[status] });
      return 'ok';
    }
    if (status === 5 || status === 6) {
      await this.#store.deliveries.clearControl(messageId, deviceId, status === 5 ? 'revoke' : 'replace');
      return 'ok';
    }
    return 'bad_status';
  }
}

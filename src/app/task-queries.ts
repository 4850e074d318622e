import type { Clock } from '../domain/clock.js';
import type { DeliveryStatus } from '../domain/delivery.js';
import { SEED_CODE } from '../domain/delivery.js';
import { notFound } from '../domain/errors.js';
import type { Message } from '../domain/message.js';
import type { TaskWithCounts } from '../domain/task.js';
import { type TaskListItem, validateTaskQuery } from '../domain/task-query.js';
import type { DeliveryRow, PageRequest, Store } from '../store/store.js';
import { tallyChannels } from './channel-counts.js';

export interface DeliveryHistory {
  readonly messageId: string;
  readonly deviceId: string;
  readonly status: DeliveryStatus;
  readonly statusCode: number;
  /** When the push was accepted (seed 000's revTime). */
  readonly acceptedAt: number;
  readonly history: Array<{ status: DeliveryStatus; statusCode: number; at: number }>;
}

/** Read side of tasks and deliveries; counts are derived from the deliveries themselves. */
export class TaskQueries {
  readonly #store: Store;
  readonly #clock: Clock;

  constructor(store: Store, clock: Clock) {
    this.#store = store;
    this.#clock = clock;
  }

  async task(appId: string, id: string): Promise<TaskWithCounts> {
    const task = await this.#store.tasks.get(appId, id);
    if (!task) throw notFound('task');
    const [counts, channelRows, message] = await Promise.all([
      this.#store.deliveries.counts(task.messageId),
      this.#store.deliveries.channelCounts(task.messageId),
      this.#store.tasks.getMessage(appId, task.messageId),
    ]);
    // Derived from the deliveries, like every count: a page re-run after a crash adds no rows, so nothing is counted twice or missed.
    const rows = Object.values(counts).reduce((a, b) => a + b, 0);
    if (message?.fanoutAt === undefined)
      return { ...task, targeted: rows, counts, channels: tallyChannels(channelRows) };
    // A broadcast: devices not reached yet have no row. They are the audience counted at dispatch
    // less the rows; waiting (queued) until the message is revoked or expires.
    const unreached = Math.max(0, task.targeted - rows);
    const now = this.#clock.now();
    const state =
      message.revokedAt !== null
        ? 'revoked'
        : message.expiresAt !== null && message.expiresAt <= now
          ? 'expired'
          : 'queued';
    const withUnreached = { ...counts, [state]: counts[state] + unreached };
    const channels = tallyChannels(channelRows);
    const own = channels.own!;
    const ownChannel = message.routing?.strategy !== 'vendor_only';
    return {
      ...task,
      targeted: rows + unreached,
      counts: withUnreached,
      channels: ownChannel ? { ...channels, own: { ...own, target: own.target + unreached } } : channels,
    };
  }

  /** The message a task sends: its content and expiry (a facade echoes them back in its own shape). */
  async message(appId: string, taskId: string): Promise<Message> {
    const task = await this.#store.tasks.get(appId, taskId);
    const message = task && (await this.#store.tasks.getMessage(appId, task.messageId));
    if (!message) throw notFound('task');
    return message;
  }

  list(
    appId: string,
    raw: Parameters<typeof validateTaskQuery>[0],
  ): Promise<{ total: number; items: TaskListItem[] }> {
    return this.#store.tasks.query(appId, validateTaskQuery(raw));
  }

  /** One message on one device: its status and the time of every step it reached (seed 000's status query). */
  async delivery(appId: string, messageId: string, deviceId: string): Promise<DeliveryHistory> {
    const message = await this.#store.tasks.getMessage(appId, messageId);
    const row = message && (await this.#store.deliveries.get(messageId, deviceId));
    if (!row) throw notFound('delivery');
    const steps: Array<[DeliveryHistory['history'][number]['status'], number | null]> = [
      ['sent', row.sentAt],
      ['received', row.receivedAt],
      ['displayed', row.displayedAt],
      ['clicked', row.clickedAt],
    ];
    const history = steps.flatMap(([status, at]) =>
      at === null ? [] : [{ status, statusCode: SEED_CODE[status], at }],
    );
    // Terminal states other than the receipts keep their time in updatedAt.
    if (['revoked', 'replaced', 'expired', 'failed'].includes(row.status)) {
      history.push({ status: row.status, statusCode: SEED_CODE[row.status], at: row.updatedAt });
    }
    history.sort((a, b) => a.at - b.at);
    return {
      messageId,
      deviceId,
      status: row.status,
      statusCode: SEED_CODE[row.status],
      acceptedAt: message.createdAt,
      history,
    };
  }

  /** The devices (or distinct users) a task targets, a page at a time. */
  async audience(
    appId: string,
    taskId: string,
    kind: 'devices' | 'users',
    page: PageRequest,
  ): Promise<string[]> {
    const task = await this.#store.tasks.get(appId, taskId);
    if (!task) throw notFound('task');
    const message = await this.#store.tasks.getMessage(appId, task.messageId);
    if (message?.fanoutAt !== undefined) {
      // A broadcast has rows only for devices reached so far: page its audience as it went out.
      const filter = { audience: task.audience, testOnly: task.testOnly, registeredBy: message.fanoutAt };
      return kind === 'users'
        ? this.#store.broadcasts.users(appId, filter, page)
        : this.#store.devices.resolveAudience(appId, filter, page);
    }
    if (kind === 'users') return this.#store.deliveries.users(task.messageId, page);
    return (await this.#store.deliveries.list(task.messageId, page)).map((d) => d.deviceId);
  }

  async deliveries(appId: string, messageId: string, page: PageRequest): Promise<DeliveryRow[]> {
    const message = await this.#store.tasks.getMessage(appId, messageId);
    if (!message) throw notFound('message');
    return this.#store.deliveries.list(messageId, page);
  }
}

import type { Bus } from '../bus/bus.js';
import type { App } from '../domain/app.js';
import type { Audience } from '../domain/audience.js';
import { onlyDeviceIds } from '../domain/audience.js';
import { validateAudience } from '../domain/audience-validate.js';
import type { Clock } from '../domain/clock.js';
import type { Vendor } from '../domain/device.js';
import { HeraldError, invalid } from '../domain/errors.js';
import type { DeliverEnvelope } from '../domain/frames.js';
import { messageFrame, TOPIC_DELIVER, TOPIC_TASK } from '../domain/frames.js';
import { newId } from '../domain/ids.js';
import type { Message, MessageContent, Priority } from '../domain/message.js';
import { ACTION_TYPES, MAX_PAYLOAD_BYTES, MESSAGE_KINDS, payloadBytes } from '../domain/message.js';
import { minutes, quietUntil } from '../domain/quiet-hours.js';
import type { Strategy } from '../domain/routing.js';
import { initialLeg, validateRouting } from '../domain/routing.js';
import type { Task } from '../domain/task.js';
import { checkOneOf, checkString } from '../domain/validate.js';
import type { Metrics } from '../observability/metrics.js';
import type { AcceptResult, Store } from '../store/store.js';
import { AcceptBatcher } from './accept-batcher.js';
import type { HourlyStats } from './hourly-stats.js';
import { TaskFinisher } from './task-finisher.js';
import type { WebhookEvents } from './webhook-events.js';

export interface PushOptions {
  /** Idempotency key: a repeated requestId returns the first task and sends nothing. */
  readonly requestId?: string;
  /** Seconds the message stays deliverable. */
  readonly ttl?: number;
  /** Absolute expiry (epoch ms); wins over ttl. */
  readonly expiresAt?: number;
  readonly priority?: Priority;
  readonly collapseId?: string;
  /** false: only the app's test devices are targeted. */
  readonly production?: boolean;
  /** Schedule: send at this time (epoch ms) instead of now. ttl then counts from it. */
  readonly sendAt?: number;
  /** At most this many devices per second, to spare the app's backend the clicks of a big broadcast. */
  readonly throttle?: number;
  /** "HH:MM": deliver when each device's own clock next shows this time (domain/local-time.ts). */
  readonly localTime?: string;
  /** combined (default) | own_only | vendor_only; see domain/routing.ts. */
  readonly strategy?: Strategy;
  /** Vendor sequence; default DEFAULT_VENDOR_ORDER. */
  readonly vendors?: readonly Vendor[];
  /** combined: how long the own channel has to get an ack before a vendor channel is used. */
  readonly fallbackAfterMs?: number;
  /** Per-vendor fields (seed 004's ios, android, huawei, xiaomi, oppo, vivo, flyme, fcm blocks). */
  readonly overrides?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export interface PushRequest {
  readonly audience: Audience;
  readonly message: MessageContent;
  readonly options?: PushOptions;
}

/** A device offline for a week rarely wants last week's notification; FCM's own default is 4 weeks, its maximum too. */
export const DEFAULT_TTL_SECONDS = 7 * 24 * 3600;
export const MAX_TTL_SECONDS = 28 * 24 * 3600;
export function validateContent(c: MessageContent): MessageContent {
  if (typeof c !== 'object' || c === null) throw invalid('message', 'must be an object');
  const kind = checkOneOf('message.kind', c.kind ?? 'notification', MESSAGE_KINDS);
  if (c.title !== undefined) checkString('message.title', c.title, { min: 0, max: 200 });
  if (c.body !== undefined) checkString('message.body', c.body, { min: 0, max: 4000 });
  if (kind === 'notification' && !c.title && !c.body)
    throw invalid('message.title', 'a notification needs a title or a body');
  if (c.data !== undefined && (typeof c.data !== 'object' || c.data === null || Array.isArray(c.data))) {
    throw invalid('message.data', 'must be an object');
  }
  if (c.action !== undefined) {
    checkOneOf('message.action.type', c.action.type, ACTION_TYPES);
    checkString('message.action.value', c.action.value, { min: 0, max: 1000 });
  }
  if (c.badge !== undefined && (!Number.isInteger(c.badge) || c.badge < 0 || c.badge > 99_999)) {
    throw invalid('message.badge', 'must be an integer 0..99999');
  }
  if (c.sound !== undefined) checkString('message.sound', c.sound, { max: 100 });
  const content: MessageContent = { ...c, kind };
  const size = payloadBytes(content);
  if (size > MAX_PAYLOAD_BYTES) {
    throw new HeraldError(
      'payload_too_large',
      `message is ${size} bytes; the limit is ${MAX_PAYLOAD_BYTES}`,
      { field: 'message' },
    );
  }
  return content;
}

/** How far ahead a push may be scheduled: a year covers yearly campaigns; beyond it a date is more likely a mistake. */
export const MAX_SCHEDULE_MS = 366 * 24 * 3600 * 1000;

function sendTime(now: number, o: PushOptions): number | null {
  if (o.sendAt === undefined) return null;
  if (!Number.isInteger(o.sendAt) || o.sendAt <= now)
    throw invalid('options.sendAt', 'must be a future time in epoch milliseconds');
  if (o.sendAt > now + MAX_SCHEDULE_MS) throw invalid('options.sendAt', 'must be within a year');
  return o.sendAt;
}

function expiry(now: number, o: PushOptions): number {
  if (o.expiresAt !== undefined) {
    if (!Number.isFinite(o.expiresAt) || o.expiresAt <= now)
      throw invalid('options.expiresAt', 'must be in the future');
    if (o.expiresAt > now + MAX_TTL_SECONDS * 1000)
      throw invalid('options.expiresAt', 'must be within 28 days');
    return o.expiresAt;
  }
  const ttl = o.ttl ?? DEFAULT_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl < 0 || ttl > MAX_TTL_SECONDS)
    throw invalid('options.ttl', `must be an integer 0..${MAX_TTL_SECONDS}`);
  return now + ttl * 1000;
}

/** Accepts a push: validates, stores task and message durably, and wakes the dispatchers. */
export class PushService {
  readonly #bus: Bus;
  readonly #clock: Clock;
  readonly #metrics: Metrics;

  readonly #batcher: AcceptBatcher;
  readonly #finisher: TaskFinisher;
  readonly #events: WebhookEvents | undefined;
  readonly #onVendorDue: ((at: number) => void) | undefined;
  readonly #defaultFallbackMs: number | undefined;
  readonly #stats: HourlyStats | undefined;

  constructor(
    store: Store,
    bus: Bus,
    clock: Clock,
    metrics: Metrics,
    opts: {
      nodeId: string;
      leaseMs: number;
      events?: WebhookEvents;
      /** Called with the time vendor legs it queued fall due (wakes the vendor relay). */
      onVendorDue?: (at: number) => void;
      /** combined: the own channel's time to get an ack when a push does not say. */
      defaultFallbackMs?: number;
      /** Told how many deliveries an inline unicast's commit created. */
      stats?: HourlyStats;
    },
  ) {
    this.#stats = opts.stats;
    this.#events = opts.events;
    this.#onVendorDue = opts.onVendorDue;
    this.#defaultFallbackMs = opts.defaultFallbackMs;
    this.#bus = bus;
    this.#clock = clock;
    this.#metrics = metrics;
    this.#finisher = new TaskFinisher(store, opts.nodeId, clock, metrics);
    this.#batcher = new AcceptBatcher(
      store,
      this.#finisher,
      () => ({ owner: opts.nodeId, until: clock.now() + opts.leaseMs }),
      () => clock.now(),
    );
  }

  /** Writes the pending "sent" marks of inline tasks (on shutdown). */
  flush(): Promise<void> {
    return this.#finisher.flush();
  }

  async push(app: Pick<App, 'id' | 'quietHours' | 'frequencyCap'>, req: PushRequest): Promise<AcceptResult> {
    const appId = app.id;
    const audience = validateAudience(req.audience);
    const content = validateContent(req.message);
    const o = req.options ?? {};
    if (o.requestId !== undefined) checkString('options.requestId', o.requestId, { max: 100 });
    if (o.collapseId !== undefined) checkString('options.collapseId', o.collapseId, { max: 64 });
    const priority = checkOneOf('options.priority', o.priority ?? 'normal', ['high', 'normal'] as const);
    const routing = validateRouting(o, this.#defaultFallbackMs);
    const now = this.#clock.now();
    let sendAt = sendTime(now, o);
    if (o.localTime !== undefined) {
      if (sendAt !== null) throw invalid('options.localTime', 'cannot be combined with options.sendAt');
      if (typeof o.localTime !== 'string') throw invalid('options.localTime', 'must be "HH:MM"');
      minutes('options.localTime', o.localTime);
      // Waves are planned from the accept time; the dispatcher moves send_at to each wave's moment.
      sendAt = now;
    } else if (app.quietHours && priority !== 'high') {
      // Quiet hours hold back what is not urgent: the push waits for the window's end.
      const until = quietUntil(app.quietHours, sendAt ?? now);
      if (until > (sendAt ?? now)) sendAt = until;
    }
    if (
      o.throttle !== undefined &&
      (!Number.isInteger(o.throttle) || o.throttle < 1 || o.throttle > 1_000_000)
    ) {
      throw invalid('options.throttle', 'must be an integer 1..1000000 (devices per second)');
    }
    // ttl counts from when the message goes out, so a scheduled push gets its whole lifetime.
    const expiresAt = expiry(sendAt ?? now, o);
    if (sendAt !== null && expiresAt <= sendAt && o.localTime === undefined)
      throw invalid('options.expiresAt', 'is before options.sendAt: the message would never be sent');
    const taskId = newId();
    const messageId = newId();
    const message: Message = {
      id: messageId,
      appId,
      taskId,
      content,
      priority,
      collapseId: o.collapseId ?? null,
      version: 1,
      createdAt: now,
      expiresAt,
      revokedAt: null,
      routing,
    };
    const task: Task = {
      id: taskId,
      appId,
      messageId,
      requestId: o.requestId ?? null,
      audience,
      testOnly: o.production === false,
      status: sendAt === null ? 'pending' : 'scheduled',
      targeted: 0,
      sendAt,
      throttle: o.throttle ?? null,
      createdAt: now,
      startedAt: null,
      finishedAt: null,
      ...(o.localTime !== undefined ? { localTime: o.localTime } : {}),
    };
    // A unicast to explicit devices is resolved in the accept commit; a scheduled one waits for the dispatcher.
    // A capped app's pushes go through the dispatcher, which counts each device against the cap.
    const capped = app.frequencyCap && priority !== 'high';
    const inlineDeviceIds =
      sendAt === null && o.throttle === undefined && !capped ? onlyDeviceIds(audience) : undefined;
    const result = await this.#batcher.submit({
      task,
      message,
      ...(inlineDeviceIds ? { inlineDeviceIds } : {}),
    });
    if (!result.created) return result;
    this.#metrics.pushes.inc();
    if (result.deviceIds === null) {
      await this.#bus.publish(TOPIC_TASK, result.task.id);
      return result;
    }
    // A small explicit audience was resolved and queued in the commit: hand it to the gateways now.
    this.#stats?.target(appId, result.deviceIds.length);
    const leg = initialLeg(routing, now);
    if (leg.vendorDueAt !== null && result.deviceIds.length > 0) this.#onVendorDue?.(leg.vendorDueAt);
    if (result.deviceIds.length > 0 && leg.channel === 'ws') {
      const env: DeliverEnvelope = {
        messageId: message.id,
        appId: message.appId,
        createdAt: message.createdAt,
        frame: messageFrame(result.message),
        deviceIds: result.deviceIds,
        kind: 'message',
      };
      await this.#bus.publish(TOPIC_DELIVER, JSON.stringify(env));
    }
    this.#finisher.finish(result.task.id);
    this.#events?.emit(appId, 'task.finished', {
      taskId: result.task.id,
      messageId: message.id,
      status: 'sent',
    });
    return result;
  }
}

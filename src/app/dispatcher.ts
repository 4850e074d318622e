import type { Bus } from '../bus/bus.js';
import type { AudienceFilter } from '../domain/audience.js';
import type { Clock } from '../domain/clock.js';
import type { DeliverEnvelope } from '../domain/frames.js';
import { messageFrame, TOPIC_DELIVER, TOPIC_TASK } from '../domain/frames.js';
import { planWaves, type Wave } from '../domain/local-time.js';
import type { Message } from '../domain/message.js';
import { initialLeg } from '../domain/routing.js';
import type { Task, TaskStatus } from '../domain/task.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { ClaimedTask, Store } from '../store/store.js';
import type { HourlyStats } from './hourly-stats.js';
import type { WebhookEvents } from './webhook-events.js';

export interface DispatcherOptions {
  readonly nodeId: string;
  readonly pageSize: number;
  readonly leaseMs: number;
  /** Tasks dispatched at once, so one large broadcast never holds up unicasts behind it. */
  readonly maxConcurrent?: number;
  /** Poll for tasks nobody announced: a crashed node's, or ones whose wake-up was lost. */
  readonly pollMs?: number;
  /** Where task.finished events go. */
  readonly events?: WebhookEvents;
  /** Called with the time vendor legs of a page fall due (wakes the vendor relay). */
  readonly onVendorDue?: (at: number) => void;
  /** Audiences of at least this many devices go out as a broadcast (0: never). */
  readonly broadcastThreshold?: number;
  /** Told how many deliveries each page created. */
  readonly stats?: HourlyStats;
}

/** The cursor of a task dispatched as a broadcast: a re-run after a crash redoes the idempotent steps only. */
const BROADCAST_CURSOR = '~broadcast';

/**
 * Walks each task's audience page by page. Each page is stored as queued deliveries before it is
 * handed to the gateways, and the task's cursor is saved after: a crash re-runs at most one page,
 * and the (message, device) key makes that re-run store nothing twice.
 */
export class Dispatcher {
  readonly #store: Store;
  readonly #bus: Bus;
  readonly #clock: Clock;
  readonly #metrics: Metrics;
  readonly #log: Logger;
  readonly #opts: Required<Omit<DispatcherOptions, 'events' | 'onVendorDue' | 'stats'>> &
    Pick<DispatcherOptions, 'onVendorDue' | 'stats'>;
  readonly #events: WebhookEvents | undefined;
  readonly #running = new Map<string, Promise<void>>();
  #claiming = false;
  #again = false;
  #stopping = false;
  readonly #wakeOnStop = new Set<() => void>();
  #timer: NodeJS.Timeout | undefined;
  #unsubscribe: (() => Promise<void>) | undefined;

  constructor(store: Store, bus: Bus, clock: Clock, metrics: Metrics, log: Logger, opts: DispatcherOptions) {
    this.#store = store;
    this.#bus = bus;
    this.#clock = clock;
    this.#metrics = metrics;
    this.#log = log;
    const { events, ...rest } = opts;
    this.#opts = { maxConcurrent: 8, pollMs: 1000, broadcastThreshold: 0, ...rest };
    this.#events = events;
  }

  async start(): Promise<void> {
    this.#unsubscribe = await this.#bus.subscribe(TOPIC_TASK, () => this.kick());
    this.#timer = setInterval(() => this.kick(), this.#opts.pollMs);
    this.#timer.unref();
    this.kick();
  }

  /** Stops claiming, lets running tasks finish their current page, and hands their leases back. */
  async stop(): Promise<void> {
    this.#stopping = true;
    for (const wake of this.#wakeOnStop) wake();
    clearInterval(this.#timer);
    await this.#unsubscribe?.();
    await Promise.allSettled([...this.#running.values()]);
  }

  /** Claims and starts due tasks now; calls while a claim runs are coalesced into one more round. */
  kick(): void {
    if (this.#stopping) return;
    if (this.#claiming) {
      this.#again = true;
      return;
    }
    this.#claiming = true;
    void this.#claimRound()
      .catch((err: unknown) => this.#log.error({ err }, 'claiming tasks failed'))
      .finally(() => {
        this.#claiming = false;
        if (this.#again) {
          this.#again = false;
          this.kick();
        }
      });
  }

  /** Resolves when no task is being dispatched by this node (for tests and benchmarks). */
  async idle(): Promise<void> {
    while (this.#running.size > 0 || this.#claiming) {
      await Promise.allSettled([...this.#running.values()]);
      await new Promise((r) => setImmediate(r));
    }
  }

  async #claimRound(): Promise<void> {
    const free = this.#opts.maxConcurrent - this.#running.size;
    if (free <= 0) return;
    const claimed = await this.#store.tasks.claim(
      this.#opts.nodeId,
      this.#clock.now(),
      this.#opts.leaseMs,
      free,
    );
    for (const c of claimed) {
      // Our own lease ran out while a page was slow, and we claimed the task back: the claim only
      // renewed the lease of the run still going. A second run would pass every owner check too.
      if (this.#running.has(c.task.id)) continue;
      const run = this.#run(c)
        .catch((err: unknown) =>
          this.#log.error({ err, taskId: c.task.id }, 'dispatch failed; the task will be retried'),
        )
        .finally(() => {
          this.#running.delete(c.task.id);
          this.kick();
        });
      this.#running.set(c.task.id, run);
    }
    if (claimed.length === free) this.#again = true;
  }

  async #run(c: ClaimedTask): Promise<void> {
    const { task } = c;
    const owner = this.#opts.nodeId;
    let filter: AudienceFilter = { audience: task.audience, testOnly: task.testOnly };
    let cursor = c.cursor;
    let message: Message = c.message;
    let frame = messageFrame(message);
    const app = await this.#store.apps.get(task.appId);
    // High priority is never capped (a login code must arrive whatever else the device got today).
    const cap = message.priority === 'high' ? null : (app?.frequencyCap ?? null);
    let waves: { current: Wave; next: Wave | undefined } | undefined;
    if (task.localTime) {
      const plan = planWaves(
        task.localTime,
        await this.#store.devices.timezones(task.appId, filter),
        app?.quietHours?.timezone ?? 'UTC',
        task.createdAt,
      );
      const current = plan.find((w) => w.at === task.sendAt);
      if (!current) {
        // First claim (send_at is the accept time), or the zones changed: on to the next wave due.
        const next = plan.find((w) => w.at >= (task.sendAt ?? 0));
        if (!next) return this.#finish(task, 'sent');
        await this.#store.tasks.nextWave(task.id, owner, next.at);
        return;
      }
      waves = { current, next: plan.find((w) => w.at > current.at) };
      filter = { ...filter, timezones: { zones: current.zones, unzoned: current.unzoned } };
    }
    if (!waves && !cap && task.throttle === null && (await this.#asBroadcast(c, filter))) return;
    /** The audience (or this wave of it) is done: the next wave waits for its time, else the task is sent. */
    const exhausted = async (): Promise<void> => {
      if (waves?.next) {
        await this.#store.tasks.nextWave(task.id, owner, waves.next.at);
        return;
      }
      return this.#finish(task, 'sent');
    };
    while (!this.#stopping) {
      const now = this.#clock.now();
      const fresh = await this.#store.tasks.getMessage(task.appId, message.id);
      if (fresh && fresh.version !== message.version) frame = messageFrame(fresh);
      message = fresh ?? message;
      if (message.revokedAt !== null) return this.#finish(task, 'cancelled');
      if (message.expiresAt !== null && message.expiresAt <= now) return this.#finish(task, 'expired');
      // A throttled task sends at most one second's worth per page, then waits out the rest of that second.
      const limit = Math.min(this.#opts.pageSize, task.throttle ?? Number.POSITIVE_INFINITY);
      const pageStarted = Date.now();
      const ids = await this.#store.devices.resolveAudience(task.appId, filter, { after: cursor, limit });
      if (ids.length === 0) return exhausted();
      let sendTo = ids;
      let added = 0;
      if (cap) {
        const split = await this.#store.frequency.admit(ids, cap, now);
        sendTo = split.admitted;
        added += await this.#store.deliveries.enqueue(message, split.capped, now, { status: 'capped' });
      }
      added += await this.#store.deliveries.enqueue(message, sendTo, now);
      this.#opts.stats?.target(message.appId, added);
      const leg = initialLeg(message.routing, now);
      if (leg.channel === 'ws' && sendTo.length > 0) {
        const envelope: DeliverEnvelope = {
          messageId: message.id,
          appId: message.appId,
          createdAt: message.createdAt,
          frame,
          deviceIds: sendTo,
          kind: 'message',
        };
        await this.#bus.publish(TOPIC_DELIVER, JSON.stringify(envelope));
      }
      if (leg.vendorDueAt !== null) this.#opts.onVendorDue?.(leg.vendorDueAt);
      cursor = ids[ids.length - 1] ?? cursor;
      const held = await this.#store.tasks.progress(task.id, owner, {
        cursor,
        targetedDelta: added,
        leaseUntil: this.#clock.now() + this.#opts.leaseMs,
      });
      if (!held) {
        this.#log.warn({ taskId: task.id }, 'lease lost to another node; stopping this dispatch');
        return;
      }
      if (ids.length < limit) return exhausted();
      if (task.throttle !== null) await this.#pace(pageStarted, (ids.length / task.throttle) * 1000);
    }
    // Shutting down: hand the lease back so a restarted or other node resumes at once.
    await this.#store.tasks.progress(task.id, owner, { cursor, targetedDelta: 0, leaseUntil: 0 });
  }

  /**
   * A large audience goes out as a broadcast: connected devices get it from their nodes at once,
   * every other device claims it when it connects, and only devices a vendor can reach get a row
   * now. The task is sent once that is in place, whatever the audience size. False: not large enough.
   */
  async #asBroadcast(c: ClaimedTask, filter: AudienceFilter): Promise<boolean> {
    const { task, message } = c;
    const threshold = this.#opts.broadcastThreshold;
    const rerun = c.cursor === BROADCAST_CURSOR;
    // The audience as of one instant: devices registered later are neither counted nor sent to.
    const fanoutAt = rerun ? (message.fanoutAt ?? this.#clock.now()) : this.#clock.now();
    const asOf: AudienceFilter = { ...filter, registeredBy: fanoutAt };
    if (!rerun) {
      if (threshold <= 0 || c.cursor !== null) return false;
      const { devices } = await this.#store.devices.countAudience(task.appId, asOf);
      if (devices < threshold) return false;
      await this.#store.broadcasts.open(message.id, fanoutAt);
      const held = await this.#store.tasks.progress(task.id, this.#opts.nodeId, {
        cursor: BROADCAST_CURSOR,
        targetedDelta: devices,
        leaseUntil: this.#clock.now() + this.#opts.leaseMs,
      });
      if (!held) return true;
      this.#opts.stats?.target(task.appId, devices);
    } else await this.#store.broadcasts.open(message.id, fanoutAt);
    const now = this.#clock.now();
    // Connected devices first: the vendor rows below take a scan of the audience.
    if (initialLeg(message.routing, now).channel === 'ws') {
      const envelope: DeliverEnvelope = {
        messageId: message.id,
        appId: message.appId,
        createdAt: message.createdAt,
        frame: messageFrame(message),
        deviceIds: [],
        kind: 'broadcast',
        filter: asOf,
      };
      await this.#bus.publish(TOPIC_DELIVER, JSON.stringify(envelope));
    }
    if ((await this.#store.broadcasts.vendorRoutes(message, asOf, now)) > 0) {
      const leg = initialLeg(message.routing, now);
      if (leg.vendorDueAt !== null) this.#opts.onVendorDue?.(leg.vendorDueAt);
    }
    await this.#finish(task, 'sent');
    return true;
  }

  /** Waits until `ms` after `started`, or less if the dispatcher is stopping. */
  async #pace(started: number, ms: number): Promise<void> {
    const wait = started + ms - Date.now();
    if (wait <= 0 || this.#stopping) return;
    await new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.#wakeOnStop.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, wait);
      this.#wakeOnStop.add(wake);
    });
  }

  async #finish(task: Task, status: TaskStatus): Promise<void> {
    if (await this.#store.tasks.finish(task.id, this.#opts.nodeId, status, this.#clock.now())) {
      this.#metrics.tasksFinished.inc({ status });
      this.#events?.emit(task.appId, 'task.finished', { taskId: task.id, messageId: task.messageId, status });
    }
  }
}

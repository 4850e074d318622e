import type { App } from '../domain/app.js';
import type { Audience, AudienceFilter } from '../domain/audience.js';
import type { Environment, StoredCredential } from '../domain/credential.js';
import type {
  DeliveryCounts,
  DeliveryStatus,
  PendingControl,
  ReceiptStatus,
  VendorState,
} from '../domain/delivery.js';
import type { Device, DeviceRegistration, DeviceStatus, DeviceType, Vendor } from '../domain/device.js';
import type { FrequencyCap } from '../domain/frequency-cap.js';
import type { Message, MessageContent } from '../domain/message.js';
import type { OrgNode } from '../domain/organisation.js';
import type { QuietHours } from '../domain/quiet-hours.js';
import type { HourlyStat, StatIncrement } from '../domain/stats.js';
import type { Task, TaskStatus } from '../domain/task.js';
import type { TaskListItem, TaskQuery } from '../domain/task-query.js';
import type { Webhook, WebhookDelivery, WebhookDeliveryStatus } from '../domain/webhook.js';

/** Keyset page request: rows after `after` (an id), at most `limit`. */
export interface PageRequest {
  readonly after?: string | null;
  readonly limit: number;
}

export interface AppRepository {
  insert(app: App): Promise<void>;
  get(id: string): Promise<App | undefined>;
  getByKey(appKey: string): Promise<App | undefined>;
  /** Apps ordered by id. */
  list(page: PageRequest): Promise<App[]>;
  /** Returns the updated app, or undefined if it does not exist. */
  update(
    id: string,
    patch: { name?: string; masterSecret?: string; quietHours?: QuietHours | null },
    now: number,
  ): Promise<App | undefined>;
  /** Deletes the app and everything it owns. Returns false if it did not exist. */
  delete(id: string): Promise<boolean>;
}

export interface DeviceListFilter {
  readonly userId?: string;
  readonly alias?: string;
  readonly tag?: string;
  readonly status?: DeviceStatus;
  readonly deviceType?: DeviceType;
  readonly clientId?: string;
  readonly appPackage?: string;
}

export interface RegisterResult {
  readonly device: Device;
  readonly deviceToken: string;
  readonly created: boolean;
}

export interface DeviceRepository {
  /**
   * Registers or updates the device identified by (appId, clientId, appPackage). Idempotent:
   * the same registration twice yields the same device id and token. `fresh` supplies the id and
   * token used only when the device is new.
   */
  register(
    appId: string,
    reg: DeviceRegistration,
    now: number,
    fresh: { id: string; token: string },
  ): Promise<RegisterResult>;
  get(appId: string, id: string): Promise<Device | undefined>;
  /** The device a connection token belongs to, with its token; unregistered devices are not found. */
  getByToken(token: string): Promise<Device | undefined>;
  /** Devices ordered by id. */
  list(appId: string, filter: DeviceListFilter, page: PageRequest): Promise<Device[]>;
  /** Binds (or with null unbinds) a user. Returns the updated device. */
  setUser(appId: string, id: string, userId: string | null, now: number): Promise<Device | undefined>;
  /** Marks the device unregistered (status 2); it stops being targeted and its token stops working. */
  unregister(appId: string, id: string, now: number): Promise<Device | undefined>;
  /**
   * One page of the device ids an audience targets, ordered by id; registered devices only.
   * Paging by id keeps memory flat whatever the audience size.
   */
  resolveAudience(appId: string, filter: AudienceFilter, page: PageRequest): Promise<string[]>;
  /** How many registered devices an audience reaches, and how many distinct users they are bound to. */
  countAudience(appId: string, filter: AudienceFilter): Promise<{ devices: number; users: number }>;
  /** The distinct time zones (null: none) of the devices an audience reaches; plans local-time waves. */
  timezones(appId: string, filter: AudienceFilter): Promise<Array<string | null>>;
  /** Records that devices were seen (connected); drives active vs sleeping. */
  touch(ids: readonly string[], now: number): Promise<void>;
}

export interface CreateTaskResult {
  readonly task: Task;
  readonly message: Message;
  /** False when the app's requestId was seen before: the first task is returned and nothing new stored. */
  readonly created: boolean;
}

/** One push to store in a group commit. */
export interface AcceptItem {
  readonly task: Task;
  readonly message: Message;
  /**
   * A small explicit audience to resolve in the same transaction: its deliveries are queued at
   * once and the task is stored leased to the caller, which publishes and then finishes it. Should
   * the caller die first, the lease runs out and a dispatcher redoes the task.
   */
  readonly inlineDeviceIds?: readonly string[];
}

export interface AcceptResult extends CreateTaskResult {
  /** For a created inline item: the devices whose deliveries were queued (registered, of this app). */
  readonly deviceIds: readonly string[] | null;
}

/** A task claimed for dispatch: who holds it, until when, and where its audience walk stopped. */
export interface ClaimedTask {
  readonly task: Task;
  readonly message: Message;
  readonly cursor: string | null;
}

export interface TaskRepository {
  /** A local-time task finished one wave: the next is due at `sendAt`; the lease is handed back. False if the lease was lost. */
  nextWave(id: string, owner: string, sendAt: number): Promise<boolean>;
  /** Stores a task and its message atomically; deduplicates on (appId, requestId). */
  create(task: Task, message: Message): Promise<CreateTaskResult>;
  /**
   * Stores many pushes in one transaction (one commit, one fsync), deduplicating each on
   * (appId, requestId) against the database and within the batch. Results are in item order.
   * `finish` lists inline tasks of earlier batches, held by `lease.owner`, to mark sent in the same commit.
   */
  accept(
    items: readonly AcceptItem[],
    lease: { owner: string; until: number },
    now: number,
    finish?: readonly string[],
  ): Promise<AcceptResult[]>;
  /** `finish` for many tasks held by `owner`; returns how many were finished. */
  finishMany(ids: readonly string[], owner: string, status: TaskStatus, now: number): Promise<number>;
  get(appId: string, id: string): Promise<Task | undefined>;
  /** Cancels a task not yet dispatching (scheduled or pending). Returns false if it was in another state. */
  cancel(appId: string, id: string, now: number): Promise<boolean>;
  /**
   * Changes a scheduled task: its time, its message content, its expiry or its audience. Only
   * while it is scheduled; returns false otherwise (it started, or was cancelled).
   */
  reschedule(
    appId: string,
    id: string,
    patch: { sendAt?: number; content?: MessageContent; expiresAt?: number | null; audience?: Audience },
  ): Promise<boolean>;
  /** Deletes a task with its message and deliveries, unless it is being dispatched. Returns false then, or if absent. */
  delete(appId: string, id: string): Promise<boolean>;
  /** How many tasks the app has. */
  count(appId: string): Promise<number>;
  /** A page of the app's tasks filtered, ordered and projected as `q` says, and the number matching in all. */
  query(appId: string, q: TaskQuery): Promise<{ total: number; items: TaskListItem[] }>;
  getMessage(appId: string, messageId: string): Promise<Message | undefined>;
  /**
   * Leases up to `limit` tasks that are pending, or sending under an expired lease (a crashed
   * node's), to `owner` until `now + leaseMs`. A task is held by at most one owner at a time.
   */
  claim(owner: string, now: number, leaseMs: number, limit: number): Promise<ClaimedTask[]>;
  /**
   * Saves dispatch progress and extends the lease. Returns false if `owner` no longer holds the
   * task (its lease expired and another node took it): the caller must stop.
   */
  progress(
    id: string,
    owner: string,
    p: { cursor: string | null; targetedDelta: number; leaseUntil: number },
  ): Promise<boolean>;
  /** Ends dispatch with a final status and releases the lease. */
  finish(id: string, owner: string, status: TaskStatus, now: number): Promise<boolean>;
  /** Replaces a message's content, bumping its version. Returns the new message. */
  replaceContent(
    appId: string,
    messageId: string,
    content: MessageContent,
    now: number,
  ): Promise<Message | undefined>;
  markRevoked(appId: string, messageId: string, now: number): Promise<Message | undefined>;
}

export interface DeliveryRow {
  readonly messageId: string;
  readonly deviceId: string;
  readonly status: DeliveryStatus;
  readonly channel: string;
  readonly pendingControl: PendingControl | null;
  readonly updatedAt: number;
  readonly sentAt: number | null;
  readonly receivedAt: number | null;
  readonly displayedAt: number | null;
  readonly clickedAt: number | null;
  /** The vendor leg: the vendor last tried, its state and its last error. */
  readonly vendor: Vendor | null;
  readonly vendorState: VendorState | null;
  readonly vendorError: string | null;
}

/** Something owed to a connected device: a message to deliver, or a control frame about one it holds. */
export interface OwedItem {
  readonly message: Message;
  readonly status: DeliveryStatus;
  readonly control: PendingControl | null;
}

export interface StatusUpdate {
  readonly messageId: string;
  readonly deviceId: string;
  readonly status: 'sent' | ReceiptStatus;
  /** The app, for the events this change emits; the store does not need it. */
  readonly appId?: string;
}

/** What one `advance` did to one group of rows: `count` deliveries of a message moved from `from` to `status`. */
export interface AdvanceMove {
  readonly messageId: string;
  readonly status: 'sent' | ReceiptStatus;
  /** The status the rows left. */
  readonly from: DeliveryStatus;
  /** The vendor that had delivered them (their vendor leg is 'sent'), or null. */
  readonly vendor: Vendor | null;
  readonly count: number;
}

export interface AdvanceResult {
  /** Rows changed in all (the sum of the moves' counts). */
  readonly changed: number;
  /** Only rows that actually moved: a repeated or late receipt appears in no move. */
  readonly moves: readonly AdvanceMove[];
}

/** What a revoke or replace did to a message's deliveries. */
export interface ControlChange {
  /** Devices that hold the message and now owe a control frame. */
  readonly held: string[];
  /** Rows whose status changed: the held ones, plus (revoke) the queued ones revoked outright. */
  readonly changed: number;
}

export interface ExpireResult {
  /** Deliveries marked expired in all. */
  readonly changed: number;
  /** The same, per app. */
  readonly byApp: Readonly<Record<string, number>>;
}

/** A delivery's vendor leg, leased for sending. */
export interface VendorLeg {
  readonly messageId: string;
  readonly deviceId: string;
  readonly appId: string;
  /** The vendor tried last time (a retry), or null. */
  readonly vendor: Vendor | null;
  readonly attempts: number;
}

/**
 * What became of a vendor leg: `sent` (a vendor accepted it), `retry` (due again at `dueAt`),
 * `failed` (no vendor can deliver it), `dropped` (nothing to do: acked, revoked, expired, or no
 * vendor token while the own channel still may deliver).
 */
export type VendorSettlement =
  | { readonly kind: 'sent'; readonly messageId: string; readonly deviceId: string; readonly vendor: Vendor }
  | {
      readonly kind: 'retry';
      readonly messageId: string;
      readonly deviceId: string;
      readonly vendor: Vendor | null;
      readonly dueAt: number;
      readonly attempts: number;
      readonly error: string;
    }
  | {
      readonly kind: 'failed';
      readonly messageId: string;
      readonly deviceId: string;
      readonly vendor: Vendor | null;
      readonly error: string;
    }
  | { readonly kind: 'dropped'; readonly messageId: string; readonly deviceId: string };

/** Deliveries of one message grouped by everything the per-channel counts need. */
export interface ChannelCountRow {
  readonly ownChannel: boolean;
  readonly vendor: Vendor | null;
  readonly vendorState: VendorState | null;
  readonly status: DeliveryStatus;
  readonly sent: boolean;
  readonly received: boolean;
  readonly displayed: boolean;
  readonly clicked: boolean;
  readonly n: number;
}

export interface DeliveryRepository {
  /**
   * Creates queued deliveries (or, with `status: 'capped'`, records devices the app's frequency cap
   * held back); existing (message, device) pairs are left alone. Returns how many were new.
   */
  enqueue(
    message: Message,
    deviceIds: readonly string[],
    now: number,
    opts?: { status?: 'queued' | 'capped' },
  ): Promise<number>;
  /**
   * Moves deliveries forward only (queued → sent → received → displayed → clicked), in one
   * transaction. Reports exactly the rows that moved, grouped by message, new status, the status
   * each left and the vendor that had delivered it; rows already at or past a status are left alone
   * and not reported, so a repeated receipt counts nowhere.
   */
  advance(updates: readonly StatusUpdate[], now: number): Promise<AdvanceResult>;
  /**
   * What the device is owed, oldest first: unexpired, unrevoked messages not yet received, and
   * pending revoke/replace frames. At most `limit` items, after `afterMessageId` when given (the
   * last id of the previous page).
   */
  owedTo(deviceId: string, now: number, limit: number, afterMessageId?: string): Promise<OwedItem[]>;
  /** The device confirmed a control frame: stop re-sending it. */
  clearControl(messageId: string, deviceId: string, control: PendingControl): Promise<void>;
  /**
   * Revoke or replace a message on every device: held deliveries take the new status and owe a
   * control frame; queued ones are revoked outright (revoke) or left to deliver the new version
   * (replace). Returns the ids of the devices that hold it and how many rows changed status; a
   * second revoke changes nothing.
   */
  control(messageId: string, control: PendingControl, now: number): Promise<ControlChange>;
  counts(messageId: string): Promise<DeliveryCounts>;
  /** Distinct user ids bound to the devices a message targets, ordered, keyset-paged. */
  users(messageId: string, page: PageRequest): Promise<string[]>;
  list(messageId: string, page: PageRequest): Promise<DeliveryRow[]>;
  get(messageId: string, deviceId: string): Promise<DeliveryRow | undefined>;
  /** Marks undelivered deliveries of at most `limit` expired messages as expired; returns how many, in all and per app. */
  expire(now: number, limit: number): Promise<ExpireResult>;
  /** Vendor legs due by `now`, leased for `leaseMs` (another node skips them meanwhile), oldest due first. */
  claimVendorDue(now: number, leaseMs: number, limit: number): Promise<VendorLeg[]>;
  settleVendor(settlements: readonly VendorSettlement[], now: number): Promise<void>;
  channelCounts(messageId: string): Promise<ChannelCountRow[]>;
  /** A replace: every leg a vendor accepted is due again now, so the new version follows it. Counts per vendor. */
  rearmVendorSent(messageId: string, now: number): Promise<Partial<Record<Vendor, number>>>;
}

/** The organisation tree of an app and its members (external user ids). */
export interface OrgRepository {
  insert(node: OrgNode): Promise<void>;
  get(appId: string, id: string): Promise<OrgNode | undefined>;
  /** Nodes ordered by path (parents before children); under a path: that node and all below it. */
  list(appId: string, underPath: string | null): Promise<OrgNode[]>;
  rename(appId: string, id: string, name: string): Promise<void>;
  /** Moves the node and its subtree under `parentId`; `newPath` is the node's new path. Atomic. */
  move(appId: string, node: OrgNode, parentId: string | null, newPath: string): Promise<void>;
  /** Deletes the node, every node below it and their memberships; returns how many nodes. */
  deleteSubtree(appId: string, node: OrgNode): Promise<number>;
  /** Idempotent: adding a member twice keeps one. */
  addMembers(appId: string, nodeId: string, userIds: readonly string[]): Promise<void>;
  removeMembers(appId: string, nodeId: string, userIds: readonly string[]): Promise<number>;
  /** Direct members of one node, ordered by user id. */
  members(appId: string, nodeId: string, page: PageRequest): Promise<string[]>;
}

/** Webhook subscriptions and their outbox of calls. */
export interface WebhookRepository {
  insert(w: Webhook): Promise<void>;
  list(appId: string): Promise<Webhook[]>;
  get(appId: string, id: string): Promise<Webhook | undefined>;
  /** Deletes the webhook and its outbox. */
  delete(appId: string, id: string): Promise<boolean>;
  enqueue(rows: readonly WebhookDelivery[]): Promise<void>;
  /** Pending calls due by `now`, leased for `leaseMs` so no other node sends them meanwhile. */
  claimDue(
    now: number,
    leaseMs: number,
    limit: number,
  ): Promise<Array<{ delivery: WebhookDelivery; webhook: Webhook }>>;
  /** Records the result of an attempt: delivered, retried later (pending with a new time), or given up (failed). */
  settle(
    id: string,
    result: {
      status: WebhookDeliveryStatus;
      attempts: number;
      nextAttemptAt: number;
      lastError: string | null;
      at: number;
    },
  ): Promise<void>;
  /** Newest first. */
  listDeliveries(appId: string, webhookId: string, page: PageRequest): Promise<WebhookDelivery[]>;
}

/** Vendor credentials per app, vendor and environment; values arrive and leave sealed. */
export interface CredentialRepository {
  /** Stores or replaces (rotation); a replaced credential is ok again until a vendor says otherwise. */
  put(c: StoredCredential): Promise<void>;
  get(appId: string, vendor: Vendor, environment: Environment): Promise<StoredCredential | undefined>;
  list(appId: string): Promise<StoredCredential[]>;
  delete(appId: string, vendor: Vendor, environment: Environment): Promise<boolean>;
  /** A vendor refused it: keep the reason for the app to see. */
  markFailing(
    appId: string,
    vendor: Vendor,
    environment: Environment,
    error: string,
    now: number,
  ): Promise<void>;
}

/** One vendor's tokens in an app: in use, too old to use, and cleared on the vendor's word. */
export interface TokenHealthRow {
  readonly vendor: Vendor;
  readonly active: number;
  /** Not refreshed by the device since the staleness cut-off: no longer used. */
  readonly stale: number;
  readonly invalidated: number;
  readonly lastInvalidatedAt: number | null;
}

export interface TokenRepository {
  /** Vendor tokens of these devices refreshed at or after `freshSince`, by device. */
  live(
    deviceIds: readonly string[],
    freshSince: number,
  ): Promise<Map<string, Partial<Record<Vendor, string>>>>;
  /** Clears a token a vendor called dead (only if the device still holds that very token) and counts it. */
  invalidate(appId: string, deviceId: string, vendor: Vendor, token: string, now: number): Promise<boolean>;
  health(appId: string, freshSince: number): Promise<TokenHealthRow[]>;
}

/** A broadcast a connecting device has not been sent yet, with its task's audience to check it against. */
export interface OwedBroadcast {
  readonly message: Message;
  readonly filter: AudienceFilter;
}

/**
 * Broadcasts without a delivery row per offline device: rows are created as devices are reached
 * (connected ones at once, the rest when they connect), and for devices a vendor can reach.
 */
export interface BroadcastRepository {
  /** Marks the message as broadcast at `at`. */
  open(messageId: string, at: number): Promise<void>;
  /**
   * Creates queued rows for these devices (only those `filter` selects, when given); returns the
   * ids whose rows this call created. At most a thousand devices per call.
   */
  claim(
    message: Message,
    deviceIds: readonly string[],
    now: number,
    filter?: AudienceFilter,
  ): Promise<string[]>;
  /** Creates rows, with vendor legs, for the audience's devices that hold a vendor token; returns how many. */
  vendorRoutes(message: Message, filter: AudienceFilter, now: number): Promise<number>;
  /** Distinct user ids of the devices an audience selects, ordered, keyset-paged. */
  users(appId: string, filter: AudienceFilter, page: PageRequest): Promise<string[]>;
  /** Open broadcasts of the app the device was registered for and has no row of yet, oldest first. */
  owed(appId: string, deviceId: string, now: number): Promise<OwedBroadcast[]>;
}

export interface FrequencyRepository {
  /**
   * Splits devices into those still under the cap (their counters go up by one) and those at it;
   * atomic per device, so concurrent dispatches never let one more through.
   */
  admit(
    deviceIds: readonly string[],
    cap: FrequencyCap,
    now: number,
  ): Promise<{ admitted: string[]; capped: string[] }>;
}

/** Delivery statistics per app, hour bucket, channel and metric (domain/stats.ts). */
export interface StatsRepository {
  /**
   * Adds every increment to its counter (a missing counter starts at zero), all in one
   * transaction: either all count or none. Increments of the same counter may repeat in a call.
   * Not idempotent: a retried call after a success counts twice.
   */
  add(increments: readonly StatIncrement[]): Promise<void>;
  /**
   * The app's counters for hour buckets starting in [from, to), one item per (hour, channel)
   * with any counter, ordered by hour then channel; metrics never counted are 0. With `channel`,
   * that channel's items only.
   */
  hourly(appId: string, from: number, to: number, channel?: string): Promise<HourlyStat[]>;
}

export interface MigrationStep {
  readonly name: string;
  readonly status: 'applied' | 'failed' | 'not-run';
}

/** The persistence seam. No driver or query-builder type crosses it. */
export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  readonly apps: AppRepository;
  readonly devices: DeviceRepository;
  readonly tasks: TaskRepository;
  readonly deliveries: DeliveryRepository;
  readonly orgs: OrgRepository;
  readonly webhooks: WebhookRepository;
  readonly credentials: CredentialRepository;
  readonly tokens: TokenRepository;
  readonly frequency: FrequencyRepository;
  readonly broadcasts: BroadcastRepository;
  readonly stats: StatsRepository;
  /** Brings the schema to the latest version; refuses a database newer than this code. */
  migrate(): Promise<MigrationStep[]>;
  /** Throws if the database cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

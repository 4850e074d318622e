import type { App } from '../domain/app.js';
import type { Audience } from '../domain/audience.js';
import type { DeliveryStatus, PendingControl, VendorState } from '../domain/delivery.js';
import type { Device, DeviceStatus, DeviceType, Platform, Vendor } from '../domain/device.js';
import type { FrequencyCap } from '../domain/frequency-cap.js';
import type { Message, MessageContent, Priority } from '../domain/message.js';
import type { QuietHours } from '../domain/quiet-hours.js';
import type { Routing } from '../domain/routing.js';
import type { Task, TaskStatus } from '../domain/task.js';
import type { AppsTable, DeliveriesTable, DevicesTable, MessagesTable, TasksTable } from './schema.js';
import type { DeliveryRow } from './store.js';

/** Row ↔ domain mapping. The store validated nothing here: rows were written by this code. */

export function toApp(r: AppsTable): App {
  return {
    id: r.id,
    name: r.name,
    appKey: r.app_key,
    masterSecret: r.master_secret,
    quietHours: r.quiet_hours === null ? null : (JSON.parse(r.quiet_hours) as QuietHours),
    ...(r.frequency_cap ? { frequencyCap: JSON.parse(r.frequency_cap) as FrequencyCap } : {}),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function toDevice(
  r: DevicesTable,
  tags: readonly string[],
  vendorTokens: Partial<Record<Vendor, string>>,
): Device {
  return {
    id: r.id,
    appId: r.app_id,
    clientId: r.client_id,
    appPackage: r.app_package,
    pushId: r.push_id,
    deviceName: r.device_name,
    deviceType: r.device_type as DeviceType,
    typeId: r.type_id,
    platform: r.platform as Platform | null,
    vendorTokens,
    userId: r.user_id,
    alias: r.alias,
    tags,
    locale: r.locale,
    timezone: r.timezone,
    province: r.province,
    city: r.city,
    productId: r.product_id,
    isTest: r.is_test === 1,
    status: r.status as DeviceStatus,
    regTime: r.reg_time,
    updatedAt: r.updated_at,
    lastActiveAt: r.last_active_at,
  };
}

export function toMessage(r: MessagesTable): Message {
  return {
    id: r.id,
    appId: r.app_id,
    taskId: r.task_id,
    content: JSON.parse(r.content) as MessageContent,
    priority: r.priority as Priority,
    collapseId: r.collapse_id,
    version: r.version,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
    ...(r.routing ? { routing: JSON.parse(r.routing) as Routing } : {}),
    ...(r.fanout_at !== null && r.fanout_at !== undefined ? { fanoutAt: Number(r.fanout_at) } : {}),
  };
}

export function fromMessage(m: Message): MessagesTable {
  return {
    id: m.id,
    app_id: m.appId,
    task_id: m.taskId,
    content: JSON.stringify(m.content),
    priority: m.priority,
    collapse_id: m.collapseId,
    version: m.version,
    created_at: m.createdAt,
    expires_at: m.expiresAt,
    revoked_at: m.revokedAt,
    routing: m.routing ? JSON.stringify(m.routing) : null,
    fanout_at: m.fanoutAt ?? null,
  };
}

export function toTask(r: Omit<TasksTable, 'title'>): Task {
  return {
    id: r.id,
    appId: r.app_id,
    messageId: r.message_id,
    requestId: r.request_id,
    audience: JSON.parse(r.audience) as Audience,
    testOnly: r.test_only === 1,
    status: r.status as TaskStatus,
    targeted: r.targeted,
    sendAt: r.send_at,
    throttle: r.throttle,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    ...(r.local_time ? { localTime: r.local_time } : {}),
  };
}

export function fromTask(t: Task, title: string | null = null): TasksTable {
  return {
    id: t.id,
    app_id: t.appId,
    message_id: t.messageId,
    request_id: t.requestId,
    title,
    audience: JSON.stringify(t.audience),
    test_only: t.testOnly ? 1 : 0,
    status: t.status,
    targeted: t.targeted,
    send_at: t.sendAt,
    throttle: t.throttle,
    cursor: null,
    lease_owner: null,
    lease_until: null,
    created_at: t.createdAt,
    started_at: t.startedAt,
    finished_at: t.finishedAt,
    local_time: t.localTime ?? null,
  };
}

export function toDelivery(r: DeliveriesTable): DeliveryRow {
  return {
    messageId: r.message_id,
    deviceId: r.device_id,
    status: r.status as DeliveryStatus,
    channel: r.channel,
    pendingControl: r.pending_control as PendingControl | null,
    updatedAt: r.updated_at,
    sentAt: r.sent_at,
    receivedAt: r.received_at,
    displayedAt: r.displayed_at,
    clickedAt: r.clicked_at,
    vendor: r.vendor as Vendor | null,
    vendorState: r.vendor_state as VendorState | null,
    vendorError: r.vendor_error,
  };
}

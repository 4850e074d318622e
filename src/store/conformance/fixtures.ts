import type { App } from '../../domain/app.js';
import type { Audience } from '../../domain/audience.js';
import type { DeviceRegistration } from '../../domain/device.js';
import { newAppKey, newId, newSecret } from '../../domain/ids.js';
import type { Message, MessageContent } from '../../domain/message.js';
import type { Routing } from '../../domain/routing.js';
import type { Task } from '../../domain/task.js';
import type { PageRequest, RegisterResult, Store } from '../store.js';

/** A fixed epoch: every time the store sees comes from the test, never the wall clock. */
export const T0 = Date.UTC(2024, 0, 1);

/** Ids in the order the store must page them: plain code-unit order, as SQLite and PostgreSQL's C collation sort. */
export function sorted(ids: Iterable<string>): string[] {
  return [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** An app not yet stored, with fresh id and key. */
export function appFixture(now = T0): App {
  const id = newId();
  return {
    id,
    name: `app ${id}`,
    appKey: newAppKey(),
    masterSecret: newSecret(),
    quietHours: null,
    createdAt: now,
    updatedAt: now,
  };
}

/** Stores a fresh app: each test works in apps of its own, so tests never see each other's rows. */
export async function newApp(store: Store, now = T0): Promise<App> {
  const app = appFixture(now);
  await store.apps.insert(app);
  return app;
}

/** A minimal registration under a fresh clientId; `overrides` adds or replaces fields. */
export function registration(overrides: Partial<DeviceRegistration> = {}): DeviceRegistration {
  return { clientId: newId(), appPackage: 'com.example.app', deviceType: '01', ...overrides };
}

/** The id and token a new device would get. */
export function freshIdentity(): { id: string; token: string } {
  return { id: newId(), token: newSecret() };
}

/** Registers a device through the store at `now`. */
export function register(
  store: Store,
  appId: string,
  overrides: Partial<DeviceRegistration> = {},
  now = T0,
): Promise<RegisterResult> {
  return store.devices.register(appId, registration(overrides), now, freshIdentity());
}

/** What a test may vary in a task and its message; the rest takes plain defaults. */
export interface TaskOptions {
  readonly requestId?: string | null;
  readonly expiresAt?: number | null;
  readonly audience?: Audience;
  readonly testOnly?: boolean;
  readonly content?: MessageContent;
  readonly createdAt?: number;
  readonly routing?: Routing;
}

/** A pending task and its version-1 message, not yet stored. */
export function taskFixture(appId: string, opts: TaskOptions = {}): { task: Task; message: Message } {
  const taskId = newId();
  const messageId = newId();
  const createdAt = opts.createdAt ?? T0;
  const task: Task = {
    id: taskId,
    appId,
    messageId,
    requestId: opts.requestId ?? null,
    audience: opts.audience ?? 'all',
    testOnly: opts.testOnly ?? false,
    status: 'pending',
    targeted: 0,
    sendAt: null,
    throttle: null,
    createdAt,
    startedAt: null,
    finishedAt: null,
  };
  const message: Message = {
    id: messageId,
    appId,
    taskId,
    content: opts.content ?? {
      kind: 'notification',
      title: 'Hello',
      body: `message ${messageId}`,
      data: { n: 1 },
    },
    priority: 'normal',
    collapseId: null,
    version: 1,
    createdAt,
    expiresAt: opts.expiresAt ?? null,
    revokedAt: null,
    ...(opts.routing ? { routing: opts.routing } : {}),
  };
  return { task, message };
}

/** Creates a task through the store and fails the test unless it was new. */
export async function newTask(
  store: Store,
  appId: string,
  opts: TaskOptions = {},
): Promise<{ task: Task; message: Message }> {
  const { task, message } = taskFixture(appId, opts);
  const r = await store.tasks.create(task, message);
  if (!r.created) throw new Error(`task ${task.id} was not created`);
  return { task, message };
}

/** Walks every keyset page; fails on a page over the limit so a broken `limit` cannot hide. */
export async function allPages<T>(
  fetch: (page: PageRequest) => Promise<T[]>,
  key: (item: T) => string,
  limit: number,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const page = await fetch({ after, limit });
    if (page.length > limit) throw new Error(`page of ${page.length} over limit ${limit}`);
    if (page.length === 0) return { items, pages };
    pages += 1;
    items.push(...page);
    const last = page[page.length - 1];
    if (last === undefined) return { items, pages };
    after = key(last);
  }
}

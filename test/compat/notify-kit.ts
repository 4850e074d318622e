import assert from 'node:assert/strict';
import { call, createApp, type RunningHerald, type TestApp } from '../support/herald-harness.js';

/** Seed 004's envelope. */
export interface SeedAnswer<T> {
  code: number;
  data: T;
  message: string | null;
}

/** An app plus an access token from the native token endpoint, as a seed 004 client holds them. */
export interface SeedApp extends TestApp {
  readonly token: string;
}

export async function seedApp(h: RunningHerald, name = 'seed 004 app'): Promise<SeedApp> {
  const app = await createApp(h, name);
  const t = await call<{ accessToken: string }>(h, 'POST', '/v1/access-tokens', { auth: app.auth, body: {} });
  assert.equal(t.status, 201, JSON.stringify(t.body));
  return { ...app, token: t.body.accessToken };
}

/** A seed 004 call: `access-token` (+ `app_id`) headers, JSON body; status and parsed envelope. */
export function seed<T = unknown>(
  h: RunningHerald,
  method: string,
  path: string,
  opts: {
    app?: SeedApp;
    token?: string;
    headers?: Record<string, string>;
    body?: unknown;
    raw?: string;
  } = {},
): Promise<{ status: number; body: SeedAnswer<T> }> {
  const headers: Record<string, string> = {};
  const token = opts.token ?? opts.app?.token;
  if (token !== undefined) headers['access-token'] = token;
  if (opts.app) headers.app_id = opts.app.id;
  Object.assign(headers, opts.headers);
  return call<SeedAnswer<T>>(h, method, path, {
    headers,
    ...(opts.body !== undefined ? { body: opts.body } : {}),
    ...(opts.raw !== undefined ? { raw: opts.raw } : {}),
  });
}

/** A success: HTTP 200, exactly code/data/message with code 200 and message null. */
export function assertOk<T>(r: { status: number; body: SeedAnswer<T> }): T {
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(Object.keys(r.body).sort(), ['code', 'data', 'message']);
  assert.equal(r.body.code, 200);
  assert.equal(r.body.message, null);
  return r.body.data;
}

/** A refusal: HTTP status = code, data null, a message naming `field` first. */
export function assertRefused(
  r: { status: number; body: SeedAnswer<unknown> },
  code: number,
  field?: string,
): void {
  assert.equal(r.status, code, JSON.stringify(r.body));
  assert.deepEqual(Object.keys(r.body).sort(), ['code', 'data', 'message']);
  assert.equal(r.body.code, code);
  assert.equal(r.body.data, null);
  assert.equal(typeof r.body.message, 'string');
  if (field !== undefined)
    assert.ok(r.body.message?.startsWith(`${field}:`), `expected "${field}: …", got ${r.body.message}`);
}

/** The 24 channel figures of task/detail plus task_id, in the seed's names. */
export const SEED_CHANNELS = ['apns', 'fcm', 'flyme', 'huawei', 'mxpush', 'oppo', 'vivo', 'xiaomi'] as const;
export const DETAIL_KEYS = [
  'task_id',
  ...SEED_CHANNELS.flatMap((c) => [`${c}_received`, `${c}_sent`, `${c}_target`]),
].sort();

/** How many tasks the app has (native list), to prove a refused push stored nothing. */
export async function taskCount(h: RunningHerald, app: TestApp): Promise<number> {
  const r = await call<{ items: unknown[] }>(h, 'GET', '/v1/tasks?limit=1000', { auth: app.auth });
  assert.equal(r.status, 200);
  return r.body.items.length;
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bus } from '../../src/bus/bus.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/schema.js';
import type { Clock } from '../../src/domain/clock.js';
import { createHerald, type Herald } from '../../src/main.js';
import { createLogger } from '../../src/observability/logger.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { dropSchema, POSTGRES_URL, uniqueSchema } from './services.js';

export type Backend = 'sqlite' | 'postgres';

export interface RunningHerald {
  readonly herald: Herald;
  readonly url: string;
  readonly wsUrl: string;
  readonly adminToken: string;
  readonly backend: Backend;
  /** The PostgreSQL schema, for a second node to join. */
  readonly schema: string | undefined;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Join an existing PostgreSQL schema (another node's) instead of creating a private one; it is not dropped. */
  readonly sharedSchema?: string;
  readonly bus?: Bus;
  /** A clock the test moves (scheduling, expiry). */
  readonly clock?: Clock;
}

/** A real Herald on 127.0.0.1, a random port, and a private database (temp SQLite file or PostgreSQL schema). */
export async function startHerald(
  backend: Backend = 'sqlite',
  overrides: Partial<Config> = {},
  opts: StartOptions = {},
): Promise<RunningHerald> {
  const dir = await mkdtemp(join(tmpdir(), 'herald-test-'));
  const schema = backend === 'postgres' ? (opts.sharedSchema ?? uniqueSchema('e2e')) : undefined;
  const store: Store =
    backend === 'postgres'
      ? openStore({ kind: 'postgres', url: POSTGRES_URL, schema: schema! })
      : openStore({ kind: 'sqlite', file: join(dir, 'herald.db') });
  const config = loadConfig(
    {},
    { port: 0, host: '127.0.0.1', dataDir: dir, adminToken: 'test-admin-token', ...overrides },
  );
  const log = createLogger({ level: process.env.HERALD_TEST_LOG ?? 'silent', format: 'json', isTty: false });
  const herald = await createHerald(config, {
    log,
    store,
    ...(opts.bus ? { bus: opts.bus } : {}),
    ...(opts.clock ? { clock: opts.clock } : {}),
  });
  const url = await herald.listen();
  return {
    herald,
    url,
    wsUrl: `${url.replace('http', 'ws')}/v1/connect`,
    adminToken: herald.adminToken,
    backend,
    schema,
    async close() {
      await herald.close();
      if (schema && !opts.sharedSchema) await dropSchema(schema);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface TestApp {
  readonly id: string;
  readonly appKey: string;
  readonly masterSecret: string;
  readonly auth: string;
}

export async function createApp(h: RunningHerald, name = 'test app'): Promise<TestApp> {
  const res = await fetch(`${h.url}/v1/apps`, {
    method: 'POST',
    headers: { authorization: `Bearer ${h.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  if (res.status !== 201) throw new Error(`create app: ${res.status} ${await res.text()}`);
  const app = (await res.json()) as { id: string; appKey: string; masterSecret: string };
  return { ...app, auth: `Basic ${Buffer.from(`${app.appKey}:${app.masterSecret}`).toString('base64')}` };
}

/** JSON request with an app's Basic auth (or none); returns status and parsed body. */
export async function call<T = Record<string, unknown>>(
  h: RunningHerald,
  method: string,
  path: string,
  opts: { auth?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.auth) headers.authorization = opts.auth;
  const payload = opts.raw ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined);
  if (payload !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetch(`${h.url}${path}`, {
    method,
    headers,
    ...(payload !== undefined ? { body: payload } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export async function registerDevice(
  h: RunningHerald,
  app: TestApp,
  fields: Record<string, unknown> = {},
): Promise<{ deviceId: string; deviceToken: string }> {
  const r = await call<{ deviceId: string; deviceToken: string }>(h, 'POST', '/v1/devices', {
    auth: app.auth,
    body: {
      clientId: `client-${Math.random().toString(36).slice(2)}`,
      appPackage: 'com.example.app',
      deviceType: '01',
      ...fields,
    },
  });
  if (r.status !== 201 && r.status !== 200)
    throw new Error(`register: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 5000,
  what = 'condition',
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

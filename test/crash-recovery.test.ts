import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { forEachBackend } from './support/backends.js';
import { connectDevice, type TestDevice } from './support/device.js';
import { eventually } from './support/herald-harness.js';
import { freePort, ServerProcess } from './support/server-process.js';
import { POSTGRES_URL, uniqueSchema } from './support/services.js';

const DEVICES = 300;
const ADMIN = 'crash-admin-token';

async function json<T>(
  url: string,
  init: RequestInit & { auth?: string } = {},
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (init.auth) headers.authorization = init.auth;
  const res = await fetch(url, { ...init, headers });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/**
 * A push to every device, the server killed (SIGKILL, or stopped with SIGTERM) while it is
 * dispatching, then started again: every device must end with the message exactly once.
 */
forEachBackend('durable dispatch across a server crash', (backend) => {
  let dir: string;
  let database: string | undefined;
  let server: ServerProcess;
  let auth: string;
  const devices: TestDevice[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'herald-crash-'));
    const env: Record<string, string> = {
      HERALD_DATA_DIR: dir,
      HERALD_ADMIN_TOKEN: ADMIN,
      HERALD_LOG_LEVEL: 'warn',
      // Small pages make the dispatch long enough to be cut in the middle; a short lease lets the restart resume at once.
      HERALD_DISPATCH_PAGE_SIZE: '10',
      HERALD_LEASE_MS: '1500',
    };
    if (backend === 'postgres') {
      database = uniqueSchema('crash');
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      await c.query(`create database ${database}`);
      await c.end();
      env.HERALD_DATABASE_URL = POSTGRES_URL.replace(/\/[^/]+$/, `/${database}`);
    }
    server = new ServerProcess(await freePort(), env);
    await server.start();
    const app = await json<{ appKey: string; masterSecret: string }>(`${server.url}/v1/apps`, {
      method: 'POST',
      auth: `Bearer ${ADMIN}`,
      body: JSON.stringify({ name: 'crash' }),
    });
    auth = `Basic ${Buffer.from(`${app.body.appKey}:${app.body.masterSecret}`).toString('base64')}`;
    for (let i = 0; i < DEVICES; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, DEVICES - i) }, (_, j) =>
          json<{ deviceToken: string }>(`${server.url}/v1/devices`, {
            method: 'POST',
            auth,
            body: JSON.stringify({ clientId: `crash-${i + j}`, appPackage: 'com.crash', deviceType: '01' }),
          }),
        ),
      );
      for (const r of batch)
        devices.push(connectDevice(`${server.url.replace('http', 'ws')}/v1/connect`, r.body.deviceToken));
    }
    await Promise.all(devices.map((d) => d.opened()));
  });

  after(async () => {
    for (const d of devices) d.close();
    await server.stop('SIGKILL');
    if (database) {
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      await c.query(`drop database if exists ${database} with (force)`);
      await c.end();
    }
    await rm(dir, { recursive: true, force: true });
  });

  for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
    test(`${signal} in the middle of a push to ${DEVICES} devices: each gets it exactly once after restart`, async () => {
      const r = await json<{ taskId: string; messageId: string }>(`${server.url}/v1/push`, {
        method: 'POST',
        auth,
        body: JSON.stringify({ audience: 'all', message: { title: `survives ${signal}` } }),
      });
      assert.equal(r.status, 202);
      const { messageId, taskId } = r.body;
      const got = () => devices.filter((d) => d.messages.some((m) => m.id === messageId)).length;
      if (signal === 'SIGKILL') {
        await eventually(() => (got() > 0 ? true : undefined), 10_000, 'first delivery');
        await server.stop(signal);
        const beforeRestart = got();
        assert.ok(
          beforeRestart < DEVICES,
          `the kill came too late to test anything (${beforeRestart}/${DEVICES} delivered)`,
        );
      } else {
        // A graceful stop right after acceptance: whatever was not dispatched must be resumed, not lost.
        assert.equal(await server.stop(signal), 0, 'graceful shutdown exits 0');
      }
      await server.start();
      await eventually(
        () => (got() === DEVICES ? true : undefined),
        30_000,
        `all ${DEVICES} devices to have the message`,
      );
      const task = await eventually(
        async () => {
          const t = await json<{ status: string; targeted: number; counts: Record<string, number> }>(
            `${server.url}/v1/tasks/${taskId}`,
            { auth },
          );
          return t.body.status === 'sent' && t.body.counts.received === DEVICES ? t.body : undefined;
        },
        20_000,
        'task sent and every receipt recorded',
      );
      assert.equal(task.targeted, DEVICES);
      // Redelivery after the restart is expected; the SDK must show each message once.
      for (const d of devices) assert.equal(d.messages.filter((m) => m.id === messageId).length, 1);
    });
  }
});

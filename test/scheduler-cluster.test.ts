import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { connectDevice, countingSocket, type TestDevice } from './support/device.js';
import { eventually } from './support/herald-harness.js';
import { freePort, ServerProcess } from './support/server-process.js';
import { POSTGRES_URL, postgresAvailable, REDIS_URL, uniqueSchema } from './support/services.js';

/**
 * The scheduler on two real `herald serve` processes sharing one PostgreSQL database and one Redis:
 * tasks due at the same moment are claimed (FOR UPDATE SKIP LOCKED) and started once, and a task
 * whose node is killed mid-dispatch is taken over by the other node once its lease runs out.
 */
const ready = await postgresAvailable();

const ADMIN = 'sched-cluster-admin';
/** Short, so a takeover comes quickly; still three throttled pages (one a second) between renewals. */
const LEASE_MS = 3000;
const TASKS = 20;
const PER_TASK = 4;
const FLEET = 24;
const BROADCAST = 300;
/** Devices a second: the broadcast runs six one-second pages, long enough to be cut in the middle. */
const THROTTLE = 50;

interface Node {
  readonly id: string;
  readonly server: ServerProcess;
  readonly wsUrl: string;
}

interface App {
  readonly auth: string;
}

interface Registered {
  readonly id: string;
  readonly token: string;
  readonly node: Node;
  device: TestDevice;
  /** Message frames per message id on the device's current connection, before the SDK dedups. */
  frames: Map<string, number>;
}

interface TaskRow {
  id: string;
  status: string;
  send_at: number;
  started_at: number | null;
  finished_at: number | null;
  lease_owner: string | null;
  lease_until: number | null;
}

async function json<T>(
  url: string,
  init: { method?: string; auth?: string; body?: unknown } = {},
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (init.auth) headers.authorization = init.auth;
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** Records the task.finished events both nodes' webhook senders post. */
async function webhookReceiver(): Promise<{ url: string; finished: string[]; close(): Promise<void> }> {
  const finished: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      const { events } = JSON.parse(body) as { events: Array<{ type: string; data: { taskId?: string } }> };
      for (const e of events) if (e.type === 'task.finished' && e.data.taskId) finished.push(e.data.taskId);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    finished,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** Sum of herald_tasks_finished_total over every status, as the node's /metrics shows it. */
async function finishedTotal(node: Node): Promise<number> {
  const text = await (await fetch(`${node.server.url}/metrics`)).text();
  let n = 0;
  for (const m of text.matchAll(/^herald_tasks_finished_total\{[^}]*\} (\d+)$/gm)) n += Number(m[1]);
  return n;
}

describe('the scheduler on two herald processes sharing PostgreSQL', {
  skip: ready ? false : 'PostgreSQL not reachable at 127.0.0.1:5432: start it to run this suite',
}, () => {
  const database = uniqueSchema('schedcluster');
  const dirs: string[] = [];
  const nodes: Node[] = [];
  const registered: Registered[] = [];
  let db: pg.Client;
  let rx: Awaited<ReturnType<typeof webhookReceiver>>;

  const createApp = async (name: string): Promise<App> => {
    const r = await json<{ appKey: string; masterSecret: string }>(`${nodes[0]!.server.url}/v1/apps`, {
      method: 'POST',
      auth: `Bearer ${ADMIN}`,
      body: { name },
    });
    assert.equal(r.status, 201);
    return { auth: `Basic ${Buffer.from(`${r.body.appKey}:${r.body.masterSecret}`).toString('base64')}` };
  };

  const hookTaskFinished = async (app: App, node: Node) => {
    const r = await json(`${node.server.url}/v1/webhooks`, {
      method: 'POST',
      auth: app.auth,
      body: { url: rx.url, events: ['task.finished'] },
    });
    assert.equal(r.status, 201);
  };

  const push = async (node: Node, app: App, body: unknown) => {
    const r = await json<{ taskId: string; messageId: string }>(`${node.server.url}/v1/push`, {
      method: 'POST',
      auth: app.auth,
      body,
    });
    assert.equal(r.status, 202, JSON.stringify(r.body));
    return r.body;
  };

  /** Registers `n` devices, alternately through each node, and connects each to the node it registered on. */
  const registerFleet = async (app: App, n: number, label: string): Promise<Registered[]> => {
    const fleet: Registered[] = [];
    for (let i = 0; i < n; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, n - i) }, async (_, j) => {
          const node = nodes[(i + j) % 2]!;
          const r = await json<{ deviceId: string; deviceToken: string }>(`${node.server.url}/v1/devices`, {
            method: 'POST',
            auth: app.auth,
            body: { clientId: `${label}-${i + j}`, appPackage: 'com.sched', deviceType: '01' },
          });
          assert.equal(r.status, 201);
          const frames = new Map<string, number>();
          const device = connectDevice(node.wsUrl, r.body.deviceToken, { webSocket: countingSocket(frames) });
          return { id: r.body.deviceId, token: r.body.deviceToken, node, device, frames };
        }),
      );
      fleet.push(...batch);
    }
    await Promise.all(fleet.map((d) => d.device.opened()));
    registered.push(...fleet);
    return fleet;
  };

  const taskRows = async (ids: readonly string[]): Promise<TaskRow[]> =>
    (
      await db.query<TaskRow>(
        `select id, status, send_at::float8 as send_at, started_at::float8 as started_at,
                finished_at::float8 as finished_at, lease_owner, lease_until::float8 as lease_until
           from tasks where id = any($1)`,
        [ids],
      )
    ).rows;

  /** Delivery rows per (message, device): the store's record of who was sent what. */
  const deliveryRows = async (messageIds: readonly string[]) =>
    (
      await db.query<{ message_id: string; device_id: string; n: number }>(
        `select message_id, device_id, count(*)::int as n from deliveries
          where message_id = any($1) group by message_id, device_id`,
        [messageIds],
      )
    ).rows;

  before(async () => {
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    await admin.query(`create database ${database}`);
    await admin.end();
    const url = POSTGRES_URL.replace(/\/[^/]+$/, `/${database}`);
    rx = await webhookReceiver();
    for (const id of ['sched-a', 'sched-b']) {
      const dir = await mkdtemp(join(tmpdir(), `herald-${id}-`));
      dirs.push(dir);
      const port = await freePort();
      const server = new ServerProcess(port, {
        HERALD_DATA_DIR: dir,
        HERALD_ADMIN_TOKEN: ADMIN,
        HERALD_NODE_ID: id,
        HERALD_DATABASE_URL: url,
        HERALD_REDIS_URL: REDIS_URL,
        HERALD_LEASE_MS: String(LEASE_MS),
        HERALD_LOG_LEVEL: 'warn',
        // A cluster shares one sealing key (each node has its own data dir here).
        HERALD_SECRET_KEY: '0'.repeat(64),
      });
      nodes.push({ id, server, wsUrl: `ws://127.0.0.1:${port}/v1/connect` });
    }
    // One after the other: both would otherwise run the migrations at once (they lock, but the wait is wasted).
    for (const n of nodes) await n.server.start();
    db = new pg.Client({ connectionString: url });
    await db.connect();
  });

  after(async () => {
    for (const r of registered) r.device.close();
    await Promise.all(nodes.map((n) => n.server.stop('SIGKILL')));
    await db?.end();
    await rx?.close();
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.end();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  test(`${TASKS} tasks due at the same moment: each claimed, sent and finished exactly once, by one node or the other`, async (t) => {
    const app = await createApp('race');
    const bellApp = await createApp('bell');
    await hookTaskFinished(app, nodes[1]!);
    const fleet = await registerFleet(app, FLEET, 'race');
    // Overlapping windows of consecutive devices: every audience has devices on both nodes.
    const audienceOf = (i: number) => Array.from({ length: PER_TASK }, (_, k) => fleet[(i + k) % FLEET]!);
    const finishedBefore = await Promise.all(nodes.map(finishedTotal));

    const dueAt = Date.now() + 3000;
    const tasks = await Promise.all(
      Array.from({ length: TASKS }, (_, i) =>
        push(nodes[i % 2]!, app, {
          audience: { deviceIds: audienceOf(i).map((d) => d.id) },
          message: { title: `race ${i}` },
          // Two devices a second: a task holds one of a node's 8 dispatch slots for about two seconds, so
          // neither node can claim all twenty before the other's next poll.
          options: { sendAt: dueAt, throttle: 2 },
        }),
      ),
    );
    assert.ok(Date.now() < dueAt - 500, 'accepting the tasks took so long they were nearly due');
    const taskIds = tasks.map((x) => x.taskId);
    const messageIds = tasks.map((x) => x.messageId);
    assert.deepEqual(
      (await taskRows(taskIds)).map((r) => r.status),
      taskIds.map(() => 'scheduled'),
    );
    assert.equal((await deliveryRows(messageIds)).length, 0, 'nothing is sent before it is due');

    // An immediate push is announced on the bus: both nodes look for due tasks in the same instant,
    // not only on their own poll ticks, so their claims really meet.
    await sleep(dueAt + 20 - Date.now());
    await push(nodes[0]!, bellApp, { audience: 'all', message: { title: 'bell' } });

    const expected = new Map<string, Set<string>>(fleet.map((d) => [d.id, new Set()]));
    for (let i = 0; i < TASKS; i++) for (const d of audienceOf(i)) expected.get(d.id)!.add(messageIds[i]!);
    await eventually(
      () => (fleet.every((d) => d.device.messages.length >= expected.get(d.id)!.size) ? true : undefined),
      20_000,
      'every device to have its messages',
    );
    const rows = await eventually(
      async () => {
        const r = await taskRows(taskIds);
        return r.every((x) => x.status === 'sent') ? r : undefined;
      },
      10_000,
      'every task sent',
    );
    // task.finished is written to the outbox within a second; wait a little past it to see any second one.
    await eventually(() => (rx.finished.length >= TASKS ? true : undefined), 10_000, 'task.finished events');
    await sleep(1500);

    for (const d of fleet) {
      const got = d.device.messages.map((m) => m.id).sort();
      assert.deepEqual(got, [...expected.get(d.id)!].sort(), `device ${d.id} got its messages once each`);
      for (const m of expected.get(d.id)!)
        assert.equal(d.frames.get(m), 1, `one frame of ${m} reached ${d.id} (before SDK dedup)`);
    }
    const deliveries = await deliveryRows(messageIds);
    assert.equal(deliveries.length, TASKS * PER_TASK);
    assert.ok(
      deliveries.every((r) => r.n === 1),
      'one delivery row per task and device',
    );
    for (const r of rows) {
      assert.equal(r.lease_owner, null);
      assert.ok(r.started_at !== null && r.started_at >= dueAt, `task ${r.id} started when due, not before`);
      // The last tasks wait for a free dispatch slot (about two seconds); the rest is slack for a loaded machine.
      assert.ok(r.started_at < dueAt + 10_000, `task ${r.id} started soon after it was due`);
      assert.ok(r.finished_at !== null && r.finished_at >= r.started_at);
    }
    assert.deepEqual([...rx.finished].sort(), [...taskIds].sort(), 'one task.finished per task');

    const finishedBy = (await Promise.all(nodes.map(finishedTotal))).map((n, i) => n - finishedBefore[i]!);
    t.diagnostic(`tasks finished: ${nodes.map((n, i) => `${n.id} ${finishedBy[i]}`).join(', ')}`);
    assert.equal(
      finishedBy[0]! + finishedBy[1]!,
      TASKS + 1,
      'the nodes finished each task (and the bell) once between them',
    );
    assert.ok(
      finishedBy.every((n) => n > 0),
      'both nodes claimed some of the tasks',
    );
    for (const n of nodes) assert.doesNotMatch(n.server.output, /lease lost/, `${n.id} never lost a lease`);
  });

  test(`a broadcast whose node is killed mid-dispatch is taken over after the lease and finished once`, async (t) => {
    const app = await createApp('takeover');
    await hookTaskFinished(app, nodes[0]!);
    const fleet = await registerFleet(app, BROADCAST, 'takeover');
    const finishedBefore = await Promise.all(nodes.map(finishedTotal));
    const dueAt = Date.now() + 2000;
    const { taskId, messageId } = await push(nodes[1]!, app, {
      audience: 'all',
      message: { title: 'taken over' },
      options: { sendAt: dueAt, throttle: THROTTLE },
    });
    const claimed = await eventually(
      async () => {
        const [r] = await taskRows([taskId]);
        return r?.status === 'sending' && r.lease_owner ? r : undefined;
      },
      10_000,
      'a node to claim the broadcast',
    );
    const victim = nodes.find((n) => n.id === claimed.lease_owner)!;
    const survivor = nodes.find((n) => n !== victim)!;
    await eventually(
      async () => ((await deliveryRows([messageId])).length >= 2 * THROTTLE ? true : undefined),
      10_000,
      'two pages dispatched',
    );
    await victim.server.stop('SIGKILL');
    const killedAt = Date.now();
    const [atKill] = await taskRows([taskId]);
    const storedAtKill = (await deliveryRows([messageId])).length;
    t.diagnostic(`${victim.id} held the task and was killed after ${storedAtKill}/${BROADCAST} deliveries`);
    assert.equal(atKill!.lease_owner, victim.id);
    assert.ok(storedAtKill < BROADCAST, 'the kill came too late to cut the dispatch');

    const taken = await eventually(
      async () => {
        const [r] = await taskRows([taskId]);
        return r?.lease_owner === survivor.id ? { row: r, at: Date.now() } : undefined;
      },
      LEASE_MS + 10_000,
      `${survivor.id} to take the task over`,
    );
    // Every lease_until the survivor writes is its clock plus LEASE_MS: none may predate the victim's lease.
    assert.ok(
      taken.row.lease_until! - LEASE_MS >= atKill!.lease_until!,
      `taken over only after the lease ran out (${taken.row.lease_until! - LEASE_MS} < ${atKill!.lease_until})`,
    );
    // The poll runs every second; the rest is slack for a loaded machine.
    assert.ok(taken.at - atKill!.lease_until! < 5000, 'taken over soon after the lease ran out');
    t.diagnostic(`taken over ${taken.at - killedAt} ms after the kill (lease ${LEASE_MS} ms)`);

    const done = await eventually(
      async () => {
        const [r] = await taskRows([taskId]);
        return r?.status === 'sent' ? r : undefined;
      },
      20_000,
      'the task to finish',
    );
    assert.equal(
      done.started_at,
      atKill!.started_at,
      'startedAt is the first start, kept across the takeover',
    );
    assert.equal(done.lease_owner, null);
    const deliveries = await deliveryRows([messageId]);
    assert.deepEqual(
      deliveries.map((r) => r.device_id).sort(),
      fleet.map((d) => d.id).sort(),
      'every device has a delivery row',
    );
    assert.ok(
      deliveries.every((r) => r.n === 1),
      'one delivery row per device',
    );

    // Devices on the survivor got it live, once; a crash re-runs at most the page in flight.
    const onSurvivor = fleet.filter((d) => d.node === survivor);
    await eventually(
      () => (onSurvivor.every((d) => d.device.messages.some((m) => m.id === messageId)) ? true : undefined),
      10_000,
      'devices on the survivor to have the message',
    );
    for (const d of onSurvivor)
      assert.equal(d.device.messages.filter((m) => m.id === messageId).length, 1, `${d.id} shows it once`);
    const repeated = onSurvivor.filter((d) => (d.frames.get(messageId) ?? 0) > 1).length;
    t.diagnostic(`${repeated} of ${onSurvivor.length} devices on ${survivor.id} were sent it a second time`);
    assert.ok(repeated <= THROTTLE, `${repeated} devices were sent it twice: more than one page re-run`);

    // Devices that were on the killed node reconnect to the survivor: each ends up with it, none twice.
    const moved = fleet.filter((d) => d.node === victim);
    const hadIt = new Set(
      moved.filter((d) => d.device.messages.some((m) => m.id === messageId)).map((d) => d.id),
    );
    for (const d of moved) {
      d.device.close();
      d.frames = new Map();
      d.device = connectDevice(survivor.wsUrl, d.token, { webSocket: countingSocket(d.frames) });
    }
    await Promise.all(moved.map((d) => d.device.opened()));
    await eventually(
      () =>
        moved.every((d) => hadIt.has(d.id) || d.device.messages.some((m) => m.id === messageId))
          ? true
          : undefined,
      10_000,
      'devices moved to the survivor to have the message',
    );
    for (const d of moved)
      assert.ok(
        d.device.messages.filter((m) => m.id === messageId).length <= 1,
        `${d.id} shows it at most once`,
      );
    const received = await eventually(
      async () => {
        const r = await json<{ counts: { received: number } }>(`${survivor.server.url}/v1/tasks/${taskId}`, {
          auth: app.auth,
        });
        return r.body.counts.received === BROADCAST ? r.body : undefined;
      },
      10_000,
      'every receipt recorded',
    );
    assert.equal(received.counts.received, BROADCAST);

    await eventually(() => (rx.finished.includes(taskId) ? true : undefined), 10_000, 'task.finished');
    await sleep(1500);
    assert.equal(rx.finished.filter((id) => id === taskId).length, 1, 'one task.finished for the broadcast');
    const survivorIndex = nodes.indexOf(survivor);
    assert.equal(
      (await finishedTotal(survivor)) - finishedBefore[survivorIndex]!,
      1,
      `${survivor.id} counted the task finished once`,
    );
  });
});

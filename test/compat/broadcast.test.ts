import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachBackend } from '../support/backends.js';
import { connectDevice, type TestDevice } from '../support/device.js';
import {
  call,
  createApp,
  eventually,
  type RunningHerald,
  registerDevice,
  startHerald,
  type TestApp,
} from '../support/herald-harness.js';
import {
  accessToken,
  EXAMPLE_DAY_NOON,
  EXAMPLE_DEVICE,
  exampleScope,
  exampleTask,
  FakeClock,
  HOUR,
  type SeedErrorBody,
  seedCall,
  seedTime,
} from './broadcast-kit.js';

interface SeedTaskBody {
  id: string;
  title: string;
  content: string;
  time: string;
  expire: string;
  action: Record<string, unknown>;
  status: number;
  user_num: number;
  arrive_num: number;
  read_num: number;
  scope: Record<string, unknown>;
}

const TASK_KEYS = [
  'action',
  'arrive_num',
  'content',
  'expire',
  'id',
  'read_num',
  'scope',
  'status',
  'time',
  'title',
  'user_num',
];

forEachBackend('seed 003 broadcast tasks: create, read, schedule, edit, delete, count', (backend) => {
  const clock = new FakeClock();
  let h: RunningHerald;
  const open: TestDevice[] = [];

  const connect = async (token: string, opts: { autoAck?: boolean } = {}) => {
    const d = connectDevice(h, token, opts);
    open.push(d);
    await d.opened();
    return d;
  };
  /** Moves time on and lets the dispatcher pick up what became due. */
  const advance = async (ms: number) => {
    clock.t += ms;
    h.herald.dispatcher.kick();
    await new Promise((r) => setTimeout(r, 50));
    await h.herald.dispatcher.idle();
  };
  const newApp = async (name: string): Promise<{ app: TestApp; token: string }> => {
    const app = await createApp(h, name);
    // A week, the longest a token lives: these tests move the clock by hours.
    return { app, token: await accessToken(h, app, 7 * 24 * 3600) };
  };
  /** Waits until the device's connection was recorded as its last activity (written once a second). */
  const seenAt = async (app: TestApp, deviceId: string, at: number) =>
    eventually(
      async () => {
        const d = await call<{ lastActiveAt: number | null }>(h, 'GET', `/v1/devices/${deviceId}`, {
          auth: app.auth,
        });
        return d.body.lastActiveAt === at ? true : undefined;
      },
      5000,
      'last activity recorded',
    );

  before(async () => {
    h = await startHerald(backend, {}, { clock });
  });
  after(async () => {
    for (const d of open) d.close();
    await h.close();
  });

  test('task_add with the example body (scope 1, all users): both devices receive it; the answer and GET task/{id} are the seed task field by field', async () => {
    const { app, token } = await newApp('all users');
    const a = await registerDevice(h, app, { userId: 'ua' });
    const b = await registerDevice(h, app, { userId: 'ub' });
    const [da, db] = [await connect(a.deviceToken), await connect(b.deviceToken)];
    const now = clock.t;

    const r = await seedCall<SeedTaskBody>(
      h,
      token,
      'POST',
      '/task_add',
      exampleTask(seedTime(now), seedTime(now + HOUR), 1),
    );
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(Object.keys(r.body).sort(), TASK_KEYS);
    assert.match(r.body.id, /^[\w-]{8,64}$/);
    assert.equal(r.body.title, '消息标题');
    assert.equal(r.body.content, '消息内容');
    assert.equal(r.body.time, seedTime(now), 'a push for now is stamped with the time it was accepted');
    assert.equal(r.body.expire, seedTime(now + HOUR));
    // Type 1 opens a URL: the command the example also carries does not belong to it.
    assert.deepEqual(r.body.action, { type: 1, url: '指向地址' });
    assert.ok([0, 1, 2].includes(r.body.status), `status ${r.body.status}`);
    // Fields that do not belong to "all users" are ignored, not echoed.
    assert.deepEqual(r.body.scope, { type: 1 });
    for (const k of ['user_num', 'arrive_num', 'read_num'] as const) assert.equal(typeof r.body[k], 'number');

    for (const d of [da, db]) {
      const [m] = await d.waitForMessages(1);
      assert.equal(m?.title, '消息标题');
      assert.equal(m?.body, '消息内容');
      assert.deepEqual(m?.action, { type: 'url', value: '指向地址' });
    }
    const got = await eventually(async () => {
      const g = await seedCall<SeedTaskBody>(h, token, 'GET', `/task/${r.body.id}`);
      return g.body.status === 2 && g.body.arrive_num === 2 ? g : undefined;
    });
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, {
      ...r.body,
      status: 2,
      user_num: 2,
      arrive_num: 2,
      read_num: 0,
    });
  });

  test('the example scope as a directed push (2): app, product, active on 2016-08-06, province and city, tag select exactly the device it describes; task_user counts agree', async () => {
    const { app, token } = await newApp('directed');
    const now = clock.t;
    const match = await registerDevice(h, app, { ...EXAMPLE_DEVICE });
    const otherTag = await registerDevice(h, app, { ...EXAMPLE_DEVICE, tags: ['其他'], userId: 'n1' });
    const laterDay = await registerDevice(h, app, { ...EXAMPLE_DEVICE, userId: 'n2' });
    await registerDevice(h, app, { ...EXAMPLE_DEVICE, userId: 'n3' }); // never connected
    // Connect each device once on its day (the fake clock), so its last activity is that day.
    clock.t = EXAMPLE_DAY_NOON;
    const m1 = await connect(match.deviceToken);
    const o1 = await connect(otherTag.deviceToken);
    await seenAt(app, match.deviceId, EXAMPLE_DAY_NOON);
    await seenAt(app, otherTag.deviceId, EXAMPLE_DAY_NOON);
    m1.close();
    o1.close();
    clock.t = EXAMPLE_DAY_NOON + 2 * 24 * HOUR;
    const l1 = await connect(laterDay.deviceToken);
    await seenAt(app, laterDay.deviceId, clock.t);
    l1.close();
    clock.t = now;

    const count = async (scope: unknown) => {
      const r = await seedCall<{ count: number }>(h, token, 'POST', '/task_user', scope);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(Object.keys(r.body), ['count']);
      return r.body.count;
    };
    assert.equal(await count(exampleScope(2)), 1);
    assert.equal(await count(exampleScope(1)), 4, 'all users: 用户ID, n1, n2, n3');
    assert.equal(await count(exampleScope(3)), 1, 'the single user 用户ID');
    // Sleeping on 2016-08-07 with the example's tag: not seen since that day (or never): 用户ID and n3.
    const sleeping = {
      ...exampleScope(2),
      group: { type: 2, start_day: '2016-08-07', end_day: '2016-08-07' },
    };
    assert.equal(await count(sleeping), 2);
    // "Do not push" to the tag: only the device tagged otherwise, if it was active that day.
    assert.equal(await count({ ...exampleScope(2), tag: { type: 2, tag_list: ['标签'] } }), 1);

    const r = await seedCall<SeedTaskBody>(
      h,
      token,
      'POST',
      '/task_add',
      exampleTask(seedTime(now), seedTime(now + HOUR), 2),
    );
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.scope, {
      type: 2,
      app_list: ['应用ID', '应用ID'],
      product_list: ['产品ID', '产品ID'],
      group: { type: 1, start_day: '2016-08-06', end_day: '2016-08-06' },
      area: { type: 1, province: '省份', city: '城市' },
      tag: { type: 1, tag_list: ['标签'] },
    });
    await eventually(async () => {
      const g = await seedCall<SeedTaskBody>(h, token, 'GET', `/task/${r.body.id}`);
      return g.body.status === 2 ? g : undefined;
    });
    const users = await seedCall(h, token, 'GET', `/get_users?id=${r.body.id}`);
    assert.deepEqual(users.body, { count: 1, list: ['用户ID'] });
    // The device was offline when it went out: it gets it when it comes back; the others never do.
    const back = await connect(match.deviceToken);
    const [m] = await back.waitForMessages(1);
    assert.equal(m?.title, '消息标题');
    const other = await connect(otherTag.deviceToken);
    const g = await eventually(async () => {
      const x = await seedCall<SeedTaskBody>(h, token, 'GET', `/task/${r.body.id}`);
      return x.body.arrive_num === 1 ? x : undefined;
    });
    assert.equal(g.body.user_num, 1);
    assert.equal(other.messages.length, 0);
  });

  test('user_num, arrive_num and read_num: 5 targeted, 3 acknowledged (received, displayed, clicked), 1 opened; get_users lists distinct users', async () => {
    const { app, token } = await newApp('counts');
    const users = ['u-a', 'u-a', 'u-b', 'u-c', undefined];
    const regs = [];
    for (const userId of users)
      regs.push(await registerDevice(h, app, { tags: ['cnt'], ...(userId ? { userId } : {}) }));
    // Four online without automatic acks, so the test decides who acknowledges what; one offline.
    const online = [];
    for (const reg of regs.slice(0, 4)) online.push(await connect(reg.deviceToken, { autoAck: false }));
    const scope = { type: 2, tag: { type: 1, tag_list: ['cnt'] } };
    const r = await seedCall<SeedTaskBody>(h, token, 'POST', '/task_add', {
      title: 'counted',
      content: 'who read it?',
      time: seedTime(clock.t),
      expire: seedTime(clock.t + HOUR),
      action: { type: 2, command: 'open-inbox' },
      scope,
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.action, { type: 2, command: 'open-inbox' });
    const frames = await Promise.all(online.map(async (d) => (await d.waitForMessages(1))[0]!));
    const id = frames[0]!.id;
    online[0]!.client.ack(id, 2);
    online[1]!.client.displayed(id);
    online[2]!.client.clicked(id);
    const got = await eventually(async () => {
      const g = await seedCall<SeedTaskBody>(h, token, 'GET', `/task/${r.body.id}`);
      return g.body.arrive_num === 3 && g.body.read_num === 1 ? g : undefined;
    });
    assert.equal(got.body.user_num, 5);
    assert.equal(got.body.status, 2);
    await new Promise((res) => setTimeout(res, 100));
    const again = await seedCall<SeedTaskBody>(h, token, 'GET', `/task/${r.body.id}`);
    assert.deepEqual(
      [again.body.user_num, again.body.arrive_num, again.body.read_num],
      [5, 3, 1],
      'the device that never acked is not counted as arrived',
    );
    const listed = await seedCall<{ count: number; list: Array<Record<string, unknown>> }>(
      h,
      token,
      'POST',
      '/tasks',
      { filter: ['id', 'user_num', 'arrive_num', 'read_num'], query: { id: r.body.id } },
    );
    assert.deepEqual(listed.body, {
      count: 1,
      list: [{ id: r.body.id, user_num: 5, arrive_num: 3, read_num: 1 }],
    });
    const who = await seedCall(h, token, 'GET', `/get_users?id=${r.body.id}`);
    assert.deepEqual(who.body, { count: 3, list: ['u-a', 'u-b', 'u-c'] });
    const paged = await seedCall(h, token, 'GET', `/get_users?id=${r.body.id}&offset=1&limit=1`);
    assert.deepEqual(paged.body, { count: 3, list: ['u-b'] });
    assert.deepEqual((await seedCall(h, token, 'POST', '/task_user', scope)).body, { count: 3 });
  });

  test('a scheduled task waits for its time; PUT replaces it while scheduled; DELETE removes one; a sent task can be neither changed nor deleted while sending', async () => {
    const { app, token } = await newApp('scheduled');
    const reg = await registerDevice(h, app, { userId: 'sch-u' });
    const device = await connect(reg.deviceToken);
    const t0 = clock.t;
    const add = (title: string) =>
      seedCall<SeedTaskBody>(h, token, 'POST', '/task_add', {
        title,
        content: 'later',
        time: seedTime(t0 + HOUR),
        expire: seedTime(t0 + 2 * HOUR),
        action: { type: 1, url: 'https://example.com/a' },
        scope: { type: 1 },
      });
    const first = await add('draft');
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.status, 0);
    assert.equal(first.body.time, seedTime(t0 + HOUR));
    assert.deepEqual([first.body.user_num, first.body.arrive_num, first.body.read_num], [0, 0, 0]);

    const edited = await seedCall<SeedTaskBody>(h, token, 'PUT', `/task/${first.body.id}`, {
      title: '修改后的标题',
      content: '修改后的内容',
      time: seedTime(t0 + 2 * HOUR),
      expire: seedTime(t0 + 3 * HOUR),
      action: { type: 2, command: 'reboot', url: 'ignored for a command' },
      scope: { type: 3, user: ['sch-u'] },
    });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    assert.deepEqual(edited.body, {
      ...first.body,
      title: '修改后的标题',
      content: '修改后的内容',
      time: seedTime(t0 + 2 * HOUR),
      expire: seedTime(t0 + 3 * HOUR),
      action: { type: 2, command: 'reboot' },
      scope: { type: 3, user: ['sch-u'] },
    });
    assert.deepEqual((await seedCall(h, token, 'GET', `/task/${first.body.id}`)).body, edited.body);

    const doomed = await add('to delete');
    const del = await call(h, 'DELETE', `/v2/broadcast/task/${doomed.body.id}`, {
      headers: { 'content-type': 'application/json', 'access-token': token },
    });
    assert.equal(del.status, 200);
    assert.equal(del.body, undefined, 'the seed answers DELETE with no content');
    const gone = await seedCall<SeedErrorBody>(h, token, 'GET', `/task/${doomed.body.id}`);
    assert.equal(gone.status, 404);
    assert.equal(gone.body.error.code, 4041017);

    await advance(HOUR + 1000); // past the first time: the edit moved it
    assert.equal(device.messages.length, 0);
    assert.equal((await seedCall<SeedTaskBody>(h, token, 'GET', `/task/${first.body.id}`)).body.status, 0);
    await advance(HOUR);
    const [m] = await device.waitForMessages(1);
    assert.equal(m?.title, '修改后的标题');
    assert.deepEqual(m?.action, { type: 'command', value: 'reboot' });
    const sent = await eventually(async () => {
      const g = await seedCall<SeedTaskBody>(h, token, 'GET', `/task/${first.body.id}`);
      return g.body.status === 2 && g.body.arrive_num === 1 ? g : undefined;
    });
    assert.equal(sent.body.user_num, 1);

    const late = await seedCall<SeedErrorBody>(h, token, 'PUT', `/task/${first.body.id}`, {
      ...exampleTask(seedTime(clock.t + HOUR), seedTime(clock.t + 2 * HOUR), 1),
    });
    assert.equal(late.status, 409);
    assert.equal(late.body.error.code, 4091001);
    assert.deepEqual((await seedCall(h, token, 'GET', `/task/${first.body.id}`)).body, sent.body);
    // The deleted task never went out.
    await advance(HOUR);
    assert.equal(device.messages.length, 1);
  });

  test('the PUT example replayed on a scheduled task; a PUT that fails leaves the task exactly as it was', async () => {
    const { token } = await newApp('put');
    const t0 = clock.t;
    const created = await seedCall<SeedTaskBody>(
      h,
      token,
      'POST',
      '/task_add',
      exampleTask(seedTime(t0 + HOUR), seedTime(t0 + 2 * HOUR), 1),
    );
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const path = `/task/${created.body.id}`;
    const put = await seedCall<SeedTaskBody>(
      h,
      token,
      'PUT',
      path,
      exampleTask(seedTime(t0 + 3 * HOUR), seedTime(t0 + 4 * HOUR), 2),
    );
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.equal(put.body.time, seedTime(t0 + 3 * HOUR));
    assert.equal(put.body.scope.type, 2);
    const before = (await seedCall<SeedTaskBody>(h, token, 'GET', path)).body;

    const refused: Array<[unknown, number, string]> = [
      [exampleTask(seedTime(t0 - HOUR), seedTime(t0 + HOUR), 1), 4001001, 'time'],
      [exampleTask(seedTime(t0 + HOUR), seedTime(t0 + HOUR - 1000), 1), 4001001, 'expire'],
      [
        { ...exampleTask(seedTime(t0 + HOUR), seedTime(t0 + 2 * HOUR), 1), scope: { type: 2 } },
        4001001,
        'scope.type',
      ],
      [
        { ...exampleTask(seedTime(t0 + HOUR), seedTime(t0 + 2 * HOUR), 1), title: undefined },
        4001002,
        'title',
      ],
      [
        { ...exampleTask(seedTime(t0 + HOUR), seedTime(t0 + 2 * HOUR), 3), scope: { type: 3, user: [] } },
        4001002,
        'scope.user',
      ],
    ];
    for (const [body, code, field] of refused) {
      const r = await seedCall<SeedErrorBody>(h, token, 'PUT', path, body);
      assert.equal(r.body.error?.code, code, `${field}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.error.field, field);
      assert.equal(r.status, Math.floor(code / 10_000));
      assert.deepEqual((await seedCall(h, token, 'GET', path)).body, before, `unchanged after ${field}`);
    }
  });
});

import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, test } from 'node:test';
import { forEachBackend } from '../support/backends.js';
import {
  call,
  createApp,
  eventually,
  type RunningHerald,
  startHerald,
  type TestApp,
} from '../support/herald-harness.js';
import {
  accessToken,
  exampleTask,
  FakeClock,
  HOUR,
  MINUTE,
  type SeedErrorBody,
  seedCall,
  seedTime,
} from './broadcast-kit.js';

interface ListBody {
  count: number;
  list: Array<Record<string, unknown>>;
}

/** One HTTP/1.1 exchange over a plain socket, written in `chunks` with a pause between them. */
function rawExchange(
  url: string,
  chunks: readonly string[],
): Promise<{ status: number; headers: string; body: string }> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', async () => {
      for (const c of chunks) {
        socket.write(c);
        await new Promise((r) => setTimeout(r, 30));
      }
    });
    let out = '';
    socket.on('data', (d) => {
      out += d.toString('utf8');
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = out.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), headers: head, body });
    });
  });
}

forEachBackend('seed 003 broadcast tasks: list, PSOT, Access-Token, errors', (backend) => {
  const clock = new FakeClock();
  let h: RunningHerald;
  let app: TestApp;
  let token: string;
  const ids: Record<string, string> = {};
  const t0 = clock.t;

  before(async () => {
    h = await startHerald(backend, {}, { clock });
    app = await createApp(h, 'list');
    token = await accessToken(h, app);
    // Four tasks a minute apart: two sent at once (no devices: nothing to wait for), two scheduled.
    const add = async (title: string, at: number, sendAt?: number) => {
      clock.t = at;
      const r = await seedCall<{ id: string }>(h, token, 'POST', '/task_add', {
        ...exampleTask(seedTime(sendAt ?? at), seedTime((sendAt ?? at) + HOUR), 1),
        title,
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      ids[title] = r.body.id;
    };
    await add('sale-spring', t0);
    await add('sale-summer', t0 + MINUTE);
    await add('news', t0 + 2 * MINUTE, t0 + 5 * HOUR);
    await add('sale-autumn', t0 + 3 * MINUTE, t0 + 6 * HOUR);
    clock.t = t0 + 4 * MINUTE;
    // The two sent at once reach nobody; wait until they are over, so their status is settled.
    await eventually(async () => {
      const r = await seedCall<ListBody>(h, token, 'POST', '/tasks', { query: { status: 2 } });
      return r.body.count === 2 ? true : undefined;
    });
  });
  after(() => h.close());

  const list = (body: unknown) => seedCall<ListBody>(h, token, 'POST', '/tasks', body);

  test('the list example (offset, limit, filter, query with $like and $lt, order) replayed', async () => {
    // The document's example, with its placeholder names "filed1"/"filed3" (a misspelt "field")
    // replaced by real fields and its quoted numbers kept quoted.
    const r = await list({
      offset: '0',
      limit: '10',
      filter: ['id', 'title'],
      query: { title: { $like: 'sale%' }, time: { $lt: seedTime(t0 + 3 * MINUTE) } },
      order: { title: 'desc', time: 'asc' },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body, {
      count: 2,
      list: [
        { id: ids['sale-summer'], title: 'sale-summer' },
        { id: ids['sale-spring'], title: 'sale-spring' },
      ],
    });
  });

  test('offset and limit page; count is the total; the default is every field of the seed task', async () => {
    const all = await list({ order: { time: 'asc' } });
    assert.equal(all.body.count, 4);
    assert.deepEqual(
      all.body.list.map((t) => t.title),
      ['sale-spring', 'sale-summer', 'news', 'sale-autumn'],
    );
    assert.deepEqual(Object.keys(all.body.list[0]!).sort(), [
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
    ]);
    const page = await list({ offset: 1, limit: 2, order: { time: 'asc' }, filter: ['title'] });
    assert.deepEqual(page.body, { count: 4, list: [{ title: 'sale-summer' }, { title: 'news' }] });
  });

  test('query by status uses the seed codes (0 not sent, 2 sent) and time reads the accepted time', async () => {
    const scheduled = await list({
      query: { status: { $eq: 0 } },
      order: { title: 'asc' },
      filter: ['title', 'status'],
    });
    assert.deepEqual(scheduled.body.list, [
      { title: 'news', status: 0 },
      { title: 'sale-autumn', status: 0 },
    ]);
    const sent = await list({ query: { status: '2' }, filter: ['title'], order: { title: 'asc' } });
    assert.deepEqual(sent.body.list, [{ title: 'sale-spring' }, { title: 'sale-summer' }]);
    const none = await list({ query: { status: { $lt: 0 } } });
    assert.deepEqual(none.body, { count: 0, list: [] });
    const late = await list({
      query: { time: { $gte: seedTime(t0 + 2 * MINUTE) } },
      filter: ['title'],
      order: { time: 'desc' },
    });
    assert.deepEqual(late.body.list, [{ title: 'sale-autumn' }, { title: 'news' }]);
    const byId = await list({
      query: { id: { $in: [ids.news, ids['sale-spring']] } },
      filter: ['id'],
      order: { id: 'asc' },
    });
    assert.equal(byId.body.count, 2);
  });

  test('PSOT, the document’s spelling, works as POST over a raw HTTP/1.1 connection, even sent in pieces', async () => {
    const body = JSON.stringify({ filter: ['title'], query: { title: { $like: '%news%' } } });
    const r = await rawExchange(h.url, [
      'PSOT /v2/broadcast/tasks HTTP/1.1\r\nHost: herald\r\n',
      `Content-Type: application/json\r\nAccess-Token: ${token}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`,
      body,
    ]);
    assert.equal(r.status, 200, r.headers + r.body);
    assert.match(r.headers, /content-type: application\/json/i);
    assert.deepEqual(JSON.parse(r.body), { count: 1, list: [{ title: 'news' }] });

    const unauth = await rawExchange(h.url, [
      'PSOT /v2/broadcast/tasks HTTP/1.1\r\nHost: herald\r\nContent-Length: 0\r\n\r\n',
    ]);
    assert.equal(unauth.status, 403);
    assert.equal(JSON.parse(unauth.body).error.code, 4031002);
    // Only the list is spelt so; any other misspelt method is still refused by the HTTP parser.
    const other = await rawExchange(h.url, ['PSOT /v2/broadcast/task_add HTTP/1.1\r\nHost: herald\r\n\r\n']);
    assert.equal(other.status, 400);
    // The connection was answered, not broken: the server still serves everyone else.
    assert.equal((await list({})).status, 200);
  });

  test('Access-Token: missing 4031002, forged or of another app 4031003, expired 4031003; a fresh one from POST /v1/access-tokens works', async () => {
    const missing = await seedCall<SeedErrorBody>(h, undefined, 'GET', `/task/${ids.news}`);
    assert.equal(missing.status, 403);
    assert.equal(missing.body.error.code, 4031002);
    const [head, payload, sig] = token.split('.');
    const forged = `${head}.${payload}.${sig?.startsWith('A') ? 'B' : 'A'}${sig?.slice(1)}`;
    for (const bad of [forged, 'not-a-token', `${head}.e30.${sig}`]) {
      const r = await seedCall<SeedErrorBody>(h, bad, 'GET', `/task/${ids.news}`);
      assert.equal(r.status, 403, bad);
      assert.equal(r.body.error.code, 4031003);
      assert.equal(typeof r.body.error.msg, 'string');
    }
    // A valid token of another app does not see this app's tasks.
    const other = await createApp(h, 'other');
    const otherToken = await accessToken(h, other);
    const foreign = await seedCall<SeedErrorBody>(h, otherToken, 'GET', `/task/${ids.news}`);
    assert.equal(foreign.status, 404);
    assert.equal(foreign.body.error.code, 4041017);

    const short = await accessToken(h, app, 60);
    assert.equal((await seedCall(h, short, 'GET', `/task/${ids.news}`)).status, 200);
    clock.t += 61_000;
    const expired = await seedCall<SeedErrorBody>(h, short, 'GET', `/task/${ids.news}`);
    assert.equal(expired.status, 403);
    assert.equal(expired.body.error.code, 4031003);
    assert.match(expired.body.error.msg, /expired/);
  });

  test('errors name the seed field, in the seed shape; refused requests store nothing', async () => {
    const now = clock.t;
    const ok = exampleTask(seedTime(now), seedTime(now + HOUR), 1);
    const cases: Array<[string, string, unknown, number, string | undefined]> = [
      ['POST', '/task_add', { ...ok, title: undefined }, 4001002, 'title'],
      ['POST', '/task_add', { ...ok, content: 5 }, 4001001, 'content'],
      ['POST', '/task_add', { ...ok, time: '2016-08-06 10:00:00' }, 4001001, 'time'],
      ['POST', '/task_add', { ...ok, time: '2016-02-30T10:00:00.00Z' }, 4001001, 'time'],
      ['POST', '/task_add', { ...ok, expire: seedTime(now - 1000) }, 4001001, 'expire'],
      ['POST', '/task_add', { ...ok, expire: seedTime(now + 40 * 24 * HOUR) }, 4001001, 'expire'],
      ['POST', '/task_add', { ...ok, action: { type: 3 } }, 4001001, 'action.type'],
      ['POST', '/task_add', { ...ok, action: { type: 2 } }, 4001002, 'action.command'],
      ['POST', '/task_add', { ...ok, title: 'x'.repeat(201) }, 4001001, 'title'],
      ['POST', '/task_add', { ...ok, scope: { type: 9 } }, 4001001, 'scope.type'],
      ['POST', '/task_add', { ...ok, scope: { type: 2, tag: { type: 1 } } }, 4001002, 'scope.tag.tag_list'],
      [
        'POST',
        '/task_add',
        { ...ok, scope: { type: 2, group: { type: 1, start_day: '2016-8-6', end_day: '2016-08-06' } } },
        4001001,
        'scope.group.start_day',
      ],
      [
        'POST',
        '/task_add',
        { ...ok, scope: { type: 2, group: { type: 1, start_day: '2016-08-06', end_day: '2016-08-05' } } },
        4001001,
        'scope.group.end_day',
      ],
      ['POST', '/task_add', { ...ok, scope: { type: 2, app_list: [7] } }, 4001001, 'scope.app_list[0]'],
      ['POST', '/task_add', { ...ok, scope: { type: 2, area: { type: 1 } } }, 4001002, 'scope.area.province'],
      ['POST', '/task_add', [1, 2], 4001001, 'body'],
      ['POST', '/task_user', { type: 2, tag: { type: 5 } }, 4001001, 'tag.type'],
      ['POST', '/task_user', { type: 3, user: 'u' }, 4001001, 'user'],
      ['POST', '/tasks', { query: { content: { $like: '%' } } }, 4001001, 'query.content'],
      ['POST', '/tasks', { query: { status: { $like: '0' } } }, 4001001, 'query.status.$like'],
      ['POST', '/tasks', { query: { title: { $regex: 'x' } } }, 4001001, 'query.title.$regex'],
      ['POST', '/tasks', { order: { status: 'asc' } }, 4001001, 'order.status'],
      ['POST', '/tasks', { order: { title: 'up' } }, 4001001, 'order.title'],
      ['POST', '/tasks', { filter: ['id', 'colour'] }, 4001001, 'filter[1]'],
      ['POST', '/tasks', { limit: 5000 }, 4001001, 'limit'],
      ['POST', '/tasks', { offset: -1 }, 4001001, 'offset'],
      ['GET', '/get_users', undefined, 4001002, 'id'],
      ['GET', '/get_users?id=nope', undefined, 4041017, undefined],
      ['GET', '/task/nope', undefined, 4041017, undefined],
      ['DELETE', '/task/nope', undefined, 4041017, undefined],
      ['GET', '/no_such_thing', undefined, 4041001, undefined],
    ];
    const before = (await list({})).body.count;
    for (const [method, path, body, code, field] of cases) {
      const r = await seedCall<SeedErrorBody>(h, token, method, path, body);
      const what = `${method} ${path} ${JSON.stringify(body)} → ${r.status} ${JSON.stringify(r.body)}`;
      assert.equal(r.body.error?.code, code, what);
      assert.equal(r.status, Math.floor(code / 10_000), what);
      assert.equal(r.body.error.field, field, what);
      assert.equal(typeof r.body.error.msg, 'string');
      if (field) assert.ok(r.body.error.msg.startsWith(`${field}:`), what);
    }
    const bad = await call<SeedErrorBody>(h, 'POST', '/v2/broadcast/task_add', {
      headers: { 'access-token': token },
      raw: '{"title": ',
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 4001001);
    assert.equal((await list({})).body.count, before, 'no refused task was stored');
  });
});

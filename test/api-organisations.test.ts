import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachBackend } from './support/backends.js';
import {
  call,
  createApp,
  type RunningHerald,
  registerDevice,
  startHerald,
  type TestApp,
} from './support/herald-harness.js';

interface Node {
  id: string;
  parentId: string | null;
  name: string;
  path: string;
}

forEachBackend('organisations: tree, members and groupcast', (backend) => {
  let h: RunningHerald;
  let app: TestApp;
  const node = async (name: string, parentId: string | null = null) =>
    (await call<Node>(h, 'POST', '/v1/orgs', { auth: app.auth, body: { name, parentId } })).body;
  const count = async (organisations: string[]) =>
    (
      await call<{ devices: number; users: number }>(h, 'POST', '/v1/audience/count', {
        auth: app.auth,
        body: { audience: { organisations } },
      })
    ).body;

  before(async () => {
    h = await startHerald(backend);
    app = await createApp(h, 'orgs');
  });
  after(() => h.close());

  test('a groupcast to a node reaches its members and the members of every node below; moves and deletes follow the tree', async () => {
    // province ─ city ─ district ; province ─ city2
    const province = await node('Province');
    const city = await node('City', province.id);
    const district = await node('District', city.id);
    const city2 = await node('City 2', province.id);
    assert.equal(district.path, `/${province.id}/${city.id}/${district.id}/`);
    for (const [n, users] of [
      [province, ['chief']],
      [city, ['mayor']],
      [district, ['officer-1', 'officer-2']],
      [city2, ['mayor-2']],
    ] as const) {
      assert.equal(
        (await call(h, 'POST', `/v1/orgs/${n.id}/members`, { auth: app.auth, body: { userIds: [...users] } }))
          .status,
        204,
      );
    }
    for (const user of ['chief', 'mayor', 'officer-1', 'officer-2', 'mayor-2', 'outsider'])
      await registerDevice(h, app, { userId: user });

    assert.deepEqual(await count([province.id]), { devices: 5, users: 5 });
    assert.deepEqual(await count([city.id]), { devices: 3, users: 3 });
    assert.deepEqual(await count([district.id, city2.id]), { devices: 3, users: 3 });

    // Move the district under city 2: it and its members now count there, not under city.
    const moved = await call<Node>(h, 'PATCH', `/v1/orgs/${district.id}`, {
      auth: app.auth,
      body: { parentId: city2.id },
    });
    assert.equal(moved.body.path, `/${province.id}/${city2.id}/${district.id}/`);
    assert.deepEqual(await count([city.id]), { devices: 1, users: 1 });
    assert.deepEqual(await count([city2.id]), { devices: 3, users: 3 });

    const cycle = await call<{ error: { code: string } }>(h, 'PATCH', `/v1/orgs/${city2.id}`, {
      auth: app.auth,
      body: { parentId: district.id },
    });
    assert.equal(cycle.status, 409);

    const tree = await call<{ items: Node[] }>(h, 'GET', `/v1/orgs?under=${city2.id}`, { auth: app.auth });
    assert.deepEqual(
      tree.body.items.map((n) => n.name),
      ['City 2', 'District'],
    );

    const refused = await call<{ error: { code: string } }>(h, 'DELETE', `/v1/orgs/${city2.id}`, {
      auth: app.auth,
    });
    assert.equal(refused.status, 409);
    const deleted = await call<{ deleted: number }>(h, 'DELETE', `/v1/orgs/${city2.id}?recursive=true`, {
      auth: app.auth,
    });
    assert.equal(deleted.body.deleted, 2);
    assert.deepEqual(await count([province.id]), { devices: 2, users: 2 });

    const removed = await call<{ removed: number }>(h, 'POST', `/v1/orgs/${city.id}/members/remove`, {
      auth: app.auth,
      body: { userIds: ['mayor'] },
    });
    assert.equal(removed.body.removed, 1);
    const members = await call<{ items: string[] }>(h, 'GET', `/v1/orgs/${province.id}/members`, {
      auth: app.auth,
    });
    assert.deepEqual(members.body.items, ['chief']);
  });

  test("another app's node is not found and cannot be a parent", async () => {
    const other = await createApp(h, 'other');
    const mine = await node('Mine');
    assert.equal((await call(h, 'GET', `/v1/orgs/${mine.id}`, { auth: other.auth })).status, 404);
    const r = await call<{ error: { field: string } }>(h, 'POST', '/v1/orgs', {
      auth: other.auth,
      body: { name: 'x', parentId: mine.id },
    });
    assert.equal(r.status, 400);
    assert.equal(r.body.error.field, 'parentId');
  });
});

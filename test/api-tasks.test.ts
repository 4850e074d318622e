import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { call, createApp, type RunningHerald, startHerald, type TestApp } from './support/herald-harness.js';

let h: RunningHerald;
let app: TestApp;
before(async () => {
  h = await startHerald('sqlite');
  app = await createApp(h, 'task lists');
  for (const title of ['Spring sale', 'Autumn SALE', 'Weekly news']) {
    await call(h, 'POST', '/v1/push', {
      auth: app.auth,
      body: { audience: { aliases: ['nobody'] }, message: { title } },
    });
  }
});
after(() => h.close());

test('GET /v1/tasks lists newest first with offset and limit', async () => {
  const r = await call<{ total: number; items: Array<{ title: string }> }>(h, 'GET', '/v1/tasks?limit=2', {
    auth: app.auth,
  });
  assert.equal(r.status, 200);
  assert.equal(r.body.total, 3);
  assert.deepEqual(
    r.body.items.map((t) => t.title),
    ['Weekly news', 'Autumn SALE'],
  );
  const oldest = await call<{ items: Array<{ title: string }> }>(
    h,
    'GET',
    '/v1/tasks?order=createdAt&limit=1',
    { auth: app.auth },
  );
  assert.equal(oldest.body.items[0]?.title, 'Spring sale');
});

test('POST /v1/tasks/query filters with $like, projects fields, and refuses unknown fields by name', async () => {
  const r = await call<{ total: number; items: unknown[] }>(h, 'POST', '/v1/tasks/query', {
    auth: app.auth,
    body: { where: { title: { $like: '%sale' } }, fields: ['title'], order: { title: 'asc' } },
  });
  assert.deepEqual(r.body.items, [{ title: 'Autumn SALE' }, { title: 'Spring sale' }]);
  assert.equal(r.body.total, 2);
  const bad = await call<{ error: { code: string; field: string } }>(h, 'POST', '/v1/tasks/query', {
    auth: app.auth,
    body: { where: { colour: 'red' } },
  });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'where.colour');
});

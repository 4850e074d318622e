import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { connectDevice } from './support/device.js';
import {
  call,
  createApp,
  eventually,
  type RunningHerald,
  registerDevice,
  startHerald,
} from './support/herald-harness.js';

let h: RunningHerald;
before(async () => {
  h = await startHerald('sqlite');
});
after(() => h.close());

test('healthz and readyz answer 200 on a running server', async () => {
  assert.equal((await call(h, 'GET', '/healthz')).status, 200);
  const ready = await call<{ status: string }>(h, 'GET', '/readyz');
  assert.equal(ready.status, 200);
  assert.equal(ready.body.status, 'ready');
});

test('the OpenAPI document lists every route with its auth, and /docs renders it', async () => {
  const doc = await call<{
    openapi: string;
    paths: Record<string, Record<string, { security?: unknown[] }>>;
  }>(h, 'GET', '/openapi.json');
  assert.match(doc.body.openapi, /^3\./);
  const expected: Array<[string, string]> = [
    ['/v1/apps', 'post'],
    ['/v1/apps', 'get'],
    ['/v1/apps/{id}', 'get'],
    ['/v1/apps/{id}', 'patch'],
    ['/v1/apps/{id}', 'delete'],
    ['/v1/apps/{id}/rotate-secret', 'post'],
    ['/v1/devices', 'post'],
    ['/v1/devices', 'get'],
    ['/v1/devices/{id}', 'get'],
    ['/v1/devices/{id}', 'delete'],
    ['/v1/devices/{id}/user', 'put'],
    ['/v1/devices/{id}/user', 'delete'],
    ['/v1/push', 'post'],
    ['/v1/tasks/{id}', 'get'],
    ['/v1/messages/{id}/deliveries', 'get'],
    ['/v1/messages/{id}/revoke', 'post'],
    ['/v1/messages/{id}/replace', 'post'],
    ['/v1/audience/count', 'post'],
    ['/v1/push/validate', 'post'],
    ['/v1/tasks', 'get'],
    ['/v1/tasks/query', 'post'],
    ['/v1/tasks/{id}', 'patch'],
    ['/v1/tasks/{id}', 'delete'],
    ['/v1/tasks/{id}/cancel', 'post'],
    ['/v1/orgs', 'post'],
    ['/v1/orgs', 'get'],
    ['/v1/orgs/{id}', 'get'],
    ['/v1/orgs/{id}', 'patch'],
    ['/v1/orgs/{id}', 'delete'],
    ['/v1/orgs/{id}/members', 'post'],
    ['/v1/orgs/{id}/members', 'get'],
    ['/v1/orgs/{id}/members/remove', 'post'],
  ];
  for (const [path, method] of expected) {
    const op = doc.body.paths[path]?.[method];
    assert.ok(op, `${method.toUpperCase()} ${path} is documented`);
    assert.ok(op.security && op.security.length > 0, `${method.toUpperCase()} ${path} names its auth`);
  }
  const html = await fetch(`${h.url}/docs/`);
  assert.equal(html.status, 200);
  assert.match(await html.text(), /<html/i);
});

test('/metrics counts connections, pushes, deliveries by status and channel, and push-to-receipt latency', async () => {
  const app = await createApp(h);
  const dev = await registerDevice(h, app);
  const d = connectDevice(h, dev.deviceToken);
  await d.opened();
  const metric = async (name: string) => {
    const text = await (await fetch(`${h.url}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(name));
    return line ? Number(line.split(' ').pop()) : undefined;
  };
  assert.equal(await metric('herald_connections{transport="ws"}'), 1);
  const pushesBefore = (await metric('herald_pushes_total')) ?? 0;
  const r = await call<{ messageId: string }>(h, 'POST', '/v1/push', {
    auth: app.auth,
    body: { audience: 'all', message: { title: 'm' } },
  });
  await d.waitForMessages(1);
  assert.equal(await metric('herald_pushes_total'), pushesBefore + 1);
  await eventually(async () =>
    (await metric('herald_deliveries_total{status="received",channel="ws"}')) === 1 ? true : undefined,
  );
  assert.equal(await metric('herald_push_to_receipt_seconds_count{channel="ws"}'), 1);
  assert.ok(r.body.messageId);
  d.close();
  await eventually(async () =>
    (await metric('herald_connections{transport="ws"}')) === 0 ? true : undefined,
  );
});

test('the WebSocket accepts the token as a Bearer header too, and refuses other paths', async () => {
  const app = await createApp(h);
  const dev = await registerDevice(h, app);
  const hello = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const ws = new WebSocket(h.wsUrl, { headers: { authorization: `Bearer ${dev.deviceToken}` } });
    ws.once('message', (data) => {
      resolve(JSON.parse(data.toString()) as Record<string, unknown>);
      ws.close();
    });
    ws.once('error', reject);
  });
  assert.equal(hello.type, 'hello');
  const status = await new Promise<number>((resolve) => {
    const ws = new WebSocket(`${h.url.replace('http', 'ws')}/v1/elsewhere?token=${dev.deviceToken}`);
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => resolve(-1));
  });
  assert.equal(status, 404);
});

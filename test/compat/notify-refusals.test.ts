import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachBackend } from '../support/backends.js';
import { connectDevice, type TestDevice } from '../support/device.js';
import { call, type RunningHerald, registerDevice, startHerald } from '../support/herald-harness.js';
import { assertOk, assertRefused, type SeedApp, seed, seedApp, taskCount } from './notify-kit.js';

const text = { type: 'text', title: 't', body: 'b' };
const future = () => Math.floor(Date.now() / 1000) + 3600;
const many = (n: number) => Array.from({ length: n }, (_, i) => `v${i}`);

/** Bodies the facade must refuse, the HTTP/seed code, and the field the message must start with. */
const BAD_BODIES: ReadonlyArray<readonly [string, unknown, number, string]> = [
  ['no audience', { message: text }, 400, 'audience'],
  ['audience neither "all" nor an object', { audience: 'everyone', message: text }, 400, 'audience'],
  ['two audience kinds at once', { audience: { tag: ['a'], alias: ['b'] }, message: text }, 400, 'audience'],
  ['an unknown audience kind', { audience: { city: ['x'] }, message: text }, 400, 'audience.city'],
  ['501 tags (the seed allows 500)', { audience: { tag: many(501) }, message: text }, 400, 'audience.tag'],
  ['501 push tokens', { audience: { push_token: many(501) }, message: text }, 400, 'audience.push_token'],
  ['an empty alias list', { audience: { alias: [] }, message: text }, 400, 'audience.alias'],
  [
    'a user id that is an object',
    { audience: { user_id: [1, {}] }, message: text },
    400,
    'audience.user_id[1]',
  ],
  ['no message', { audience: 'all' }, 400, 'message'],
  ['an unknown message type', { audience: 'all', message: { ...text, type: 'video' } }, 400, 'message.type'],
  ['a misspelt message field', { audience: 'all', message: { ...text, titel: 'x' } }, 400, 'message.titel'],
  [
    'a text with neither title nor body',
    { audience: 'all', message: { type: 'text' } },
    400,
    'message.title',
  ],
  [
    'an image without attachment_url',
    { audience: 'all', message: { ...text, type: 'image' } },
    400,
    'message.attachment_url',
  ],
  [
    'an image that is a gif',
    { audience: 'all', message: { ...text, type: 'image', attachment_url: 'https://x.com/a.gif' } },
    400,
    'message.attachment_url',
  ],
  [
    'an attachment that is no URL',
    { audience: 'all', message: { ...text, attachment_url: 'images/1.jpg' } },
    400,
    'message.attachment_url',
  ],
  ['a badge that is a word', { audience: 'all', message: { ...text, badge: 'many' } }, 400, 'message.badge'],
  ['a negative badge', { audience: 'all', message: { ...text, badge: '-1' } }, 400, 'message.badge'],
  ['ext that is a list', { audience: 'all', message: { ...text, ext: [1] } }, 400, 'message.ext'],
  [
    'ext using the reserved key',
    { audience: 'all', message: { ...text, ext: { mxpush: 1 } } },
    400,
    'message.ext.mxpush',
  ],
  [
    'show_begin_time in milliseconds',
    { audience: 'all', message: { ...text, show_begin_time: Date.now() + 60_000 } },
    400,
    'message.show_begin_time',
  ],
  [
    'show_end_time passed',
    { audience: 'all', message: { ...text, show_end_time: 1_000_000 } },
    400,
    'message.show_end_time',
  ],
  [
    'show_end_time before show_begin_time',
    { audience: 'all', message: { ...text, show_begin_time: future() + 60, show_end_time: future() } },
    400,
    'message.show_end_time',
  ],
  ['an ios block that is text', { audience: 'all', message: { ...text, ios: 'loud' } }, 400, 'message.ios'],
  [
    'content_available as a string',
    { audience: 'all', message: { ...text, ios: { content_available: 'yes' } } },
    400,
    'message.ios.content_available',
  ],
  [
    'click_action intent without an intent',
    { audience: 'all', message: { ...text, huawei: { click_action: 'intent' } } },
    400,
    'message.huawei.intent',
  ],
  [
    'an unknown click_action',
    { audience: 'all', message: { ...text, android: { click_action: 'open_url' } } },
    400,
    'message.android.click_action',
  ],
  [
    'vivo push_mode 2',
    { audience: 'all', message: { ...text, vivo: { push_mode: 2 } } },
    400,
    'message.vivo.push_mode',
  ],
  [
    'an unknown strategy',
    { audience: 'all', setting: { distribution_strategy: 'vendor_first' }, message: text },
    400,
    'setting.distribution_strategy',
  ],
  [
    'an unknown vendor in the sequence',
    { audience: 'all', setting: { ospush_sequence: ['fcm', 'apple'] }, message: text },
    400,
    'setting.ospush_sequence[1]',
  ],
  [
    'a request_id of 101 characters',
    { audience: 'all', setting: { request_id: 'r'.repeat(101) }, message: text },
    400,
    'setting.request_id',
  ],
  ['a misspelt top-level field', { audience: 'all', message: text, settings: {} }, 400, 'settings'],
  [
    'a message over 4 KiB',
    { audience: 'all', message: { ...text, body: 'x'.repeat(3999), big_text: 'y'.repeat(3999) } },
    413,
    'message',
  ],
];

forEachBackend(
  'seed 004 refusals: bad input names the field, bad credentials are refused, nothing is stored',
  (backend) => {
    let h: RunningHerald;
    let app: SeedApp;
    let other: SeedApp;
    let device: TestDevice;

    before(async () => {
      h = await startHerald(backend);
      app = await seedApp(h, 'refusals');
      other = await seedApp(h, 'other');
      device = connectDevice(h, (await registerDevice(h, app)).deviceToken);
      await device.opened();
    });
    after(async () => {
      device.close();
      await h.close();
    });

    test('every bad /push/notify body is refused naming its field, and no task is stored', async () => {
      for (const [what, body, code, field] of BAD_BODIES) {
        const r = await seed(h, 'POST', '/push/notify', { app, body });
        assertRefused(r, code, field);
        assert.ok(r.body.message, what);
      }
      assert.equal(await taskCount(h, app), 0);
      assert.equal(device.messages.length, 0);
    });

    test('a body that is not JSON, or no body at all, is a 400', async () => {
      assertRefused(await seed(h, 'POST', '/push/notify', { app, raw: '{"audience":' }), 400);
      assertRefused(await seed(h, 'POST', '/push/notify', { app }), 400, 'body');
    });

    test('no token, a forged token and an expired-app token are 401', async () => {
      const body = { audience: 'all', message: text };
      assertRefused(await seed(h, 'POST', '/push/notify', { body }), 401, 'access-token');
      assertRefused(await seed(h, 'POST', '/push/notify', { token: 'not-a-token', body }), 401);
      assertRefused(await seed(h, 'POST', '/push/notify', { token: `${app.token}x`, body }), 401);
      // The native Basic credentials are not the seed's access-token.
      assertRefused(await seed(h, 'POST', '/push/notify', { token: app.auth, body }), 401);
      assert.equal(await taskCount(h, app), 0);
    });

    test('an app token naming another app_id is refused (403) and pushes nothing anywhere', async () => {
      const r = await seed(h, 'POST', '/push/notify', {
        token: app.token,
        headers: { app_id: other.id },
        body: { audience: 'all', message: text },
      });
      assertRefused(r, 403, 'app_id');
      assert.equal(await taskCount(h, app), 0);
      assert.equal(await taskCount(h, other), 0);
    });

    test('group_id and user_id are refused from a non-admin token (403) on every endpoint', async () => {
      for (const headers of [{ group_id: '42' }, { user_id: '7' }] as Record<string, string>[]) {
        assertRefused(
          await seed(h, 'POST', '/push/notify', { app, headers, body: { audience: 'all', message: text } }),
          403,
          Object.keys(headers)[0],
        );
        assertRefused(await seed(h, 'POST', '/push/task/detail', { app, headers, body: { list: [] } }), 403);
        assertRefused(await seed(h, 'GET', '/push/certificate?provider=1', { app, headers }), 403);
      }
      assert.equal(await taskCount(h, app), 0);
    });

    test('the admin token acts for the app app_id names, and only it may set group_id and user_id', async () => {
      const admin = { 'access-token': h.adminToken };
      const r = await seed<{ task_id: string }>(h, 'POST', '/push/notify', {
        headers: { ...admin, app_id: app.id, group_id: '42', user_id: '7' },
        body: { audience: 'all', message: { title: 'from the operator' } },
      });
      const { task_id } = assertOk(r);
      assert.equal((await device.waitForMessages(1))[0]?.title, 'from the operator');
      // The task is the named app's: its own token reads it, another app's cannot.
      assert.equal(
        assertOk(await seed<unknown[]>(h, 'POST', '/push/task/detail', { app, body: { list: [task_id] } }))
          .length,
        1,
      );
      assertRefused(
        await seed(h, 'POST', '/push/task/detail', { app: other, body: { list: [task_id] } }),
        404,
        'list[0]',
      );
      assertRefused(
        await seed(h, 'POST', '/push/notify', { headers: admin, body: { audience: 'all', message: text } }),
        400,
        'app_id',
      );
      assertRefused(
        await seed(h, 'POST', '/push/notify', {
          headers: { ...admin, app_id: '01900000-0000-7000-8000-000000000000' },
          body: { audience: 'all', message: text },
        }),
        404,
      );
    });

    test('task/detail refuses a missing list, numeric ids and unknown ids, naming the entry', async () => {
      assertRefused(await seed(h, 'POST', '/push/task/detail', { app, body: {} }), 400, 'list');
      assertRefused(
        await seed(h, 'POST', '/push/task/detail', { app, body: { list: [12345] } }),
        400,
        'list[0]',
      );
      const { task_id } = assertOk(
        await seed<{ task_id: string }>(h, 'POST', '/push/notify', {
          app,
          body: { audience: 'all', message: text },
        }),
      );
      assertRefused(
        await seed(h, 'POST', '/push/task/detail', { app, body: { list: [task_id, 'no-such-task'] } }),
        404,
        'list[1]',
      );
      assertRefused(
        await seed(h, 'POST', '/push/task/detail', { app, body: { list: Array(101).fill(task_id) } }),
        400,
        'list',
      );
    });

    test('the native API is untouched: its own error shape still answers there', async () => {
      const r = await call<{ error: { code: string } }>(h, 'POST', '/v1/push', { auth: app.auth, body: {} });
      assert.equal(r.status, 400);
      assert.equal(r.body.error.code, 'validation_failed');
    });
  },
);

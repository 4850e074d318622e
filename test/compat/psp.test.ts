import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { MessageFrame } from '../../sdk/index.js';
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
import { fill, groupcast, type PspAnswer, psp, SEED_EXAMPLES } from './psp-support.js';

interface Node {
  id: string;
}

interface Online {
  readonly deviceId: string;
  readonly device: TestDevice;
}

forEachBackend('seed 001 PSP: the seed examples reach devices', (backend) => {
  let h: RunningHerald;
  let app: TestApp;
  // province ⊃ city ⊃ district; each officer's device is online.
  let province: Node;
  let city: Node;
  let district: Node;
  let android: Online; // officer-a, district, Android
  let ios: Online; // officer-i, city, iOS
  let tester: Online; // tester, district, a test device (isTest)
  let chief: Online; // chief, province
  let outsider: Online; // in no organisation
  const all = () => [android, ios, tester, chief, outsider];

  const node = async (name: string, parentId: string | null = null) =>
    (await call<Node>(h, 'POST', '/v1/orgs', { auth: app.auth, body: { name, parentId } })).body;
  const member = (n: Node, userId: string) =>
    call(h, 'POST', `/v1/orgs/${n.id}/members`, { auth: app.auth, body: { userIds: [userId] } });
  const online = async (fields: Record<string, unknown>): Promise<Online> => {
    const reg = await registerDevice(h, app, fields);
    const device = connectDevice(h, reg.deviceToken);
    await device.opened();
    return { deviceId: reg.deviceId, device };
  };

  const send = (path: string, raw: string) => psp(h, path, { app, raw });

  /** The seed's success shape, field by field, and nothing else in it. */
  const taskIdOf = (r: PspAnswer): string => {
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(Object.keys(r.body), ['ret', 'data']);
    assert.equal(r.body.ret, 'SUCCESS');
    assert.deepEqual(Object.keys(r.body.data ?? {}), ['task_id']);
    const id = r.body.data?.task_id;
    assert.equal(typeof id, 'string');
    assert.ok((id as string).length > 0);
    return id as string;
  };

  /** The native task behind a task_id, once sent, and the exact devices it targeted. */
  const targetsOf = async (taskId: string) => {
    const task = await eventually(
      async () => {
        const t = await call<{ status: string; messageId: string; targeted: number }>(
          h,
          'GET',
          `/v1/tasks/${taskId}`,
          { auth: app.auth },
        );
        return t.status === 200 && t.body.status === 'sent' ? t.body : undefined;
      },
      5000,
      `task ${taskId} sent`,
    );
    const d = await call<{ items: Array<{ deviceId: string }> }>(
      h,
      'GET',
      `/v1/messages/${task.messageId}/deliveries?limit=100`,
      { auth: app.auth },
    );
    return { messageId: task.messageId, deviceIds: d.body.items.map((i) => i.deviceId).sort() };
  };

  const receives = (o: Online, messageId: string): Promise<MessageFrame> =>
    eventually(() => o.device.messages.find((m) => m.id === messageId), 5000, `message on ${o.deviceId}`);

  /** Exactly `expected` were targeted, each of them shows the message, and no one else got it. */
  const reaches = async (taskId: string, expected: Online[]): Promise<MessageFrame[]> => {
    const { messageId, deviceIds } = await targetsOf(taskId);
    assert.deepEqual(deviceIds, expected.map((o) => o.deviceId).sort());
    const frames = await Promise.all(expected.map((o) => receives(o, messageId)));
    for (const o of all().filter((x) => !expected.includes(x)))
      assert.equal(o.device.messages.filter((m) => m.id === messageId).length, 0, `${o.deviceId} got it`);
    return frames;
  };

  before(async () => {
    h = await startHerald(backend);
    app = await createApp(h, 'psp');
    province = await node('Province');
    city = await node('City', province.id);
    district = await node('District', city.id);
    await member(province, 'chief');
    await member(city, 'officer-i');
    await member(district, 'officer-a');
    await member(district, 'tester');
    android = await online({ userId: 'officer-a', platform: 'android' });
    ios = await online({ userId: 'officer-i', platform: 'ios' });
    tester = await online({ userId: 'tester', platform: 'android', isTest: true });
    chief = await online({ userId: 'chief', platform: 'android' });
    outsider = await online({ userId: 'outsider', platform: 'android' });
  });
  after(async () => {
    for (const o of all()) o?.device.close();
    await h.close();
  });

  test('third-party example, unicast notification: SUCCESS with a task_id, and the device shows the title', async () => {
    const r = await send(
      '/psp/push/msg',
      fill(SEED_EXAMPLES.msg, {
        type: 'unicast',
        device_tokens: android.deviceId,
        display_type: 'notification',
        production_mode: 'true',
      }),
    );
    const [frame] = await reaches(taskIdOf(r), [android]);
    assert.equal(frame?.kind, 'notification');
    assert.equal(frame?.title, 'xx');
    assert.equal(frame?.body, undefined);
    assert.deepEqual(frame?.data, { custom: 'xx' });
  });

  test('police example, unicast message: handed to the app as a pass-through message with its custom', async () => {
    const r = await send(
      '/psp/push/msg',
      fill(SEED_EXAMPLES.msg, {
        type: 'unicast',
        device_tokens: ios.deviceId,
        display_type: 'message',
        production_mode: 'true',
      }),
    );
    const [frame] = await reaches(taskIdOf(r), [ios]);
    assert.equal(frame?.kind, 'message');
    assert.deepEqual(frame?.data, { custom: 'xx' });
  });

  test('custom may be JSON: it arrives as the same JSON under data.custom', async () => {
    const body = JSON.parse(
      fill(SEED_EXAMPLES.msg, {
        type: 'unicast',
        device_tokens: android.deviceId,
        display_type: 'message',
        production_mode: 'true',
      }),
    ) as { payload: { body: Record<string, unknown> } };
    body.payload.body = { custom: { case: 1024, action: 'open', tags: ['a', 'b'] } };
    const [frame] = await reaches(taskIdOf(await psp(h, '/psp/push/msg', { app, body })), [android]);
    assert.equal(frame?.kind, 'message');
    assert.equal(frame?.title, undefined);
    assert.deepEqual(frame?.data, { custom: { case: 1024, action: 'open', tags: ['a', 'b'] } });
  });

  test('groupcast to an organisation reaches its members and the members of every node below it, nobody else', async () => {
    const r = await send(
      '/psp/push/msg',
      fill(groupcast(SEED_EXAMPLES.msg, 'org_ids', city.id), {
        display_type: 'notification',
        production_mode: 'true',
      }),
    );
    const frames = await reaches(taskIdOf(r), [ios, android, tester]);
    for (const f of frames) assert.equal(f.title, 'xx');
  });

  test('groupcast to users (a list as a comma-separated string) reaches their devices only', async () => {
    const r = await send(
      '/psp/push/msg',
      fill(groupcast(SEED_EXAMPLES.msg, 'user_ids', 'officer-a,chief'), {
        display_type: 'notification',
        production_mode: 'true',
      }),
    );
    await reaches(taskIdOf(r), [android, chief]);
  });

  test('production_mode "false" reaches only the app test devices', async () => {
    const r = await send(
      '/psp/push/msg',
      fill(groupcast(SEED_EXAMPLES.msg, 'org_ids', province.id), {
        display_type: 'notification',
        production_mode: 'false',
      }),
    );
    await reaches(taskIdOf(r), [tester]);
    // A unicast in test mode to a device that is not a test device is accepted and reaches no one.
    const u = await send(
      '/psp/push/msg',
      fill(SEED_EXAMPLES.msg, {
        type: 'unicast',
        device_tokens: android.deviceId,
        display_type: 'notification',
        production_mode: 'false',
      }),
    );
    await reaches(taskIdOf(u), []);
  });

  test('production_mode left out means "true": every member is reached', async () => {
    const body = JSON.parse(
      fill(groupcast(SEED_EXAMPLES.msg, 'org_ids', district.id), { display_type: 'notification' }),
    ) as { payload: Record<string, unknown> };
    delete body.payload.production_mode;
    await reaches(taskIdOf(await psp(h, '/psp/push/msg', { app, body })), [android, tester]);
  });

  test('config example: arrives as a config message, the body verbatim and its key=value pairs in data', async () => {
    // The seed prints the body as "for example:cache=2&submit=10"; "for example:" is its prose, not config.
    const r = await send(
      '/psp/push/config',
      fill(SEED_EXAMPLES.config, {
        type: 'unicast',
        device_tokens: android.deviceId,
        body: 'cache=2&submit=10',
        production_mode: 'true',
      }),
    );
    const [frame] = await reaches(taskIdOf(r), [android]);
    assert.equal(frame?.kind, 'config');
    assert.equal(frame?.body, 'cache=2&submit=10');
    assert.deepEqual(frame?.data, { cache: '2', submit: '10' });
    assert.equal(frame?.title, undefined);
  });

  test('config example sent exactly as printed: accepted, and the device gets the body unchanged', async () => {
    const r = await send(
      '/psp/push/config',
      fill(SEED_EXAMPLES.config, {
        type: 'unicast',
        device_tokens: ios.deviceId,
        production_mode: 'true',
      }),
    );
    const [frame] = await reaches(taskIdOf(r), [ios]);
    assert.equal(frame?.kind, 'config');
    assert.equal(frame?.body, 'for example:cache=2&submit=10');
  });

  test('config groupcast to an organisation (police strategy push) reaches the node and below as config', async () => {
    const r = await send(
      '/psp/push/config',
      fill(groupcast(SEED_EXAMPLES.config, 'org_ids', district.id), {
        body: 'cache=2&submit=10',
        production_mode: 'true',
      }),
    );
    const frames = await reaches(taskIdOf(r), [android, tester]);
    for (const f of frames) {
      assert.equal(f.kind, 'config');
      assert.deepEqual(f.data, { cache: '2', submit: '10' });
    }
  });

  test('config in test mode reaches only the test devices', async () => {
    const r = await send(
      '/psp/push/config',
      fill(groupcast(SEED_EXAMPLES.config, 'user_ids', 'officer-a,tester,chief'), {
        body: 'cache=5',
        production_mode: 'false',
      }),
    );
    const [frame] = await reaches(taskIdOf(r), [tester]);
    assert.deepEqual(frame?.data, { cache: '5' });
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type RunningHerald, startHerald } from '../support/herald-harness.js';
import { json, runCli } from './run-cli.js';

interface CreatedApp {
  id: string;
  name: string;
  appKey: string;
  masterSecret: string;
}

describe('herald app and herald device', { timeout: 60_000 }, () => {
  let h: RunningHerald;
  let adminEnv: Record<string, string>;
  let appEnv: Record<string, string>;

  before(async () => {
    h = await startHerald('sqlite');
    adminEnv = { HERALD_URL: h.url, HERALD_ADMIN_TOKEN: h.adminToken };
  });
  after(async () => {
    await h?.close();
  });

  test('app create --json returns the secret; app list shows the app without it', async () => {
    const created = await runCli(['app', 'create', 'CLI shop', '--json'], adminEnv);
    assert.equal(created.code, 0, created.stderr);
    const app = json<CreatedApp>(created);
    assert.equal(app.name, 'CLI shop');
    assert.ok(app.appKey && app.masterSecret);
    appEnv = { HERALD_URL: h.url, HERALD_APP_KEY: app.appKey, HERALD_MASTER_SECRET: app.masterSecret };

    const table = await runCli(['app', 'list'], adminEnv);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^ID\s+NAME\s+APP KEY\s+CREATED/);
    assert.match(table.stdout, new RegExp(`${app.id}\\s+CLI shop\\s+${app.appKey}`));
    assert.doesNotMatch(table.stdout, new RegExp(app.masterSecret));

    const listed = json<{ items: CreatedApp[]; nextCursor: string | null }>(
      await runCli(['app', 'list', '--json'], adminEnv),
    );
    const found = listed.items.find((a) => a.id === app.id);
    assert.equal(found?.appKey, app.appKey);
    assert.equal(found?.masterSecret, undefined);
  });

  test('app create prints ready-to-paste export lines; flags win over the environment', async () => {
    const r = await runCli(['app', 'create', 'exports', '--url', h.url, '--admin-token', h.adminToken], {
      HERALD_URL: 'http://127.0.0.1:1',
      HERALD_ADMIN_TOKEN: 'wrong',
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^export HERALD_APP_KEY=\S+$/m);
    assert.match(r.stdout, /^export HERALD_MASTER_SECRET=\S+$/m);
    assert.match(r.stdout, new RegExp(`^export HERALD_URL=${h.url}$`, 'm'));
  });

  test('device register prints id and token; device list --json finds it by user and tag', async () => {
    const reg = await runCli(
      ['device', 'register', '--client-id', 'cli-dev-1', '--user', 'alice', '--tag', 'beta', '--tag', 'eu'],
      appEnv,
    );
    assert.equal(reg.code, 0, reg.stderr);
    const deviceId = /deviceId\s+(\S+)/.exec(reg.stdout)?.[1];
    assert.ok(deviceId, reg.stdout);
    assert.match(reg.stdout, /deviceToken\s+\S+/);
    await runCli(['device', 'register', '--client-id', 'cli-dev-2', '--user', 'bob'], appEnv);

    const mine = json<{ items: Array<{ deviceId: string; userId: string; tags: string[] }> }>(
      await runCli(['device', 'list', '--user', 'alice', '--tag', 'beta', '--json'], appEnv),
    );
    assert.deepEqual(
      mine.items.map((d) => [d.deviceId, d.userId, d.tags]),
      [[deviceId, 'alice', ['beta', 'eu']]],
    );

    const all = json<{ items: unknown[]; nextCursor: string | null }>(
      await runCli(['device', 'list', '--limit', '1', '--all', '--json'], appEnv),
    );
    assert.equal(all.items.length, 2);
    assert.equal(all.nextCursor, null);

    const table = await runCli(['device', 'list'], appEnv);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^DEVICE ID\s+CLIENT ID\s+USER\s+ALIAS\s+TAGS\s+STATUS\s+LAST ACTIVE/);
    assert.match(table.stdout, new RegExp(`${deviceId}\\s+cli-dev-1\\s+alice\\s+-\\s+beta,eu\\s+registered`));
  });
});

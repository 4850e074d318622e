import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call, createApp, type RunningHerald, startHerald, type TestApp } from '../support/herald-harness.js';
import { json, runCli, startCli } from './run-cli.js';

interface TaskJson {
  id: string;
  messageId: string;
  status: string;
  targeted: number;
  counts: Record<string, number>;
}

describe('herald push, task and simulate', { timeout: 90_000 }, () => {
  let h: RunningHerald;
  let app: TestApp;
  let env: Record<string, string>;

  before(async () => {
    h = await startHerald('sqlite');
    app = await createApp(h, 'cli push');
    env = { HERALD_URL: h.url, HERALD_APP_KEY: app.appKey, HERALD_MASTER_SECRET: app.masterSecret };
  });
  after(async () => {
    await h?.close();
  });

  test('push --all --title prints task and message ids; task show --json shows that task', async () => {
    await runCli(['device', 'register', '--client-id', 'push-dev-1'], env);
    const pushed = await runCli(['push', '--all', '--title', 'Hello'], env);
    assert.equal(pushed.code, 0, pushed.stderr);
    const taskId = /taskId\s+(\S+)/.exec(pushed.stdout)?.[1];
    const messageId = /messageId\s+(\S+)/.exec(pushed.stdout)?.[1];
    assert.ok(taskId && messageId, pushed.stdout);

    const shown = await runCli(['task', 'show', taskId, '--json'], env);
    assert.equal(shown.code, 0, shown.stderr);
    const task = json<TaskJson>(shown);
    assert.equal(task.id, taskId);
    assert.equal(task.messageId, messageId);
    assert.ok(['pending', 'sending', 'sent'].includes(task.status), task.status);
    assert.equal(typeof task.counts.queued, 'number');

    const table = await runCli(['task', 'show', taskId], env);
    assert.match(table.stdout, /^status\s+(pending|sending|sent)$/m);
    assert.match(table.stdout, /^queued\s+sent\s+received\s+displayed\s+clicked\s+failed/m);
  });

  test('push without an audience, or with --all and a list, exits 1 before calling the server', async () => {
    const none = await runCli(['push', '--title', 'x'], env);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /--all, or at least one of --device, --user, --alias, --tag/);
    const both = await runCli(['push', '--all', '--tag', 'a', '--title', 'x'], env);
    assert.equal(both.code, 1);
    assert.match(both.stderr, /not both/);
  });

  test('simulate --devices 5 counts a push sent during its run on all 5 devices; task watch settles', async () => {
    const sim = startCli(
      [
        'simulate',
        '--devices',
        '5',
        '--duration',
        '3',
        '--json-summary',
        '--prefix',
        'cli-sim',
        '--tag',
        'simulated',
      ],
      env,
      30_000,
    );
    await sim.waitFor('stderr', /connected 5\/5/, 15_000);

    const pushed = await call<{ taskId: string; messageId: string }>(h, 'POST', '/v1/push', {
      auth: app.auth,
      body: { audience: { tags: ['simulated'] }, message: { title: 'to the fleet' } },
    });
    assert.equal(pushed.status, 202);
    const watch = await runCli(['task', 'watch', pushed.body.taskId, '--timeout', '10'], env);
    assert.equal(watch.code, 0, `${watch.stdout}\n${watch.stderr}`);
    assert.match(watch.stdout, /5\/5 received/);

    const done = await sim.exited;
    assert.equal(done.code, 0, done.stderr);
    const summary = json<{ devices: number; connected: number; received: Record<string, number> }>(done);
    assert.deepEqual(summary, { devices: 5, connected: 5, received: { [pushed.body.messageId]: 5 } });
    assert.match(done.stderr, new RegExp(`${pushed.body.messageId} 5/5`));
  });

  test('push --watch follows the task to the end (one line per change without a terminal)', async () => {
    const sim = startCli(
      ['simulate', '--devices', '2', '--duration', '60', '--prefix', 'cli-watch'],
      env,
      30_000,
    );
    await sim.waitFor('stdout', /connected 2\/2/, 15_000);
    // No --all here: the device registered by the first test stays offline and would never settle.
    const r = await runCli(['push', '--device', ...(await simDeviceIds()), '--body', 'hi', '--watch'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^\[\d+\.\d\ds\] \w+ {2}received \d\/2/m);
    assert.match(r.stdout, /task \S+ sent: 2\/2 received/);
    sim.child.kill('SIGINT');
    const done = await sim.exited;
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stdout, /stopped \(interrupted\): 2 devices/);
  });

  test('simulate refuses more devices than one process can hold open', async () => {
    const r = await runCli(['simulate', '--devices', '15001'], env);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /too many for one process.*Run 2 simulate processes/s);
  });

  async function simDeviceIds(): Promise<string[]> {
    const list = json<{ items: Array<{ deviceId: string; clientId: string }> }>(
      await runCli(['device', 'list', '--json'], env),
    );
    return list.items.filter((d) => d.clientId.startsWith('cli-watch-')).map((d) => d.deviceId);
  }
});

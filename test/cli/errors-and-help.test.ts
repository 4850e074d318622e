import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { type RunningHerald, startHerald } from '../support/herald-harness.js';
import { runCli } from './run-cli.js';

/** A port nobody listens on: bound once by us, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('herald help and errors', { timeout: 60_000 }, () => {
  let h: RunningHerald;

  before(async () => {
    h = await startHerald('sqlite');
  });
  after(async () => {
    await h?.close();
  });

  test('herald --help lists the commands and the start-here examples', async () => {
    const r = await runCli(['--help']);
    assert.equal(r.code, 0);
    for (const cmd of ['serve', 'app', 'device', 'push', 'task', 'simulate'])
      assert.match(r.stdout, new RegExp(`^  ${cmd}\\b`, 'm'));
    assert.match(r.stdout, /Start here:/);
    assert.match(r.stdout, /herald app create "My app"/);
    assert.match(r.stdout, /herald simulate --devices 100/);
  });

  test('herald push --help explains the audience and shows examples', async () => {
    const r = await runCli(['push', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Examples:/);
    assert.match(r.stdout, /herald push --all --title Hi/);
    assert.match(r.stdout, /different flags must all match/);
    assert.match(r.stdout, /env:\s+HERALD_APP_KEY/);
  });

  test('every command has examples in its help', async () => {
    const commands = [
      ['app'],
      ['app', 'create'],
      ['app', 'list'],
      ['device'],
      ['device', 'list'],
      ['device', 'register'],
    ];
    commands.push(['task'], ['task', 'show'], ['task', 'watch'], ['simulate']);
    for (const c of commands) {
      const r = await runCli([...c, '--help']);
      assert.equal(r.code, 0, c.join(' '));
      assert.match(r.stdout, /Examples:\n {2}herald /, c.join(' '));
    }
  });

  test('bad app credentials: exit 1 with the error code', async () => {
    const r = await runCli(['device', 'list'], {
      HERALD_URL: h.url,
      HERALD_APP_KEY: 'nope',
      HERALD_MASTER_SECRET: 'nope',
    });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error unauthorized: /);
    assert.equal(r.stdout, '');
  });

  test('bad admin token: exit 1 with the error code', async () => {
    const r = await runCli(['app', 'list', '--admin-token', 'wrong'], { HERALD_URL: h.url });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error unauthorized: admin API needs/);
  });

  test('missing app credentials say where to get them', async () => {
    const r = await runCli(['push', '--all', '--title', 'x'], { HERALD_URL: h.url });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /HERALD_APP_KEY and HERALD_MASTER_SECRET/);
  });

  test('connection refused: says the server is not reachable', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const r = await runCli(['app', 'list'], { HERALD_URL: url, HERALD_ADMIN_TOKEN: 't' });
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim(), `cannot reach Herald at ${url} — is \`herald serve\` running?`);
  });
});

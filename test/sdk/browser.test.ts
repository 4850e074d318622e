import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import { relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type * as Sdk from '../../sdk/index.js';
import type { FakeGateway } from './fake-gateway.js';
import { startFakeGateway } from './fake-gateway.js';
import { waitFor } from './wait.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
// Compiled to dist/test/sdk/, the sources sit three levels up.
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SDK_ENTRY = `${ROOT}sdk/index.ts`;

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>herald sdk</title></head>
<body><script type="module">
import * as sdk from '/sdk.js';
window.heraldSdk = sdk;
</script></body></html>`;

interface PageEvent {
  client: string;
  name: string;
  payload: unknown;
}

/** What the page's window holds; the page itself is plain JS. */
interface PageGlobals {
  heraldSdk: typeof Sdk;
  clients: Record<string, Sdk.HeraldClient>;
  reportEvent(event: PageEvent): Promise<void>;
}

async function bundleSdk(): Promise<{ code: string; inputs: string[] }> {
  const result = await build({
    entryPoints: [SDK_ENTRY],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return { code: result.outputFiles[0]!.text, inputs: Object.keys(result.metafile.inputs) };
}

function serve(sdkCode: string): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    else if (req.url === '/sdk.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(sdkCode);
    else res.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Creates a client in the page with the browser's native WebSocket and reports its events. */
function startPageClient(page: Page, name: string, url: string, token: string): Promise<void> {
  return page.evaluate(
    ({ name, url, token }) => {
      const w = window as unknown as PageGlobals;
      const client = new w.heraldSdk.HeraldClient({ url, token, reconnect: { minMs: 50, maxMs: 50 } });
      w.clients ??= {};
      w.clients[name] = client;
      for (const event of ['open', 'message', 'close', 'error', 'reconnecting'] as const) {
        client.on(event, (payload) => {
          void w.reportEvent({ client: name, name: event, payload });
        });
      }
      client.connect();
    },
    { name, url, token },
  );
}

test('SDK bundled for the browser works with native WebSocket in Chromium', {
  timeout: 90_000,
}, async (t) => {
  if (!existsSync(CHROMIUM)) {
    if (process.env.CI === 'true') assert.fail(`chromium not installed at ${CHROMIUM}`);
    t.skip('chromium not installed: apt-get install chromium');
    return;
  }

  const { code, inputs } = await bundleSdk();
  // The bundle must be self-contained browser code: nothing from Node, nothing from `ws`.
  const outside = inputs.filter((input) => !relative(ROOT, input).startsWith('sdk/'));
  assert.deepEqual(outside, [], 'bundle pulls in only sdk/ sources');

  const server = await serve(code);
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const gateway: FakeGateway = await startFakeGateway({ server });
  t.after(async () => {
    await gateway.close();
    server.closeAllConnections();
  });
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  t.after(() => browser.close());

  const page = await browser.newPage();
  const pageErrors: Error[] = [];
  page.on('pageerror', (err) => pageErrors.push(err));
  const events: PageEvent[] = [];
  await page.exposeFunction('reportEvent', (event: PageEvent) => {
    events.push(event);
  });
  await page.goto(gateway.origin);
  await page.waitForFunction(() => 'heraldSdk' in window, undefined, { timeout: 10_000 });
  const eventsOf = (client: string, name: string): unknown[] =>
    events.filter((e) => e.client === client && e.name === name).map((e) => e.payload);

  await t.test('connects, receives a message, auto-acks it and sends displayed', async () => {
    await startPageClient(page, 'good', gateway.url, gateway.token);
    await waitFor('open in the page', () => eventsOf('good', 'open').length === 1, 10_000);
    const upgrade = gateway.upgrades.at(-1)!;
    assert.equal(upgrade.authorization, undefined, 'browsers cannot set the header');
    assert.equal(new URL(upgrade.url, 'http://x').searchParams.get('token'), gateway.token);

    const sent = gateway.publish({ id: 'browser-1', title: 'Hello browser', data: { n: 1 } });
    await waitFor('message in the page', () => eventsOf('good', 'message').length === 1, 10_000);
    assert.deepEqual(eventsOf('good', 'message'), [sent]);
    await waitFor('ack 2', () => gateway.acks().some((a) => a.id === 'browser-1' && a.status === 2), 10_000);

    await page.evaluate(() => (window as unknown as PageGlobals).clients.good!.displayed('browser-1'));
    await waitFor('ack 3', () => gateway.acks().some((a) => a.id === 'browser-1' && a.status === 3), 10_000);
    assert.equal(await page.evaluate(() => (window as unknown as PageGlobals).clients.good!.state), 'open');
  });

  await t.test('a 401 at the upgrade is invisible to browsers: the client keeps retrying', async () => {
    await startPageClient(page, 'bad', gateway.url, 'wrong-token');
    await waitFor('two retries', () => eventsOf('bad', 'reconnecting').length >= 2, 10_000);
    const closes = eventsOf('bad', 'close') as Sdk.CloseInfo[];
    assert.ok(closes.every((c) => c.code === 1006 && c.willReconnect));
    const errors = eventsOf('bad', 'error') as Sdk.HeraldErrorInfo[];
    assert.ok(errors.every((e) => e.code === 'socket_error'));
    await page.evaluate(() => (window as unknown as PageGlobals).clients.bad!.close());
  });

  await page.evaluate(() => (window as unknown as PageGlobals).clients.good!.close());
  assert.deepEqual(pageErrors, []);
});

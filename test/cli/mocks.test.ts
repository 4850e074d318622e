import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CREDENTIAL_VALIDATORS } from '../../src/channels/credential-validators.js';
import type { VendorEndpoints } from '../../src/channels/endpoints.js';
import { VENDORS, type Vendor } from '../../src/domain/device.js';
import { call, createApp, type RunningHerald, startHerald, type TestApp } from '../support/herald-harness.js';
import { type RunningCli, startCli } from './run-cli.js';

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The token as `herald mocks` logs it: a subscription by its endpoint id, others by their head. */
function logged(vendor: Vendor, token: string): string {
  if (vendor === 'webpush') {
    const endpoint = (JSON.parse(token) as { endpoint: string }).endpoint;
    return endpoint.slice(endpoint.lastIndexOf('/') + 1);
  }
  return token.length > 18 ? token.slice(0, 16) : token;
}

/**
 * `herald mocks` end to end: the real CLI starts the nine mocks and writes credentials and tokens;
 * a real Herald pointed at the printed endpoints takes those credentials through the API, and a
 * vendor_only push to each vendor shows up in the CLI's request log.
 */
describe('herald mocks', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'herald-mocks-'));
  let cli: RunningCli;
  let h: RunningHerald | undefined;
  let app: TestApp;
  let endpoints: VendorEndpoints;

  before(async () => {
    cli = startCli(['mocks', '--dir', dir, '--tokens', '2'], {}, 110_000);
    await cli.waitFor('stderr', /mocks running/, 30_000);
    const line = /HERALD_VENDOR_ENDPOINTS='([^']+)'/.exec(cli.stdout());
    assert.ok(line?.[1], cli.stdout());
    endpoints = JSON.parse(line[1]) as VendorEndpoints;
  });
  after(async () => {
    await h?.close();
    if (cli.child.exitCode === null) cli.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  test('writes a credential per vendor that its native validator accepts, the APNs CA and the tokens', () => {
    for (const vendor of VENDORS) {
      const credential: unknown = JSON.parse(readFileSync(join(dir, `${vendor}.json`), 'utf8'));
      assert.doesNotThrow(() => CREDENTIAL_VALIDATORS[vendor](credential), vendor);
    }
    assert.match(readFileSync(join(dir, 'apns-ca.pem'), 'utf8'), /^-----BEGIN CERTIFICATE-----/);
    const tokens = JSON.parse(readFileSync(join(dir, 'tokens.json'), 'utf8')) as Record<Vendor, string[]>;
    for (const vendor of VENDORS) {
      assert.equal(tokens[vendor]?.length, 2, vendor);
      for (const t of tokens[vendor]) assert.ok(cli.stdout().includes(t), `${vendor} token printed`);
    }
    assert.ok(existsSync(join(dir, 'device.json')));
    assert.match(
      cli.stdout(),
      /curl .* -X PUT --data @\S+huawei\.json \S+\/v1\/apps\/\$APP_ID\/credentials\/huawei\/prod/,
    );
    assert.match(cli.stdout(), /"strategy":"vendor_only"/);
  });

  test('a Herald pointed at the printed endpoints pushes vendor_only through every mock', async () => {
    const herald = await startHerald('sqlite', {
      vendorEndpoints: endpoints,
      vendorCaFile: join(dir, 'apns-ca.pem'),
      webpushAllowHttp: true,
    });
    h = herald;
    app = await createApp(herald, 'mocks demo');
    for (const vendor of VENDORS) {
      const body: unknown = JSON.parse(readFileSync(join(dir, `${vendor}.json`), 'utf8'));
      const r = await call(herald, 'PUT', `/v1/apps/${app.id}/credentials/${vendor}/prod`, {
        auth: app.auth,
        body,
      });
      assert.equal(r.status, 200, `${vendor}: ${JSON.stringify(r.body)}`);
    }
    const device = JSON.parse(readFileSync(join(dir, 'device.json'), 'utf8')) as {
      vendorTokens: Record<Vendor, string>;
    };
    const reg = await call<{ deviceId: string }>(herald, 'POST', '/v1/devices', {
      auth: app.auth,
      body: device,
    });
    assert.equal(reg.status, 201, JSON.stringify(reg.body));

    for (const vendor of VENDORS) {
      const r = await call(herald, 'POST', '/v1/push', {
        auth: app.auth,
        body: {
          audience: { deviceIds: [reg.body.deviceId] },
          message: { title: 'Hello', body: `via ${vendor}` },
          options: { strategy: 'vendor_only', vendors: [vendor] },
        },
      });
      assert.equal(r.status, 202, JSON.stringify(r.body));
      const token = escapeRe(logged(vendor, device.vendorTokens[vendor]));
      await cli.waitFor(
        'stderr',
        new RegExp(`^mock ${vendor} +\\S+ +token ${token}\\S* +→ 20[01]$`, 'm'),
        15_000,
      );
    }
    // The OAuth grants show too: Huawei's token endpoint was called before its first send.
    assert.match(cli.stderr(), /^mock huawei +\/oauth2\/v3\/token +\(auth token request\)$/m);
  });

  test('SIGINT stops the mocks and exits 0', async () => {
    cli.child.kill('SIGINT');
    const done = await cli.exited;
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stderr, /mocks stopped \(interrupted\)/);
  });
});

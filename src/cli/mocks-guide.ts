import { join } from 'node:path';
import type { DemoRequest } from '../../mocks/demo.js';
import type { VendorEndpoints } from '../channels/endpoints.js';
import { VENDORS, type Vendor } from '../domain/device.js';

/** What the walk-through printed by `herald mocks` is built from. */
export interface GuideInput {
  readonly dir: string;
  /** The Herald server the printed commands call. */
  readonly heraldUrl: string;
  readonly urls: Readonly<Record<Vendor, string>>;
  readonly endpoints: VendorEndpoints;
  readonly tokens: Readonly<Record<Vendor, readonly string[]>>;
  /** The alias the demo device registers with, which the printed push targets. */
  readonly alias: string;
}

/** A word or path for the shell: bare when safe, else single-quoted. */
export function shellWord(value: string): string {
  return /^[\w.:/+=@%-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

/** The body of `POST /v1/devices` for a device holding the first token of every vendor. */
export function demoDevice(tokens: GuideInput['tokens'], alias: string): Record<string, unknown> {
  const vendorTokens: Record<string, string> = {};
  for (const vendor of VENDORS) {
    const first = tokens[vendor][0];
    if (first !== undefined) vendorTokens[vendor] = first;
  }
  return {
    clientId: 'mocks-demo-1',
    appPackage: 'com.herald.demo',
    deviceType: '01',
    alias,
    vendorTokens,
  };
}

/** The step-by-step text, ready to paste: start Herald, upload credentials, register, push. */
export function guide(g: GuideInput): string {
  const url = g.heraldUrl.replace(/\/+$/, '');
  const file = (name: string) => shellWord(join(g.dir, name));
  const curl = `curl -s -u "$HERALD_APP_KEY:$HERALD_MASTER_SECRET" -H 'content-type: application/json'`;
  const width = Math.max(...VENDORS.map((v) => v.length));
  const push = JSON.stringify({
    audience: { aliases: [g.alias] },
    message: { title: 'Hello', body: 'through a vendor mock' },
    options: { strategy: 'vendor_only', vendors: ['huawei'] },
  });
  const lines = [
    'Vendor mocks (127.0.0.1):',
    ...VENDORS.map((v) => `  ${v.padEnd(width)}  ${g.urls[v]}`),
    '',
    `Credentials: ${join(g.dir, '<vendor>.json')}   APNs CA: ${join(g.dir, 'apns-ca.pem')}`,
    `Device tokens: ${join(g.dir, 'tokens.json')}   Demo device: ${join(g.dir, 'device.json')}`,
    '',
    '1. Start Herald pointed at the mocks (another terminal, same directory):',
    `  HERALD_VENDOR_ENDPOINTS=${shellWord(JSON.stringify(g.endpoints))} HERALD_VENDOR_CA_FILE=${file('apns-ca.pem')} HERALD_WEBPUSH_ALLOW_HTTP=true herald serve`,
    '',
    '2. Create an app (`herald app create demo`), export HERALD_APP_KEY and HERALD_MASTER_SECRET as it',
    '   prints, set APP_ID to its id (in parentheses), then upload every demo credential:',
    ...VENDORS.map(
      (v) => `  ${curl} -X PUT --data @${file(`${v}.json`)} ${url}/v1/apps/$APP_ID/credentials/${v}/prod`,
    ),
    '',
    `3. Register a device holding one token per vendor (alias ${g.alias}):`,
    `  ${curl} -X POST --data @${file('device.json')} ${url}/v1/devices`,
    '',
    '4. Push to it through a vendor only; the mock logs the request below. Swap "huawei" for any of',
    `   ${VENDORS.filter((v) => v !== 'huawei').join(', ')}:`,
    `  ${curl} -X POST ${url}/v1/push -d ${shellWord(push)}`,
    '',
    'Device tokens the mocks deliver to:',
    ...VENDORS.flatMap((v) => g.tokens[v].map((t) => `  ${v.padEnd(width)}  ${t}`)),
    '',
  ];
  return lines.join('\n');
}

const SHORT = 16;

/** One log line per request a mock received: vendor, path, tokens (shortened), status. */
export function requestLine(r: DemoRequest): string {
  const tokens = r.tokens.map((t) => shortToken(r.vendor, t));
  const parts = [`mock ${r.vendor.padEnd(7)} ${r.path}`];
  if (r.status === null) parts.push('(auth token request)');
  else {
    parts.push(tokens.length === 1 ? `token ${tokens[0]}` : `${tokens.length} tokens ${tokens.join(',')}`);
    parts.push(`→ ${r.status}${r.note ? ` ${r.note}` : ''}`);
  }
  if (r.unknownTokens.length > 0)
    parts.push(`(${r.unknownTokens.length} unknown to the mock: answered as dead)`);
  return parts.join('  ');
}

/** Web Push tokens are subscription JSON: show the endpoint's last segment; long tokens keep their head. */
function shortToken(vendor: Vendor, token: string): string {
  if (vendor === 'webpush' && token.startsWith('{')) {
    try {
      const endpoint = (JSON.parse(token) as { endpoint?: string }).endpoint ?? '';
      return endpoint.slice(endpoint.lastIndexOf('/') + 1);
    } catch {
      // Fall through: shown like any other token.
    }
  }
  return token.length > SHORT + 2 ? `${token.slice(0, SHORT)}…` : token;
}

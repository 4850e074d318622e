import { deviceToken, throwAwayKey } from '../../mocks/apns/keys.js';
import { apnsPayload } from '../../src/channels/apns/payload.js';
import { ProviderTokenSource } from '../../src/channels/apns/provider-token.js';
import { systemClock } from '../../src/domain/clock.js';
import { log } from '../lib/proc.js';
import { APNS_BENCH_MESSAGE, type ApnsBenchTarget, heraldClient, nodeApnClient } from './apns-clients.js';
import { startApnsMockProcess } from './apns-mock-process.js';
import { bareHttp2Client } from './bare-http2.js';
import type { LoopResult } from './closed-loop.js';
import { type H2loadOptions, h2loadAvailable, runH2load } from './h2load.js';
import { type BenchClient, interleave, type RoundsLoad } from './rounds.js';

const TOPIC = 'com.example.herald.bench';

/** The APNs load: {@link RoundsLoad} plus HTTP/2 connections per client. */
export interface ApnsLoad extends RoundsLoad {
  readonly sessions: number;
}

/** One client's figures and the connections it opened to the mock. */
export type Row = LoopResult & { readonly conns?: number };

/** Results by client name; a client that could not run says why. */
export type ApnsResults = Record<string, Row | { readonly skipped: string }>;

export const isRow = (r: ApnsResults[string] | undefined): r is Row => r !== undefined && 'sendsPerSec' in r;

/**
 * Herald, node-apn (Provider and MultiProvider) and a bare node:http2 loop, interleaved against
 * one mock process; then h2load alone as the mock's ceiling. Each client signs with its own key.
 */
export async function apnsBench(load: ApnsLoad): Promise<ApnsResults> {
  const key = () => throwAwayKey();
  const keys = { herald: key(), nodeApn: key(), nodeApnMulti: key(), bare: key(), h2load: key() };
  const mock = await startApnsMockProcess(Object.values(keys).map((k) => ({ ...k, topic: TOPIC })));
  const target = (k: typeof keys.herald): ApnsBenchTarget => ({ ...mock, key: k, topic: TOPIC });
  const parts = apnsPayload(APNS_BENCH_MESSAGE, { topic: TOPIC });
  const jwt = (k: typeof keys.herald) => new ProviderTokenSource({ ...k, clock: systemClock }).get();
  const clients: BenchClient[] = [];
  try {
    clients.push(
      heraldClient(target(keys.herald), load.sessions),
      nodeApnClient(target(keys.nodeApn), load.sessions, false),
      nodeApnClient(target(keys.nodeApnMulti), load.sessions, true),
      bareHttp2Client(
        {
          url: mock.url,
          ca: mock.ca,
          headers: { ...parts.headers, authorization: `bearer ${await jwt(keys.bare)}` },
          body: Buffer.from(parts.body),
        },
        load.sessions,
      ),
    );
    const measured = await interleave(clients, load);
    // Connections per client by configuration; the mock's count of open ones checks the sum.
    const conns: Record<string, number> = { 'node-apn': 1 };
    const out: ApnsResults = {};
    for (const [name, r] of Object.entries(measured))
      out[name] = { ...r, conns: conns[name] ?? load.sessions };
    log(`apns mock: ${(await mock.stats()).sessionsOpen} connections open across ${clients.length} clients`);
    out.h2load = h2loadAvailable()
      ? await runH2loadRow({
          url: `${mock.url}/3/device/${deviceToken()}`,
          requests: load.max,
          clients: load.sessions,
          streams: Math.ceil(load.inflight / load.sessions),
          headers: { ...parts.headers, authorization: `bearer ${await jwt(keys.h2load)}` },
          body: parts.body,
          timeoutMs: 120_000,
        })
      : { skipped: 'h2load not found (apt-get install nghttp2-client)' };
    return out;
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await mock.stop();
  }
}

async function runH2loadRow(opts: H2loadOptions): Promise<Row> {
  return { ...(await runH2load(opts)), conns: opts.clients };
}

import apn from '@parse/node-apn';
import { deviceToken, type ThrowAwayKey } from '../../mocks/apns/keys.js';
import { ApnsChannel } from '../../src/channels/apns/apns-channel.js';
import type { VendorMessage } from '../../src/channels/channel.js';
import { BENCH_MESSAGE } from '../lib/message.js';
import { closedLoop, type LoopResult } from './closed-loop.js';

/** Where the clients send: the mock in its child process, and the key it knows. */
export interface ApnsBenchTarget {
  readonly port: number;
  readonly url: string;
  readonly ca: string;
  readonly key: ThrowAwayKey;
  readonly topic: string;
}

/** Load shape shared by every client, so their figures compare. */
export interface ApnsLoad {
  readonly inflight: number;
  readonly seconds: number;
  readonly max: number;
  /** HTTP/2 connections per client. */
  readonly sessions: number;
}

/** The bench notification: BENCH_MESSAGE as an alert with a little app data. */
export const APNS_BENCH_MESSAGE: VendorMessage = {
  id: '0190a0b0-0000-7000-8000-00000000b001',
  content: { kind: 'notification', ...BENCH_MESSAGE, data: { orderId: '48213' } },
  priority: 'high',
  collapseId: null,
  expiresAt: null,
};

// Many device tokens, as a real fan-out has; APNs (and the mock) treat each token separately.
const TOKENS = Array.from({ length: 4096 }, deviceToken);
const WARMUP_SENDS = 5000;

/** Herald's ApnsChannel, one token per send() call, `inflight` calls at once. */
export async function runHerald(target: ApnsBenchTarget, load: ApnsLoad): Promise<LoopResult> {
  const channel = new ApnsChannel({
    credential: { ...target.key, topic: target.topic, environment: 'development' },
    baseUrl: target.url,
    ca: target.ca,
    sessions: load.sessions,
  });
  const once = async (i: number) =>
    (await channel.send(APNS_BENCH_MESSAGE, [{ deviceId: 'd', token: TOKENS[i % TOKENS.length]! }]))[0]
      ?.kind === 'delivered';
  try {
    await closedLoop({ ...load, label: 'herald warm-up', seconds: 5, max: WARMUP_SENDS, once });
    return await closedLoop({ ...load, label: 'herald', once });
  } finally {
    await channel.close();
  }
}

/** @parse/node-apn: Provider (one connection) or MultiProvider (`sessions` connections), token auth. */
export async function runNodeApn(
  target: ApnsBenchTarget,
  load: ApnsLoad,
  multi: boolean,
): Promise<LoopResult> {
  const options = {
    token: { key: target.key.privateKeyPem, keyId: target.key.keyId, teamId: target.key.teamId },
    // node-apn dials `address` and takes the port from `port` (its TLS options override the URL's).
    address: '127.0.0.1',
    port: target.port,
    ca: [target.ca],
    production: false,
  };
  const provider = multi
    ? new apn.MultiProvider({ ...options, clientCount: load.sessions })
    : new apn.Provider(options);
  const c = APNS_BENCH_MESSAGE.content;
  const note = new apn.Notification();
  note.topic = target.topic;
  note.pushType = 'alert';
  note.priority = 10;
  note.id = APNS_BENCH_MESSAGE.id;
  note.alert = { title: c.title ?? '', body: c.body ?? '' };
  note.payload = { ...c.data, herald_id: APNS_BENCH_MESSAGE.id, herald_kind: c.kind };
  const label = multi ? 'node-apn multi' : 'node-apn';
  const once = async (i: number) => (await provider.send(note, TOKENS[i % TOKENS.length]!)).sent.length === 1;
  try {
    await closedLoop({ ...load, label: `${label} warm-up`, seconds: 5, max: WARMUP_SENDS, once });
    return await closedLoop({ ...load, label, once });
  } finally {
    await provider.shutdown();
  }
}

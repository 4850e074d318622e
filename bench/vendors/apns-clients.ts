import apn from '@parse/node-apn';
import { deviceToken, type ThrowAwayKey } from '../../mocks/apns/keys.js';
import { ApnsChannel } from '../../src/channels/apns/apns-channel.js';
import type { VendorMessage } from '../../src/channels/channel.js';
import { BENCH_MESSAGE } from '../lib/message.js';
import type { BenchClient } from './rounds.js';

/** Where the clients send: the mock in its child process, and a key it knows. */
export interface ApnsBenchTarget {
  readonly port: number;
  readonly url: string;
  readonly ca: string;
  readonly key: ThrowAwayKey;
  readonly topic: string;
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
export const BENCH_TOKENS = Array.from({ length: 4096 }, deviceToken);
const token = (i: number) => BENCH_TOKENS[i % BENCH_TOKENS.length]!;

/** Herald's ApnsChannel, one token per send() call: the per-request path at its most expensive. */
export function heraldClient(target: ApnsBenchTarget, sessions: number): BenchClient {
  const channel = new ApnsChannel({
    credential: { ...target.key, topic: target.topic, environment: 'development' },
    baseUrl: target.url,
    ca: target.ca,
    sessions,
  });
  return {
    name: 'herald',
    once: async (i) =>
      (await channel.send(APNS_BENCH_MESSAGE, [{ deviceId: 'd', token: token(i) }]))[0]?.kind === 'delivered',
    close: () => channel.close(),
  };
}

/** @parse/node-apn with token auth: Provider (one connection) or MultiProvider (`sessions` connections). */
export function nodeApnClient(target: ApnsBenchTarget, sessions: number, multi: boolean): BenchClient {
  const options = {
    token: { key: target.key.privateKeyPem, keyId: target.key.keyId, teamId: target.key.teamId },
    // node-apn dials `address` and takes the port from `port` (its TLS options override the URL's).
    address: '127.0.0.1',
    port: target.port,
    ca: [target.ca],
    production: false,
  };
  const provider = multi
    ? new apn.MultiProvider({ ...options, clientCount: sessions })
    : new apn.Provider(options);
  const c = APNS_BENCH_MESSAGE.content;
  const note = new apn.Notification();
  note.topic = target.topic;
  note.pushType = 'alert';
  note.priority = 10;
  note.id = APNS_BENCH_MESSAGE.id;
  note.alert = { title: c.title ?? '', body: c.body ?? '' };
  note.payload = { ...c.data, herald_id: APNS_BENCH_MESSAGE.id, herald_kind: c.kind };
  return {
    name: multi ? 'node-apn-multi' : 'node-apn',
    once: async (i) => (await provider.send(note, token(i))).sent.length === 1,
    close: () => provider.shutdown(),
  };
}

import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { Agent, request } from 'undici';
import { newServiceAccount } from '../../mocks/fcm/service-account.js';
import type { VendorMessage } from '../../src/channels/channel.js';
import { AccessTokenSource } from '../../src/channels/fcm/access-token.js';
import { FcmChannel } from '../../src/channels/fcm/fcm-channel.js';
import { fcmMessage } from '../../src/channels/fcm/payload.js';
import { systemClock } from '../../src/domain/clock.js';
import { BENCH_MESSAGE } from '../lib/message.js';
import { forkBench, log, stop } from '../lib/proc.js';
import type { LoopResult } from './closed-loop.js';
import { type BenchClient, interleave, type RoundsLoad } from './rounds.js';

const PROJECT = 'herald-bench';
const MESSAGE: VendorMessage = {
  id: '0190a0b0-0000-7000-8000-00000000f001',
  content: { kind: 'notification', ...BENCH_MESSAGE, data: { orderId: '48213' } },
  priority: 'high',
  collapseId: null,
  expiresAt: null,
};
const TOKENS = Array.from({ length: 4096 }, () => `fcm:${randomBytes(12).toString('base64url')}`);
const token = (i: number) => TOKENS[i % TOKENS.length]!;

/**
 * FCM sends/s against mocks/fcm in a child process: Herald's FcmChannel (one token per send()
 * call) and, as the reference, a plain undici request loop with the same body and keep-alive.
 */
export async function fcmBench(load: RoundsLoad): Promise<Record<string, LoopResult>> {
  const account = newServiceAccount(PROJECT);
  const child = forkBench('vendors/fcm-mock-child.js', 'fcm-mock', [], {
    FCM_CLIENT_EMAIL: account.credential.client_email,
    FCM_PUBLIC_KEY: account.publicKeyPem,
    FCM_PROJECT: PROJECT,
  });
  const clients: BenchClient[] = [];
  try {
    const [ready] = (await Promise.race([
      once(child, 'message'),
      new Promise((_, reject) => setTimeout(() => reject(new Error('fcm mock did not start')), 15_000)),
    ])) as [{ url: string; tokenUri: string }];
    log(`fcm mock up at ${ready.url}, pid ${child.pid}`);
    const channel = new FcmChannel({
      credential: account.credential,
      baseUrl: ready.url,
      tokenUri: ready.tokenUri,
      maxInFlight: load.inflight,
    });
    clients.push({
      name: 'herald-fcm',
      once: async (i) =>
        (await channel.send(MESSAGE, [{ deviceId: 'd', token: token(i) }]))[0]?.kind === 'delivered',
      close: () => channel.close(),
    });
    clients.push(await undiciClient(ready, account.credential, load.inflight));
    // The FCM mock keeps every request; clear it each round so its memory stays flat.
    const clear = setInterval(() => child.send({ type: 'clear' }), 2000).unref();
    try {
      return await interleave(clients, load);
    } finally {
      clearInterval(clear);
    }
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await stop(child);
  }
}

/** The same send with nothing but undici: access token fetched once, body built per send. */
async function undiciClient(
  mock: { url: string; tokenUri: string },
  credential: ReturnType<typeof newServiceAccount>['credential'],
  connections: number,
): Promise<BenchClient> {
  const agent = new Agent({ connections, keepAliveTimeout: 30_000 });
  const tokens = new AccessTokenSource({
    credential,
    tokenUri: mock.tokenUri,
    dispatcher: agent,
    clock: systemClock,
  });
  const headers = { authorization: `Bearer ${await tokens.get()}`, 'content-type': 'application/json' };
  const url = `${mock.url}/v1/projects/${PROJECT}/messages:send`;
  return {
    name: 'undici-loop',
    once: async (i) => {
      const body = JSON.stringify(fcmMessage(MESSAGE, token(i), Date.now()));
      const res = await request(url, { method: 'POST', headers, body, dispatcher: agent });
      await res.body.dump();
      return res.statusCode === 200;
    },
    close: () => agent.close(),
  };
}

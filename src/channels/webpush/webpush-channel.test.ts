import { startWebPushMock, type WebPushBehavior } from '../../../mocks/webpush/server.js';
import { newVapidCredential } from '../../../mocks/webpush/vapid-keys.js';
import { channelConformance } from '../channel-conformance.js';
import { WEBPUSH_MAX_PLAINTEXT } from './encrypt.js';
import type { VapidCredential } from './vapid.js';
import { WebPushChannel } from './webpush-channel.js';

channelConformance('Web Push', async () => {
  const mock = await startWebPushMock();
  const vapid = newVapidCredential();
  const open = (v: VapidCredential) => new WebPushChannel({ vapid: v, allowHttpEndpoints: true });
  const channel = open(vapid);
  // Subscriptions restricted to the app's key, as PushManager.subscribe({applicationServerKey}) makes them.
  const subscribe = () => mock.createSubscription({ applicationServerKey: vapid.publicKey });
  const inject = (behavior: WebPushBehavior) => {
    const sub = subscribe();
    mock.inject(sub, behavior);
    return sub;
  };
  return {
    channel,
    okToken: subscribe,
    deadToken: () => inject({ kind: 'gone' }),
    retryToken: (seconds) => inject({ kind: 'unavailable', retryAfterSeconds: seconds }),
    quotaToken: () => inject({ kind: 'rate_limited', retryAfterSeconds: 60 }),
    serverErrorToken: () => inject({ kind: 'server_error' }),
    // Another VAPID key: the push service answers 403 for subscriptions bound to the app's key.
    badCredentialChannel: async () => open(newVapidCredential()),
    requests: async () =>
      mock.requests().map((r) => ({ tokens: r.subscription === null ? [] : [r.subscription] })),
    maxTokensPerRequest: 1,
    payloadLimitBytes: WEBPUSH_MAX_PLAINTEXT,
    async close() {
      await channel.close();
      await mock.close();
    },
  };
});

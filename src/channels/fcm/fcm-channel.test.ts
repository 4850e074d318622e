import { randomBytes } from 'node:crypto';
import { type FcmBehavior, startFcmMock } from '../../../mocks/fcm/server.js';
import { newServiceAccount } from '../../../mocks/fcm/service-account.js';
import { channelConformance } from '../channel-conformance.js';
import type { FcmCredential } from './credential.js';
import { FcmChannel } from './fcm-channel.js';

channelConformance('FCM', async () => {
  const mock = await startFcmMock();
  const account = newServiceAccount('conformance');
  mock.registerServiceAccount(account.credential.client_email, account.publicKeyPem, 'conformance');
  const open = (credential: FcmCredential) =>
    new FcmChannel({ credential, baseUrl: mock.url, tokenUri: mock.tokenUri });
  const channel = open(account.credential);
  const fresh = () => `fcm:${randomBytes(12).toString('base64url')}`;
  const inject = (behavior: FcmBehavior) => {
    const token = fresh();
    mock.injectForToken(token, behavior);
    return token;
  };
  return {
    channel,
    okToken: fresh,
    deadToken: () => inject({ kind: 'unregistered' }),
    retryToken: (seconds) => inject({ kind: 'unavailable', retryAfterSeconds: seconds }),
    quotaToken: () => inject({ kind: 'quota', retryAfterSeconds: 60 }),
    serverErrorToken: () => inject({ kind: 'internal' }),
    // Same client_email, another key: the mock's RS256 check refuses the assertion (invalid_grant).
    badCredentialChannel: async () =>
      open(newServiceAccount('conformance', account.credential.client_email).credential),
    // Every messages:send the mock saw, refused or not, so "rejected without a request" is strict.
    requests: async () => mock.requests().map((r) => ({ tokens: r.token === null ? [] : [r.token] })),
    maxTokensPerRequest: 1,
    payloadLimitBytes: 4096,
    async close() {
      await channel.close();
      await mock.close();
    },
  };
});

// The APNs mock in its own process for the vendors bench, so the client under test and the mock do
// not share one event loop. Parent → child: {type:'stats'} | {type:'clear'}; child → parent:
// {type:'ready', url, port, ca} then {type:'stats', stats}.
import { startApnsMock } from '../../mocks/apns/server.js';

interface KeyEnv {
  readonly teamId: string;
  readonly keyId: string;
  readonly publicKeyPem: string;
  readonly topic: string;
}

// Recording 100 000 requests would make the mock, not the client, the thing measured. Token
// updates are not limited: node-apn's MultiProvider mints one JWT per connection for the same key,
// which real APNs may answer with 429 TooManyProviderTokenUpdates — a finding, not a throughput.
const mock = await startApnsMock({ record: false, tokenUpdateMinIntervalMs: 0 });
// One key per client: APNs refuses a second new token for one key within 20 minutes, and each
// client mints its own.
for (const k of JSON.parse(process.env.APNS_KEYS ?? '[]') as KeyEnv[]) {
  mock.registerKey(k.teamId, k.keyId, k.publicKeyPem, k.topic);
}
process.send?.({ type: 'ready', url: mock.url, port: mock.port, ca: mock.ca });
process.on('message', (m: { type?: string }) => {
  if (m.type === 'stats') process.send?.({ type: 'stats', stats: mock.stats() });
  if (m.type === 'clear') mock.clear();
});
const stop = () => void mock.close().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('disconnect', stop);

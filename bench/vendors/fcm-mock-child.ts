// The FCM mock (another engineer's mocks/fcm) in its own process for the vendors bench.
// Parent → child: {type:'clear'}; child → parent: {type:'ready', url, tokenUri}.
import { startFcmMock } from '../../mocks/fcm/server.js';

const mock = await startFcmMock();
mock.registerServiceAccount(
  process.env.FCM_CLIENT_EMAIL ?? '',
  process.env.FCM_PUBLIC_KEY ?? '',
  process.env.FCM_PROJECT ?? '',
);
process.send?.({ type: 'ready', url: mock.url, tokenUri: mock.tokenUri });
// The FCM mock records every request; clearing between runs keeps its memory flat.
process.on('message', (m: { type?: string }) => m.type === 'clear' && mock.clear());
const stop = () => void mock.close().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('disconnect', stop);

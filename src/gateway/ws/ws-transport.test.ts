import WebSocket from 'ws';
import { call, createApp, registerDevice, startHerald } from '../../../test/support/herald-harness.js';
import { type RawDevice, transportConformance } from '../transport-conformance.js';

function wsDevice(url: string): Promise<RawDevice> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    const frames: Array<Record<string, unknown>> = [];
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.on('message', (data) => frames.push(JSON.parse(data.toString()) as Record<string, unknown>));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused with HTTP ${res.statusCode}`)));
    ws.once('error', reject);
    ws.once('open', () =>
      resolve({
        frames,
        closed,
        send: (f) => ws.send(JSON.stringify(f)),
        sendRaw: (t) => ws.send(t),
        close: () => ws.close(),
      }),
    );
  });
}

transportConformance('WebSocket transport', async () => {
  const h = await startHerald('sqlite');
  const app = await createApp(h);
  return {
    connect: (token) => wsDevice(`${h.wsUrl}?token=${encodeURIComponent(token)}`),
    registerDevice: (clientId) => registerDevice(h, app, { clientId }),
    push: async (body) =>
      (await call<{ taskId: string; messageId: string }>(h, 'POST', '/v1/push', { auth: app.auth, body }))
        .body,
    deliveryStatus: async (messageId, deviceId) =>
      (await h.herald.store.deliveries.get(messageId, deviceId))?.status,
    unregister: async (deviceId) => {
      await call(h, 'DELETE', `/v1/devices/${deviceId}`, { auth: app.auth });
    },
    close: () => h.close(),
  };
});

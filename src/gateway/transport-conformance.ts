import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

/** A device speaking one transport at the frame level, without the SDK's conveniences (no dedup, no auto-ack). */
export interface RawDevice {
  /** Every frame received, parsed, in order. */
  readonly frames: Array<Record<string, unknown>>;
  send(frame: unknown): void;
  sendRaw(text: string): void;
  close(): void;
  /** Resolves with the close code when the server ends the connection. */
  readonly closed: Promise<number>;
}

/** What a transport suite needs from the test: a running server and a way to connect a device over the transport. */
export interface TransportFixture {
  /** Connects with a device token; rejects when the server refuses the connection. */
  connect(token: string): Promise<RawDevice>;
  registerDevice(clientId: string): Promise<{ deviceId: string; deviceToken: string }>;
  push(body: unknown): Promise<{ taskId: string; messageId: string }>;
  deliveryStatus(messageId: string, deviceId: string): Promise<string | undefined>;
  unregister(deviceId: string): Promise<void>;
  close(): Promise<void>;
}

async function until<T>(
  f: () => T | undefined | Promise<T | undefined>,
  what: string,
  ms = 5000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

const ofType = (d: RawDevice, type: string) => d.frames.filter((f) => f.type === type);

/** The device-protocol contract (docs/protocol.md) every gateway transport must keep. */
export function transportConformance(name: string, open: () => Promise<TransportFixture>): void {
  describe(name, () => {
    let fx: TransportFixture;
    const devices: RawDevice[] = [];
    const connect = async (token: string) => {
      const d = await fx.connect(token);
      devices.push(d);
      return d;
    };
    before(async () => {
      fx = await open();
    });
    after(async () => {
      for (const d of devices) d.close();
      await fx.close();
    });

    test('a wrong token is refused', async () => {
      await assert.rejects(fx.connect('not-a-token'));
    });

    test('hello comes first, then messages; acks move the delivery forward', async () => {
      const dev = await fx.registerDevice('t-hello');
      const d = await connect(dev.deviceToken);
      await until(() => (d.frames.length > 0 ? true : undefined), 'hello');
      assert.equal(d.frames[0]?.type, 'hello');
      assert.equal(d.frames[0]?.deviceId, dev.deviceId);
      assert.equal(typeof d.frames[0]?.heartbeatMs, 'number');
      const p = await fx.push({
        audience: { deviceIds: [dev.deviceId] },
        message: { title: 'T', body: 'B' },
      });
      const m = await until(() => ofType(d, 'message')[0], 'message frame');
      assert.equal(m.id, p.messageId);
      assert.equal(m.title, 'T');
      assert.equal(m.version, 1);
      assert.equal(typeof m.sentAt, 'number');
      assert.equal(
        await until(
          () => fx.deliveryStatus(p.messageId, dev.deviceId).then((s) => (s === 'sent' ? s : undefined)),
          'sent',
        ),
        'sent',
      );
      for (const [status, name] of [
        [2, 'received'],
        [4, 'clicked'],
        [3, 'clicked'],
      ] as const) {
        d.send({ type: 'ack', id: p.messageId, status });
        await until(
          () => fx.deliveryStatus(p.messageId, dev.deviceId).then((s) => (s === name ? s : undefined)),
          name,
        );
      }
    });

    test('an unacked message is sent again on reconnect; an acked one is not', async () => {
      const dev = await fx.registerDevice('t-replay');
      const first = await connect(dev.deviceToken);
      const a = await fx.push({ audience: { deviceIds: [dev.deviceId] }, message: { title: 'acked' } });
      const b = await fx.push({ audience: { deviceIds: [dev.deviceId] }, message: { title: 'not acked' } });
      await until(() => (ofType(first, 'message').length === 2 ? true : undefined), 'two messages');
      first.send({ type: 'ack', id: a.messageId, status: 2 });
      await until(
        () => fx.deliveryStatus(a.messageId, dev.deviceId).then((s) => (s === 'received' ? s : undefined)),
        'received',
      );
      first.close();
      const second = await connect(dev.deviceToken);
      await until(() => (ofType(second, 'message').length >= 1 ? true : undefined), 'replay');
      await new Promise((r) => setTimeout(r, 150));
      assert.deepEqual(
        ofType(second, 'message').map((f) => f.id),
        [b.messageId],
      );
    });

    test('ping gets pong; bad frames get an error frame and the connection stays open', async () => {
      const dev = await fx.registerDevice('t-ping');
      const d = await connect(dev.deviceToken);
      d.send({ type: 'ping', ts: 42 });
      const pong = await until(() => ofType(d, 'pong')[0], 'pong');
      assert.equal(pong.ts, 42);
      d.sendRaw('{not json');
      d.send({ type: 'ack', id: 'x', status: 9 });
      d.send({ type: 'teleport' });
      await until(() => (ofType(d, 'error').length === 3 ? true : undefined), 'three error frames');
      assert.ok(ofType(d, 'error').every((e) => e.code === 'bad_frame'));
      d.send({ type: 'ping', ts: 43 });
      await until(() => (ofType(d, 'pong').length === 2 ? true : undefined), 'still open');
    });

    test("a device's acks cannot touch another device's deliveries", async () => {
      const one = await fx.registerDevice('t-own-1');
      const two = await fx.registerDevice('t-own-2');
      const d2 = await connect(two.deviceToken);
      await until(() => (d2.frames.length > 0 ? true : undefined), 'hello');
      const p = await fx.push({ audience: { deviceIds: [one.deviceId] }, message: { title: 'for one' } });
      await until(() => fx.deliveryStatus(p.messageId, one.deviceId), 'queued delivery');
      d2.send({ type: 'ack', id: p.messageId, status: 4 });
      await new Promise((r) => setTimeout(r, 150));
      assert.equal(await fx.deliveryStatus(p.messageId, one.deviceId), 'queued');
      assert.equal(await fx.deliveryStatus(p.messageId, two.deviceId), undefined);
    });

    test('unregistering ends an open connection with 4001, and the token no longer connects', async () => {
      const dev = await fx.registerDevice('t-unreg');
      const d = await connect(dev.deviceToken);
      await until(() => (d.frames.length > 0 ? true : undefined), 'hello');
      await fx.unregister(dev.deviceId);
      assert.equal(await d.closed, 4001);
      await assert.rejects(fx.connect(dev.deviceToken));
    });
  });
}

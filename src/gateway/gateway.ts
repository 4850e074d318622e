import type { DeviceSession } from '../app/device-session.js';
import type { Bus } from '../bus/bus.js';
import type { DeliverEnvelope } from '../domain/frames.js';
import { TOPIC_DELIVER, TOPIC_DISCONNECT } from '../domain/frames.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { DeviceConnection } from './connection.js';
import { ConnectionRegistry } from './connection-registry.js';

export const SERVER_NAME = 'herald/0.1.0';

/** Frames larger than this from a device are refused: acks and pings are tiny. */
export const MAX_DEVICE_FRAME_BYTES = 16 * 1024;

/**
 * The transport-neutral half of the gateway: the registry of live connections, delivery of bus
 * envelopes to them, the connect/replay sequence and the device's frames. ws/ and mqtt/ adapt sockets to it.
 */
export class Gateway {
  readonly registry = new ConnectionRegistry();
  readonly #session: DeviceSession;
  readonly #bus: Bus;
  readonly #metrics: Metrics;
  readonly #log: Logger;
  readonly heartbeatMs: number;
  #unsubscribe: (() => Promise<void>) | undefined;

  constructor(
    session: DeviceSession,
    bus: Bus,
    metrics: Metrics,
    log: Logger,
    opts: { heartbeatMs: number },
  ) {
    this.#session = session;
    this.#bus = bus;
    this.#metrics = metrics;
    this.#log = log;
    this.heartbeatMs = opts.heartbeatMs;
  }

  get session(): DeviceSession {
    return this.#session;
  }

  async start(): Promise<void> {
    const offDeliver = await this.#bus.subscribe(TOPIC_DELIVER, (m) => this.#deliver(m));
    const offDisconnect = await this.#bus.subscribe(TOPIC_DISCONNECT, (deviceId) =>
      this.registry.forDevice(deviceId, (c) => c.close(4001, 'device unregistered')),
    );
    this.#unsubscribe = async () => {
      await offDeliver();
      await offDisconnect();
    };
  }

  async stop(): Promise<void> {
    await this.#unsubscribe?.();
    // 1001 "going away": the SDK reconnects, to another node or to this one restarted.
    for (const c of this.registry.all()) c.close(1001, 'server shutting down');
    await this.#session.flushSeen();
  }

  /** A device connected: register it for live frames first, then greet it and replay what it missed. */
  async attach(c: DeviceConnection): Promise<void> {
    this.registry.add(c);
    this.#metrics.connections.inc({ transport: c.transport });
    this.#session.seen(c.deviceId);
    c.send(
      JSON.stringify({
        type: 'hello',
        deviceId: c.deviceId,
        heartbeatMs: this.heartbeatMs,
        server: SERVER_NAME,
      }),
    );
    try {
      await this.#session.replay(c.deviceId, c.appId, (frame) => c.send(frame));
    } catch (err) {
      this.#log.error({ err, deviceId: c.deviceId }, 'replay failed; closing so the device reconnects');
      c.close(1011, 'replay failed');
    }
  }

  detach(c: DeviceConnection): void {
    this.registry.remove(c);
    this.#metrics.connections.dec({ transport: c.transport });
  }

  /** A text frame from the device. Returns an error frame to send back, or undefined. */
  async onFrame(c: DeviceConnection, text: string): Promise<void> {
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      c.send(JSON.stringify({ type: 'error', code: 'bad_frame', message: 'frame is not JSON' }));
      return;
    }
    if (typeof frame !== 'object' || frame === null) {
      c.send(JSON.stringify({ type: 'error', code: 'bad_frame', message: 'frame must be a JSON object' }));
      return;
    }
    const f = frame as { type?: unknown; id?: unknown; status?: unknown; ts?: unknown };
    if (f.type === 'ack') {
      if (typeof f.id !== 'string' || f.id.length === 0 || f.id.length > 64 || typeof f.status !== 'number') {
        c.send(
          JSON.stringify({
            type: 'error',
            code: 'bad_frame',
            message: 'ack needs a string id and a numeric status',
          }),
        );
        return;
      }
      const r = await this.#session.ack(c.deviceId, c.appId, f.id, f.status);
      if (r === 'bad_status') {
        c.send(
          JSON.stringify({ type: 'error', code: 'bad_frame', message: 'ack status must be 2, 3, 4, 5 or 6' }),
        );
      }
      return;
    }
    if (f.type === 'ping') {
      c.send(JSON.stringify({ type: 'pong', ts: typeof f.ts === 'number' ? f.ts : Date.now() }));
      return;
    }
    c.send(
      JSON.stringify({ type: 'error', code: 'bad_frame', message: `unknown frame type ${String(f.type)}` }),
    );
  }

  /** This node's connected devices of the app that the broadcast's audience selects get it, once each. */
  async #broadcast(env: DeliverEnvelope, data: Buffer): Promise<void> {
    const here = this.registry.all().flatMap((c) => (c.appId === env.appId ? [c.deviceId] : []));
    try {
      await this.#session.claimBroadcast(env, [...new Set(here)], (claimed) => {
        const sentTo = claimed.filter((id) => this.registry.forDevice(id, (c) => c.send(data)) > 0);
        if (sentTo.length > 0) this.#session.sent(env.messageId, env.appId, sentTo, env.createdAt);
      });
    } catch (err) {
      // The devices claim it when they next connect.
      this.#log.error({ err, messageId: env.messageId }, 'broadcast to connected devices failed');
    }
  }

  #deliver(raw: string): void {
    let env: DeliverEnvelope;
    try {
      env = JSON.parse(raw) as DeliverEnvelope;
    } catch (err) {
      this.#log.error({ err }, 'bad deliver envelope on the bus');
      return;
    }
    // One buffer for every socket: the frame is encoded once per node, not once per device.
    const data = Buffer.from(env.frame);
    if (env.kind === 'broadcast') {
      void this.#broadcast(env, data);
      return;
    }
    const sentTo: string[] = [];
    for (const id of env.deviceIds) {
      if (this.registry.forDevice(id, (c) => c.send(data)) > 0) sentTo.push(id);
    }
    if (env.kind === 'revoke' && env.alsoJustSent) {
      const told = new Set(env.deviceIds);
      for (const id of this.#session.justSent(env.messageId))
        if (!told.has(id)) this.registry.forDevice(id, (c) => c.send(data));
    }
    if (env.kind === 'message' && sentTo.length > 0)
      this.#session.sent(env.messageId, env.appId, sentTo, env.createdAt);
  }
}

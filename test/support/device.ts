import WebSocket from 'ws';
import type { MessageFrame, ReplaceFrame, RevokeFrame, WebSocketLikeConstructor } from '../../sdk/index.js';
import { HeraldClient } from '../../sdk/index.js';
import { eventually, type RunningHerald } from './herald-harness.js';

/**
 * A `ws` socket class for connectDevice that counts the message frames per message id as they come
 * off the wire into `frames`, before the SDK drops repeats: how a test sees a message sent twice.
 */
export function countingSocket(frames: Map<string, number>): WebSocketLikeConstructor {
  return class extends WebSocket {
    constructor(url: string) {
      super(url);
      this.on('message', (data) => {
        const frame = JSON.parse(String(data)) as { type?: string; id?: string };
        if (frame.type === 'message' && frame.id) frames.set(frame.id, (frames.get(frame.id) ?? 0) + 1);
      });
    }
  } as unknown as WebSocketLikeConstructor;
}

/** A device driven by the real SDK, recording everything it is shown. */
export interface TestDevice {
  readonly client: HeraldClient;
  readonly messages: MessageFrame[];
  readonly revokes: RevokeFrame[];
  readonly replaces: ReplaceFrame[];
  opened(): Promise<void>;
  waitForMessages(n: number, timeoutMs?: number): Promise<MessageFrame[]>;
  close(): void;
}

export function connectDevice(
  h: RunningHerald | string,
  token: string,
  opts: {
    autoAck?: boolean;
    /** The socket class under the SDK (default `ws`); a test wraps it to see frames before the SDK dedups them. */
    webSocket?: WebSocketLikeConstructor;
  } = {},
): TestDevice {
  const url = typeof h === 'string' ? h : h.wsUrl;
  const client = new HeraldClient({
    url,
    token,
    webSocket:
      opts.webSocket ??
      (WebSocket as unknown as NonNullable<ConstructorParameters<typeof HeraldClient>[0]['webSocket']>),
    autoAck: opts.autoAck ?? true,
    reconnect: { minMs: 50, maxMs: 500 },
  });
  const messages: MessageFrame[] = [];
  const revokes: RevokeFrame[] = [];
  const replaces: ReplaceFrame[] = [];
  let opens = 0;
  client.on('open', () => {
    opens++;
  });
  client.on('message', (m) => messages.push(m));
  client.on('revoke', (r) => revokes.push(r));
  client.on('replace', (r) => replaces.push(r));
  client.connect();
  return {
    client,
    messages,
    revokes,
    replaces,
    opened: () => eventually(() => (opens > 0 ? true : undefined), 5000, 'device open').then(() => {}),
    waitForMessages: (n, timeoutMs = 5000) =>
      eventually(() => (messages.length >= n ? messages : undefined), timeoutMs, `${n} messages`),
    close: () => client.close(),
  };
}

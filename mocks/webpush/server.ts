import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Clock, systemClock } from '../../src/domain/clock.js';
import { listenOn } from '../lib/http-mock.js';
import { checkPush, type WebPushBehavior } from './check-push.js';
import { type MockSubscription, newSubscription, subscriptionId } from './subscriptions.js';

export type { WebPushBehavior } from './check-push.js';

/** One push request the mock received, whatever it answered. */
export interface WebPushMockRequest {
  readonly subscriptionId: string;
  /** The token createSubscription() returned for it; null for an unknown subscription. */
  readonly subscription: string | null;
  readonly status: number;
  /** Why the mock refused it, when it did of its own accord. */
  readonly error: string | null;
  readonly headers: {
    readonly ttl: string | null;
    readonly urgency: string | null;
    readonly topic: string | null;
  };
  readonly authorization: string | null;
  /** The decrypted body, when it decrypted. */
  readonly plaintext: string | null;
}

/** Options of {@link startWebPushMock}. */
export interface WebPushMockOptions {
  readonly clock?: Clock;
  /** Refuse VAPID JWTs without a mailto:/https: `sub`, as Apple does. Default true. */
  readonly requireSubject?: boolean;
  /** Answer for an unknown or unsubscribed subscription: 410 as Mozilla/FCM/Apple (default) or 404 (RFC 8030 §7.3). */
  readonly goneStatus?: 404 | 410;
  /** Listen on this port of 127.0.0.1; default 0, an ephemeral one. */
  readonly port?: number;
}

/** A local push service: creates subscriptions, checks and decrypts what it receives. */
export interface WebPushMock {
  readonly origin: string;
  /** A new subscription JSON as the browser would hand it to the app, optionally restricted to one VAPID key. */
  createSubscription(opts?: { applicationServerKey?: string }): string;
  inject(subscription: string, behavior: WebPushBehavior): void;
  /** Drops a subscription, as when the user revokes permission: later pushes get goneStatus. */
  unsubscribe(subscription: string): void;
  requests(): readonly WebPushMockRequest[];
  /** Forgets recorded requests and injections (subscriptions stay). */
  clear(): void;
  close(): Promise<void>;
}

/** Starts the push-service mock on 127.0.0.1 and an ephemeral port (or `opts.port`). */
export async function startWebPushMock(opts: WebPushMockOptions = {}): Promise<WebPushMock> {
  const clock = opts.clock ?? systemClock;
  const subs = new Map<string, MockSubscription>();
  const behaviors = new Map<string, WebPushBehavior>();
  let records: WebPushMockRequest[] = [];
  let origin = '';

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const id = /^\/push\/([^/?#]+)$/.exec(new URL(req.url ?? '/', 'http://mock').pathname)?.[1];
    const body = await readBody(req);
    if (req.method !== 'POST' || id === undefined)
      return reply(res, 404, { 'content-type': 'text/plain' }, 'no route');
    const ctx = {
      origin,
      now: clock.now(),
      requireSubject: opts.requireSubject ?? true,
      goneStatus: opts.goneStatus ?? 410,
      subscription: subs.get(id),
      behavior: behaviors.get(id),
    };
    const v = await checkPush(ctx, req.headers, body);
    const header = (name: string) => (req.headers[name] as string | undefined) ?? null;
    records.push({
      subscriptionId: id,
      subscription: subs.get(id)?.json ?? null,
      status: v.status,
      error: v.error,
      headers: { ttl: header('ttl'), urgency: header('urgency'), topic: header('topic') },
      authorization: header('authorization'),
      plaintext: v.plaintext,
    });
    reply(res, v.status, v.headers ?? {}, v.error ?? '');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => reply(res, 500, {}, String(err)));
  });
  await listenOn(server, opts.port ?? 0);
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    createSubscription(o = {}) {
      const sub = newSubscription(origin, o.applicationServerKey);
      subs.set(sub.id, sub);
      return sub.json;
    },
    inject(subscription, behavior) {
      behaviors.set(subscriptionId(subscription) ?? subscription, behavior);
    },
    unsubscribe(subscription) {
      subs.delete(subscriptionId(subscription) ?? subscription);
    },
    requests: () => records,
    clear() {
      records = [];
      behaviors.clear();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function reply(res: ServerResponse, status: number, headers: Record<string, string>, text: string): void {
  res.writeHead(status, { 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { decryptWebPush } from '../../src/channels/webpush/decrypt.js';
import type { MockSubscription } from './subscriptions.js';
import { verifyVapid } from './verify-vapid.js';

/** A failure the mock answers for one subscription. */
export type WebPushBehavior =
  | { readonly kind: 'gone' }
  | { readonly kind: 'not_found' }
  | { readonly kind: 'unavailable'; readonly retryAfterSeconds?: number }
  | { readonly kind: 'rate_limited'; readonly retryAfterSeconds?: number }
  | { readonly kind: 'server_error' }
  | { readonly kind: 'too_large' }
  | { readonly kind: 'unauthorized' };

/** What the mock answers one push, and the plaintext when it decrypted. */
export interface PushVerdict {
  readonly status: number;
  /** Why the mock refused, when it did of its own accord (not by injection). */
  readonly error: string | null;
  readonly plaintext: string | null;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What {@link checkPush} looks at besides the request. */
export interface PushContext {
  readonly origin: string;
  readonly now: number;
  readonly requireSubject: boolean;
  readonly goneStatus: 404 | 410;
  readonly subscription: MockSubscription | undefined;
  readonly behavior: WebPushBehavior | undefined;
}

const BEHAVIOR_STATUS: Record<WebPushBehavior['kind'], number> = {
  gone: 410,
  not_found: 404,
  unavailable: 503,
  rate_limited: 429,
  server_error: 500,
  too_large: 413,
  unauthorized: 401,
};
/** RFC 8030 §7.2: the smallest body limit a push service may enforce; the mock enforces exactly it. */
const BODY_LIMIT = 4096;
const URGENCIES = ['very-low', 'low', 'normal', 'high'];

/**
 * Judges one `POST /push/<id>` as a push service would, in this order: VAPID (401), subscription
 * known (goneStatus) and bound to this key (403, RFC 8292 §4.2), TTL/Urgency/Topic (400, RFC 8030
 * §5.2–5.4), body encoding and size (400/413), then decrypts as the browser would (400 when it
 * cannot), and only then applies an injected failure.
 */
export async function checkPush(
  ctx: PushContext,
  headers: IncomingHttpHeaders,
  body: Buffer,
): Promise<PushVerdict> {
  const refuse = (status: number, error: string): PushVerdict => ({ status, error, plaintext: null });
  const h = (name: string) => (headers[name] as string | undefined) ?? null;
  const vapid = await verifyVapid(h('authorization') ?? undefined, ctx.origin, ctx.now, ctx.requireSubject);
  if (!vapid.ok) return refuse(401, vapid.reason);
  const sub = ctx.subscription;
  if (!sub) return refuse(ctx.goneStatus, 'no such subscription');
  if (sub.applicationServerKey && sub.applicationServerKey !== vapid.key)
    return refuse(403, 'VAPID key mismatch');
  const ttl = h('ttl');
  if (ttl === null || !/^\d+$/.test(ttl)) return refuse(400, 'TTL missing or not a non-negative integer');
  const urgency = h('urgency');
  if (urgency !== null && !URGENCIES.includes(urgency)) return refuse(400, 'bad Urgency');
  const topic = h('topic');
  if (topic !== null && !/^[A-Za-z0-9_-]{1,32}$/.test(topic)) return refuse(400, 'bad Topic');
  let plaintext: string | null = null;
  if (body.length > 0) {
    if (h('content-encoding') !== 'aes128gcm') return refuse(400, 'Content-Encoding is not aes128gcm');
    if (body.length > BODY_LIMIT) return refuse(413, `body ${body.length} B > ${BODY_LIMIT} B`);
    try {
      plaintext = decryptWebPush(body, sub.keys).toString('utf8');
    } catch (err) {
      return refuse(400, `cannot decrypt: ${(err as Error).message}`);
    }
  }
  const b = ctx.behavior;
  if (b) {
    const after = 'retryAfterSeconds' in b ? b.retryAfterSeconds : undefined;
    const retry = after === undefined ? undefined : { 'retry-after': String(after) };
    return { status: BEHAVIOR_STATUS[b.kind], error: null, plaintext, headers: retry };
  }
  return {
    status: 201,
    error: null,
    plaintext,
    headers: { location: `${ctx.origin}/message/${randomUUID()}`, ttl },
  };
}

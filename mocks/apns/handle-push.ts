import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, OutgoingHttpHeaders, ServerHttp2Stream } from 'node:http2';
import type { ApnsFault, FaultBook } from './faults.js';
import type { ProviderAuth, Refusal } from './provider-auth.js';
import { checkBody, checkHeaders, checkTarget, one } from './request-check.js';

/** One request the mock answered after authentication, as tests see it. */
export interface ApnsMockRequest {
  readonly token: string;
  /** Regular (non-pseudo) request headers, authorization included. */
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed JSON body; null when the body was refused. */
  readonly payload: Readonly<Record<string, unknown>> | null;
  readonly status: number;
  readonly reason: string | null;
  /** Things Apple accepts but advises against (e.g. no apns-push-type). */
  readonly warnings: readonly string[];
}

/** What {@link handlePush} works with: the mock's state, shared by every stream. */
export interface PushContext {
  readonly auth: ProviderAuth;
  readonly faults: FaultBook;
  /** Receives each authenticated request, built on demand so a mock that keeps none pays nothing. */
  record(request: () => ApnsMockRequest): void;
  /** A request with a valid token succeeded on this stream's session (APNs then lifts its one-stream limit). */
  succeeded(stream: ServerHttp2Stream): void;
  /** Ends the stream's session with GOAWAY carrying `{"reason": reason}`. */
  goaway(stream: ServerHttp2Stream, reason: string): void;
}

// Enough to tell "over the 5120-byte VoIP limit" without buffering a huge body.
const BODY_KEEP_BYTES = 5121;

/** Serves `POST /3/device/<token>` as APNs does: checks in Apple's order, then injected faults, then 200. */
export function handlePush(
  ctx: PushContext,
  stream: ServerHttp2Stream,
  headers: IncomingHttpHeaders,
  rawHeaders: readonly string[],
): void {
  const chunks: Buffer[] = [];
  let kept = 0;
  let size = 0;
  stream.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (kept < BODY_KEEP_BYTES) {
      chunks.push(chunk);
      kept += chunk.length;
    }
  });
  stream.on('end', () => serve(ctx, stream, headers, rawHeaders, Buffer.concat(chunks, kept), size));
}

function serve(
  ctx: PushContext,
  stream: ServerHttp2Stream,
  headers: IncomingHttpHeaders,
  rawHeaders: readonly string[],
  body: Buffer,
  size: number,
): void {
  const requestId = one(headers['apns-id']);
  const apnsId = requestId && /^[0-9a-f-]{36}$/.test(requestId) ? requestId : randomUUID();
  const target = checkTarget(headers);
  if ('status' in target) {
    answer(stream, apnsId, target);
    return;
  }
  const key = ctx.auth.check(one(headers.authorization));
  if ('status' in key) {
    answer(stream, apnsId, key);
    return;
  }
  const pushType = one(headers['apns-push-type']);
  const refusal = checkHeaders(headers, rawHeaders, key.topic);
  const checked = refusal ?? checkBody(body, size, pushType);
  const fault = 'status' in checked ? null : ctx.faults.take(target.token);
  const outcome: Refusal = 'status' in checked ? checked : (fault ?? { status: 200, reason: '' });
  // A token the mock itself declared expired may be replaced at once, without TooManyProviderTokenUpdates.
  if (outcome.reason === 'ExpiredProviderToken') ctx.auth.allowUpdate(key.keyId);
  ctx.record(() => ({
    token: target.token,
    headers: plainHeaders(headers),
    payload: 'payload' in checked ? checked.payload : null,
    status: outcome.status,
    reason: outcome.status === 200 ? null : outcome.reason,
    warnings: 'warnings' in checked ? checked.warnings : [],
  }));
  const respond = () => {
    if (outcome.status === 200) ctx.succeeded(stream);
    answer(stream, apnsId, outcome, fault);
    if (fault?.goaway) ctx.goaway(stream, fault.reason);
  };
  if (fault?.delayMs) setTimeout(respond, fault.delayMs);
  else respond();
}

/** 200 with an empty body, or the status with `{"reason"}` (and `timestamp` in ms for 410). */
function answer(stream: ServerHttp2Stream, apnsId: string, outcome: Refusal, fault?: ApnsFault | null): void {
  if (stream.destroyed || stream.closed) return;
  const headers: OutgoingHttpHeaders = { ':status': outcome.status, 'apns-id': apnsId };
  if (fault?.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
  if (outcome.status === 200) {
    stream.respond(headers, { endStream: true });
    return;
  }
  headers['content-type'] = 'application/json';
  stream.respond(headers);
  const error =
    outcome.status === 410 ? { reason: outcome.reason, timestamp: Date.now() } : { reason: outcome.reason };
  stream.end(JSON.stringify(error));
}

function plainHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith(':') && value !== undefined)
      out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

import { type ClientHttp2Session, type ClientHttp2Stream, constants } from 'node:http2';
import type { ApnsReply, ApnsRequest } from './client.js';
import { WaitTimeoutError } from './wait-queue.js';

const { NGHTTP2_CANCEL, NGHTTP2_REFUSED_STREAM } = constants;

/** The stream was refused before APNs processed it, so resending it cannot duplicate a notification. */
export class UnprocessedError extends Error {}

/**
 * One request/response on a new stream of `session`: `POST /3/device/<token>`, the body, then the
 * status, apns-id, Retry-After and (for errors only) the JSON body. Rejects with
 * {@link UnprocessedError} when the stream was refused (RFC 9113 §8.7: REFUSED_STREAM, or the
 * session had already received GOAWAY), with a timeout error after `timeoutMs`, or on abort.
 */
export function exchange(
  session: ClientHttp2Session,
  req: ApnsRequest,
  signal: AbortSignal | undefined,
  timeoutMs: number,
): Promise<ApnsReply> {
  return new Promise<ApnsReply>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    let stream: ClientHttp2Stream;
    try {
      stream = session.request(
        {
          ':method': 'POST',
          ':path': `/3/device/${req.token}`,
          authorization: req.authorization,
          ...req.headers,
        },
        { endStream: false },
      );
    } catch (err) {
      // The session closed (GOAWAY) between taking the slot and opening the stream: nothing was sent.
      reject(new UnprocessedError('APNs session closed before the request', { cause: err }));
      return;
    }
    let settled = false;
    let status = 0;
    let apnsId: string | null = null;
    let retryAfter: string | null = null;
    let text = '';
    const finish = (err: unknown, reply?: ApnsReply) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (reply) resolve(reply);
      else reject(err);
    };
    const cancel = (err: unknown) => {
      if (settled) return;
      if (!stream.closed) stream.close(NGHTTP2_CANCEL);
      finish(err);
    };
    // Errors are built only when the stream really failed: a stack trace per success costs ~10% CPU.
    const failure = (err?: Error) => {
      if (settled) return;
      if (stream.rstCode === NGHTTP2_REFUSED_STREAM) finish(new UnprocessedError('stream refused by APNs'));
      else finish(err ?? new Error(`APNs stream closed without an answer (code ${stream.rstCode ?? '?'})`));
    };
    const timer = setTimeout(
      () => cancel(new WaitTimeoutError(`no APNs answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onAbort = () => cancel(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    stream.on('response', (headers) => {
      status = Number(headers[':status']);
      apnsId = first(headers['apns-id']);
      retryAfter = first(headers['retry-after']);
      // Success bodies are empty; only an error's JSON is worth decoding.
      if (status === 200) stream.resume();
      else {
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) => {
          text += chunk;
        });
      }
    });
    stream.on('end', () => finish(null, reply(status, apnsId, retryAfter, text)));
    stream.on('error', failure);
    stream.on('close', failure);
    stream.end(req.body);
  });
}

function first(value: string | string[] | undefined): string | null {
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

/** Reads APNs' JSON error body `{"reason": …, "timestamp": …}`. */
function reply(status: number, apnsId: string | null, retryAfter: string | null, text: string): ApnsReply {
  let reason: string | null = null;
  let timestamp: number | null = null;
  if (status !== 200 && text !== '') {
    try {
      const body = JSON.parse(text) as { reason?: unknown; timestamp?: unknown };
      if (typeof body.reason === 'string') reason = body.reason;
      if (typeof body.timestamp === 'number') timestamp = body.timestamp;
    } catch {
      reason = null;
    }
  }
  return { status, apnsId, reason, timestamp, retryAfter };
}

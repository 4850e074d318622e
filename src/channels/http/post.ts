import { type Dispatcher, request } from 'undici';

/** A vendor's answer, read in full so the socket goes back to the pool. */
export interface HttpReply {
  readonly status: number;
  /** The first value of a response header, or null. */
  header(name: string): string | null;
  readonly text: string;
}

/** What {@link post} sends. */
export interface PostInit {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Buffer;
  readonly signal?: AbortSignal;
  /**
   * Bytes of response body kept; the rest is dropped with the socket. Vendor answers are small JSON,
   * and a Web Push endpoint is a URL a device supplied, so nothing it returns may grow unbounded.
   */
  readonly maxBodyBytes?: number;
}

const DEFAULT_MAX_BODY = 64 * 1024;

/**
 * POSTs once through `dispatcher` and reads the body (up to `maxBodyBytes`). Rejects on network errors, timeouts and
 * abort; every HTTP status, error or not, resolves.
 */
export async function post(dispatcher: Dispatcher, url: string, init: PostInit): Promise<HttpReply> {
  const res = await request(url, {
    method: 'POST',
    headers: init.headers,
    body: init.body,
    dispatcher,
    signal: init.signal,
  });
  const limit = init.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    const buf = chunk as Buffer;
    chunks.push(buf.subarray(0, Math.max(0, limit - size)));
    size += buf.length;
    // Leaving the loop destroys the stream (and its socket) instead of reading on.
    if (size >= limit) break;
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const headers = res.headers;
  return {
    status: res.statusCode,
    text,
    header(name) {
      const value = headers[name.toLowerCase()];
      return (Array.isArray(value) ? value[0] : value) ?? null;
    },
  };
}

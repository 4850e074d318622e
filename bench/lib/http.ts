import { Agent, request } from 'node:http';

// Set-up calls (registering thousands of devices) reuse sockets rather than open one per call.
const agent = new Agent({ keepAlive: true, maxSockets: 32 });

export interface HttpResult {
  status: number;
  body: unknown;
}

/** A JSON call to 127.0.0.1 only; the bench never talks to anything off this machine. */
export function call(
  port: number,
  method: string,
  path: string,
  auth: string | undefined,
  body?: unknown,
): Promise<HttpResult> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        timeout: 30_000,
        headers: {
          ...(auth ? { authorization: auth } : {}),
          ...(payload
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
            : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // Not JSON: keep the text for the error message.
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * Node's server closes keep-alive sockets idle for 5 s, and a request can race that close and see
 * ECONNRESET. Idempotent calls (GET, device registration) are retried once; pushes never are.
 */
async function callRetrying(
  port: number,
  method: string,
  path: string,
  auth: string | undefined,
  body?: unknown,
): Promise<HttpResult> {
  try {
    return await call(port, method, path, auth, body);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const idempotent = method === 'GET' || path === '/v1/devices';
    if (!idempotent || (code !== 'ECONNRESET' && code !== 'EPIPE')) throw err;
    return call(port, method, path, auth, body);
  }
}

/** Like call, but anything other than the expected status is an error. */
export async function callOk<T>(
  port: number,
  method: string,
  path: string,
  auth: string | undefined,
  body: unknown,
  expect: number[],
): Promise<T> {
  const r = await callRetrying(port, method, path, auth, body);
  if (!expect.includes(r.status))
    throw new Error(`${method} ${path} → ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body as T;
}

/** Runs fn over items with at most `limit` in flight. */
export async function pool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

export function destroyAgent(): void {
  agent.destroy();
}

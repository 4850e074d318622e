import type { IncomingHttpHeaders, ServerHttp2Stream } from 'node:http2';
import type { ApnsFault } from './faults.js';
import type { ApnsMockRequest } from './handle-push.js';

/** What the control API can do to the mock; the same operations the in-process handle offers. */
export interface ControlTarget {
  registerKey(teamId: string, keyId: string, publicKeyPem: string, topic: string): void;
  injectForToken(token: string, fault: ApnsFault): void;
  requests(): readonly ApnsMockRequest[];
  clear(): void;
  goAway(reason?: string): void;
  stats(): Record<string, number>;
}

/** True for paths the control API owns (never valid APNs paths). */
export const isControlPath = (path: string | undefined) => path?.startsWith('/__mock/') === true;

/**
 * The mock's control API, for a mock in another process (the bench):
 * `GET /__mock/requests`, `GET /__mock/stats`, `POST /__mock/keys {teamId, keyId, publicKeyPem, topic}`,
 * `POST /__mock/inject {token, fault}`, `POST /__mock/clear`, `POST /__mock/goaway {reason?}`.
 */
export function handleControl(
  target: ControlTarget,
  stream: ServerHttp2Stream,
  headers: IncomingHttpHeaders,
): void {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => {
    let status = 200;
    let out: unknown = { ok: true };
    try {
      const text = Buffer.concat(chunks).toString('utf8');
      const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
      out = route(target, `${headers[':method']} ${headers[':path']}`, body) ?? { ok: true };
    } catch (err) {
      status = err instanceof RouteNotFound ? 404 : 400;
      out = { error: (err as Error).message };
    }
    if (stream.destroyed) return;
    stream.respond({ ':status': status, 'content-type': 'application/json' });
    stream.end(JSON.stringify(out));
  });
}

class RouteNotFound extends Error {}

function route(target: ControlTarget, route: string, body: Record<string, unknown>): unknown {
  switch (route) {
    case 'GET /__mock/requests':
      return target.requests();
    case 'GET /__mock/stats':
      return target.stats();
    case 'POST /__mock/keys':
      target.registerKey(str(body.teamId), str(body.keyId), str(body.publicKeyPem), str(body.topic));
      return undefined;
    case 'POST /__mock/inject':
      target.injectForToken(str(body.token), body.fault as ApnsFault);
      return undefined;
    case 'POST /__mock/clear':
      target.clear();
      return undefined;
    case 'POST /__mock/goaway':
      target.goAway(typeof body.reason === 'string' ? body.reason : undefined);
      return undefined;
    default:
      throw new RouteNotFound(`no control route ${route}`);
  }
}

function str(value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new Error('missing string field');
  return value;
}

import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../domain/app.js';
import { HeraldError } from '../domain/errors.js';
import type { ApiServices } from './services.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated app (tenant) of an app API call. */
    tenant: App | undefined;
    /** The body as received, for HMAC signatures. */
    rawBody: string | undefined;
  }
}

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function adminAuth(services: ApiServices) {
  const expected = Buffer.from(services.adminToken);
  return async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const auth = header(req, 'authorization');
    const given = auth?.startsWith('Bearer ') ? Buffer.from(auth.slice(7).trim()) : undefined;
    if (!given || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new HeraldError('unauthorized', 'admin API needs Authorization: Bearer <HERALD_ADMIN_TOKEN>');
    }
  };
}

/** HTTP Basic appKey:masterSecret, a bearer access token, or the X-Herald-* HMAC signature headers (docs/api.md). */
export function appAuth(services: ApiServices) {
  return async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const auth = header(req, 'authorization');
    if (auth?.startsWith('Bearer ')) {
      req.tenant = (await services.accessTokens.verify(auth.slice(7).trim())).app;
      return;
    }
    if (auth?.startsWith('Basic ')) {
      const decoded = Buffer.from(auth.slice(6).trim(), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) throw new HeraldError('unauthorized', 'Basic credentials must be appKey:masterSecret');
      req.tenant = await services.auth.basic(decoded.slice(0, colon), decoded.slice(colon + 1));
      return;
    }
    const signature = header(req, 'x-herald-signature');
    if (signature) {
      const appKey = header(req, 'x-herald-key');
      const timestamp = header(req, 'x-herald-timestamp');
      const nonce = header(req, 'x-herald-nonce');
      if (!appKey || !timestamp || !nonce) {
        throw new HeraldError(
          'unauthorized',
          'a signed request needs X-Herald-Key, X-Herald-Timestamp and X-Herald-Nonce',
        );
      }
      req.tenant = await services.auth.signed({
        appKey,
        timestamp,
        nonce,
        signature,
        method: req.method,
        path: req.url,
        body: req.rawBody ?? '',
      });
      return;
    }
    throw new HeraldError(
      'unauthorized',
      'send Authorization: Basic base64(appKey:masterSecret), Authorization: Bearer <access token> or X-Herald-Signature headers',
    );
  };
}

/** The authenticated app; only called on routes behind appAuth. */
export function tenantOf(req: FastifyRequest): App {
  if (!req.tenant) throw new HeraldError('unauthorized');
  return req.tenant;
}

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiServices } from '../../api/services.js';
import type { App } from '../../domain/app.js';
import { HeraldError } from '../../domain/errors.js';
import { BroadcastError } from './errors.js';

/**
 * The seed's `Access-Token` header: a token from the native `POST /v1/access-tokens` (app Basic
 * auth). Checked on request, before the body is read, so an unauthenticated client learns
 * nothing about its body. Missing → 4031002; forged, expired or of a deleted app → 4031003.
 */
export function accessTokenAuth(services: ApiServices) {
  return async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const raw = req.headers['access-token'];
    const token = (Array.isArray(raw) ? raw[0] : raw)?.trim();
    if (!token) throw new BroadcastError(4031002);
    try {
      req.tenant = (await services.accessTokens.verify(token)).app;
    } catch (err) {
      if (err instanceof HeraldError && err.code === 'unauthorized')
        throw new BroadcastError(4031003, `invalid Access-Token: ${err.message}`);
      throw err;
    }
  };
}

/** The app the token speaks for; only called on routes behind accessTokenAuth. */
export function appOf(req: FastifyRequest): App {
  if (!req.tenant) throw new BroadcastError(4031002);
  return req.tenant;
}

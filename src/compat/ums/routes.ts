import type { FastifyInstance } from 'fastify';
import type { ApiServices } from '../../api/services.js';
import { pushRoutes } from './push-routes.js';
import { registrationRoutes } from './registration-routes.js';
import { toFailure, UmsError } from './ret-codes.js';
import { statusRoute } from './status-route.js';

/**
 * Seed 000's UMS v3 API (docs/compat/000-ums.md), registered under `/ums/v3`. Every answer, error
 * or not, is `{retCode, retInfo, …}`: this scope has its own error and not-found handlers, so a
 * UMS client never sees the native `{error: {code}}` shape.
 */
export async function umsRoutes(api: FastifyInstance, services: ApiServices): Promise<void> {
  api.setErrorHandler((err, req, reply) => {
    const { status, body, expected } = toFailure(err);
    if (expected) req.log.debug({ err, retCode: body.retCode }, 'ums request refused');
    else req.log.error({ err }, 'ums request failed');
    return reply.code(status).send(body);
  });
  api.setNotFoundHandler((req, reply) => {
    const { status, body } = toFailure(
      new UmsError(
        '30003',
        `no UMS endpoint ${req.method} ${req.url.split('?')[0]}; every endpoint is a POST`,
      ),
    );
    return reply.code(status).send(body);
  });
  registrationRoutes(api, services);
  pushRoutes(api, services);
  statusRoute(api, services);
}

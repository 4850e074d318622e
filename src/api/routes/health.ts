import type { FastifyInstance } from 'fastify';
import type { ApiServices } from '../services.js';

/** Liveness, readiness and Prometheus metrics: unauthenticated, for orchestrators and scrapers. */
export function healthRoutes(api: FastifyInstance, services: ApiServices): void {
  api.get('/healthz', { schema: { tags: ['operations'] } }, async () => ({ status: 'ok' }));
  api.get('/readyz', { schema: { tags: ['operations'] } }, async (_req, reply) => {
    const ready = await services.ready().catch(() => false);
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready' });
  });
  api.get('/metrics', { schema: { tags: ['operations'] } }, async (_req, reply) => {
    reply.header('content-type', services.metrics.registry.contentType);
    return services.metrics.registry.metrics();
  });
}

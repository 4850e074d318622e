import type { FastifyInstance } from 'fastify';
import { STAT_METRICS } from '../../domain/stats.js';
import { appAuth, tenantOf } from '../auth-hooks.js';
import { APP_SECURITY } from '../pagination.js';
import type { ApiServices } from '../services.js';

const item = {
  type: 'object',
  properties: {
    hour: { type: 'integer', description: 'Start of the hour (UTC), epoch ms.' },
    channel: { type: 'string', description: "'own', a vendor, or 'all' (target, revoked, expired)." },
    ...Object.fromEntries(STAT_METRICS.map((m) => [m, { type: 'integer' }])),
  },
} as const;

/** Delivery statistics of the app, per hour and channel (docs/api.md, "Statistics"). */
export function statsRoutes(api: FastifyInstance, services: ApiServices): void {
  api.addHook('preHandler', appAuth(services));

  api.get<{ Querystring: { from: number; to: number; channel?: string } }>(
    '/stats/hourly',
    {
      schema: {
        tags: ['stats'],
        security: APP_SECURITY,
        description:
          'Counts per hour bucket and channel for hours starting in [from, to), at most 31 days, ordered by hour. Counts reach it within about a second.',
        querystring: {
          type: 'object',
          required: ['from', 'to'],
          additionalProperties: false,
          properties: {
            from: { type: 'integer', minimum: 0, description: 'Epoch ms, inclusive.' },
            to: { type: 'integer', minimum: 0, description: 'Epoch ms, exclusive.' },
            channel: {
              type: 'string',
              minLength: 1,
              maxLength: 32,
              description: "'own', a vendor or 'all'.",
            },
          },
        },
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: item } } } },
      },
    },
    async (req) => ({
      items: await services.stats.hourly(tenantOf(req).id, req.query.from, req.query.to, req.query.channel),
    }),
  );
}

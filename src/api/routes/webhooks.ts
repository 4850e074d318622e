import type { FastifyInstance } from 'fastify';
import type { Webhook, WebhookDelivery } from '../../domain/webhook.js';
import { WEBHOOK_EVENTS } from '../../domain/webhook.js';
import { appAuth, tenantOf } from '../auth-hooks.js';
import { APP_SECURITY, type PageQuery, pageOf, pageQuery } from '../pagination.js';
import type { ApiServices } from '../services.js';

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', maxLength: 64 } },
} as const;

function publicHook(w: Webhook, withSecret: boolean) {
  const { secret, appId: _appId, ...rest } = w;
  return withSecret ? { ...rest, secret } : rest;
}

function publicDelivery(d: WebhookDelivery) {
  const { payload: _payload, appId: _appId, ...rest } = d;
  return rest;
}

/** Webhooks: delivery events pushed to the app's URL, signed, batched and retried (docs/api.md, "Webhooks"). */
export function webhookRoutes(api: FastifyInstance, services: ApiServices): void {
  const security = APP_SECURITY;
  const tags = ['webhooks'];
  api.addHook('preHandler', appAuth(services));

  api.post<{ Body: { url: string; events: string[] } }>(
    '/webhooks',
    {
      schema: {
        tags,
        security,
        description: 'The answer holds the signing secret, shown only here.',
        body: {
          type: 'object',
          required: ['url', 'events'],
          additionalProperties: false,
          properties: {
            url: { type: 'string', minLength: 1, maxLength: 2000 },
            events: {
              type: 'array',
              minItems: 1,
              maxItems: WEBHOOK_EVENTS.length,
              items: { type: 'string', enum: WEBHOOK_EVENTS },
            },
          },
        },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(
          publicHook(await services.webhooks.create(tenantOf(req).id, req.body.url, req.body.events), true),
        ),
  );

  api.get('/webhooks', { schema: { tags, security } }, async (req) => ({
    items: (await services.webhooks.list(tenantOf(req).id)).map((w) => publicHook(w, false)),
  }));

  api.delete<{ Params: { id: string } }>(
    '/webhooks/:id',
    { schema: { tags, security, params: idParams } },
    async (req, reply) => {
      await services.webhooks.delete(tenantOf(req).id, req.params.id);
      return reply.code(204).send();
    },
  );

  api.get<{ Params: { id: string }; Querystring: PageQuery }>(
    '/webhooks/:id/deliveries',
    {
      schema: {
        tags,
        security,
        params: idParams,
        description:
          'Calls of this webhook, newest first: status pending | delivered | failed, attempts, next attempt, last error.',
        querystring: { type: 'object', additionalProperties: false, properties: pageQuery },
      },
    },
    async (req) => {
      const rows = await services.webhooks.deliveries(tenantOf(req).id, req.params.id, {
        after: req.query.cursor ?? null,
        limit: req.query.limit,
      });
      const page = pageOf(rows, req.query.limit, (d) => d.id);
      return { items: page.items.map(publicDelivery), nextCursor: page.nextCursor };
    },
  );
}

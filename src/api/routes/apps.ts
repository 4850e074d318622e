import type { FastifyInstance } from 'fastify';
import type { App } from '../../domain/app.js';
import { adminAuth } from '../auth-hooks.js';
import { ADMIN_SECURITY, type PageQuery, pageOf, pageQuery } from '../pagination.js';
import type { ApiServices } from '../services.js';

const appOut = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    appKey: { type: 'string' },
    masterSecret: { type: 'string', description: 'Only in the answers to create and rotate-secret.' },
    quietHours: {
      type: ['object', 'null'],
      properties: { start: { type: 'string' }, end: { type: 'string' }, timezone: { type: 'string' } },
    },
    frequencyCap: {
      type: ['object', 'null'],
      properties: { max: { type: 'integer' }, hours: { type: 'integer' } },
    },
    createdAt: { type: 'integer' },
    updatedAt: { type: 'integer' },
  },
} as const;

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', maxLength: 64 } },
} as const;
const nameBody = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: { name: { type: 'string', minLength: 1, maxLength: 100 } },
} as const;

function publicApp(app: App, withSecret: boolean) {
  const { masterSecret, ...rest } = app;
  return withSecret ? { ...rest, masterSecret } : rest;
}

/** Admin API: tenants. Bearer HERALD_ADMIN_TOKEN. */
export function appRoutes(api: FastifyInstance, services: ApiServices): void {
  const security = ADMIN_SECURITY;
  api.addHook('preHandler', adminAuth(services));

  api.post<{ Body: { name: string } }>(
    '/apps',
    { schema: { tags: ['admin'], security, body: nameBody, response: { 201: appOut } } },
    async (req, reply) => reply.code(201).send(publicApp(await services.admin.create(req.body.name), true)),
  );

  api.get<{ Querystring: PageQuery }>(
    '/apps',
    { schema: { tags: ['admin'], security, querystring: { type: 'object', properties: pageQuery } } },
    async (req) => {
      const apps = await services.admin.list({ after: req.query.cursor ?? null, limit: req.query.limit });
      const page = pageOf(apps, req.query.limit, (a) => a.id);
      return { items: page.items.map((a) => publicApp(a, false)), nextCursor: page.nextCursor };
    },
  );

  api.get<{ Params: { id: string } }>(
    '/apps/:id',
    { schema: { tags: ['admin'], security, params: idParams, response: { 200: appOut } } },
    async (req) => publicApp(await services.admin.get(req.params.id), false),
  );

  api.patch<{
    Params: { id: string };
    Body: { name?: string; quietHours?: unknown; frequencyCap?: unknown };
  }>(
    '/apps/:id',
    {
      schema: {
        tags: ['admin'],
        security,
        params: idParams,
        description:
          'Renames the app and/or sets its quiet hours {start "HH:MM", end "HH:MM", timezone} and its per-device frequency cap {max, hours} (null clears either).',
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 100 },
            quietHours: {
              type: ['object', 'null'],
              additionalProperties: false,
              required: ['start', 'end', 'timezone'],
              properties: {
                start: { type: 'string' },
                end: { type: 'string' },
                timezone: { type: 'string' },
              },
            },
            frequencyCap: {
              type: ['object', 'null'],
              additionalProperties: false,
              required: ['max', 'hours'],
              properties: { max: { type: 'integer' }, hours: { type: 'integer' } },
            },
          },
        },
        response: { 200: appOut },
      },
    },
    async (req) => publicApp(await services.admin.update(req.params.id, req.body), false),
  );

  api.post<{ Params: { id: string } }>(
    '/apps/:id/rotate-secret',
    { schema: { tags: ['admin'], security, params: idParams, response: { 200: appOut } } },
    async (req) => publicApp(await services.admin.rotateSecret(req.params.id), true),
  );

  api.delete<{ Params: { id: string } }>(
    '/apps/:id',
    { schema: { tags: ['admin'], security, params: idParams } },
    async (req, reply) => {
      await services.admin.delete(req.params.id);
      return reply.code(204).send();
    },
  );

  api.get('/admin/config', { schema: { tags: ['admin'], security } }, async () => services.redactedConfig);
}

import type { FastifyInstance } from 'fastify';
import { SEED_CODE } from '../../domain/delivery.js';
import type { MessageContent } from '../../domain/message.js';
import { appAuth, tenantOf } from '../auth-hooks.js';
import { APP_SECURITY, type PageQuery, pageOf, pageQuery } from '../pagination.js';
import type { ApiServices } from '../services.js';
import { messageSchema } from './push.js';

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', maxLength: 64 } },
} as const;

/** Tasks, messages and their deliveries: progress, per-device status, revoke and replace. */
export function taskRoutes(api: FastifyInstance, services: ApiServices): void {
  const security = APP_SECURITY;
  api.addHook('preHandler', appAuth(services));

  const listOut = {
    type: 'object',
    properties: {
      total: { type: 'integer', description: 'Tasks matching, over all pages.' },
      offset: { type: 'integer' },
      limit: { type: 'integer' },
      items: { type: 'array', items: { type: 'object', additionalProperties: true } },
    },
  } as const;

  api.post<{ Body: Record<string, unknown> }>(
    '/tasks/query',
    {
      schema: {
        tags: ['push'],
        security: APP_SECURITY,
        description:
          'Lists tasks: offset, limit (≤ 1000), fields, where {field: {$eq|$ne|$lt|$lte|$gt|$gte|$in|$like: value}}, order {field: "asc"|"desc"}. Fields: id, status, title, requestId, messageId, createdAt, startedAt, finishedAt.',
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            offset: { type: 'integer' },
            limit: { type: 'integer' },
            fields: { type: 'array', items: { type: 'string' } },
            where: { type: 'object' },
            order: { type: 'object' },
          },
        },
        response: { 200: listOut },
      },
    },
    async (req) => {
      const r = await services.tasks.list(tenantOf(req).id, req.body);
      return {
        total: r.total,
        offset: (req.body.offset as number | undefined) ?? 0,
        limit: (req.body.limit as number | undefined) ?? 20,
        items: r.items,
      };
    },
  );

  api.get<{ Querystring: { offset?: number; limit?: number; status?: string; order?: string } }>(
    '/tasks',
    {
      schema: {
        tags: ['push'],
        security: APP_SECURITY,
        description:
          'Newest first (order=createdAt for oldest first); status filters. POST /v1/tasks/query for more.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            offset: { type: 'integer', minimum: 0, default: 0 },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 20 },
            status: { type: 'string' },
            order: { type: 'string', pattern: '^-?[a-zA-Z]+$' },
          },
        },
        response: { 200: listOut },
      },
    },
    async (req) => {
      const { offset = 0, limit = 20, status, order } = req.query;
      const r = await services.tasks.list(tenantOf(req).id, {
        offset,
        limit,
        ...(status ? { where: { status } } : {}),
        ...(order ? { order: { [order.replace(/^-/, '')]: order.startsWith('-') ? 'desc' : 'asc' } } : {}),
      });
      return { total: r.total, offset, limit, items: r.items };
    },
  );

  api.post<{ Params: { id: string } }>(
    '/tasks/:id/cancel',
    {
      schema: {
        tags: ['push'],
        security: APP_SECURITY,
        params: idParams,
        description: 'Cancels a scheduled or pending task.',
      },
    },
    async (req) => {
      await services.scheduled.cancel(tenantOf(req).id, req.params.id);
      return services.tasks.task(tenantOf(req).id, req.params.id);
    },
  );

  api.patch<{
    Params: { id: string };
    Body: { sendAt?: number; message?: MessageContent; expiresAt?: number };
  }>(
    '/tasks/:id',
    {
      schema: {
        tags: ['push'],
        security: APP_SECURITY,
        params: idParams,
        description: 'Changes a scheduled task: its time, message or expiry.',
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: { sendAt: { type: 'integer' }, expiresAt: { type: 'integer' }, message: messageSchema },
        },
      },
    },
    async (req) => {
      await services.scheduled.update(tenantOf(req).id, req.params.id, req.body);
      return services.tasks.task(tenantOf(req).id, req.params.id);
    },
  );

  api.delete<{ Params: { id: string } }>(
    '/tasks/:id',
    {
      schema: {
        tags: ['push'],
        security: APP_SECURITY,
        params: idParams,
        description: 'Deletes a task, its message and deliveries (not while sending).',
      },
    },
    async (req, reply) => {
      await services.scheduled.delete(tenantOf(req).id, req.params.id);
      return reply.code(204).send();
    },
  );

  api.get<{ Params: { id: string }; Querystring: PageQuery & { kind: 'devices' | 'users' } }>(
    '/tasks/:id/audience',
    {
      schema: {
        tags: ['push'],
        security: APP_SECURITY,
        params: idParams,
        description:
          'The device ids (kind=devices) or distinct user ids (kind=users) the task targets, a page at a time.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...pageQuery,
            kind: { type: 'string', enum: ['devices', 'users'], default: 'devices' },
          },
        },
      },
    },
    async (req) => {
      const ids = await services.tasks.audience(tenantOf(req).id, req.params.id, req.query.kind, {
        after: req.query.cursor ?? null,
        limit: req.query.limit,
      });
      return pageOf(ids, req.query.limit, (x) => x);
    },
  );

  api.get<{ Params: { id: string } }>(
    '/tasks/:id',
    {
      schema: {
        tags: ['push'],
        security,
        params: idParams,
        description: 'Task status and delivery counts per status.',
      },
    },
    async (req) => services.tasks.task(tenantOf(req).id, req.params.id),
  );

  api.get<{ Params: { id: string }; Querystring: PageQuery }>(
    '/messages/:id/deliveries',
    {
      schema: {
        tags: ['push'],
        security,
        params: idParams,
        querystring: { type: 'object', additionalProperties: false, properties: pageQuery },
      },
    },
    async (req) => {
      const rows = await services.tasks.deliveries(tenantOf(req).id, req.params.id, {
        after: req.query.cursor ?? null,
        limit: req.query.limit,
      });
      const page = pageOf(rows, req.query.limit, (r) => r.deviceId);
      return {
        items: page.items.map((r) => ({ ...r, statusCode: SEED_CODE[r.status] })),
        nextCursor: page.nextCursor,
      };
    },
  );

  api.get<{ Params: { id: string; deviceId: string } }>(
    '/messages/:id/deliveries/:deviceId',
    {
      schema: {
        tags: ['push'],
        security: APP_SECURITY,
        params: {
          type: 'object',
          required: ['id', 'deviceId'],
          properties: { id: { type: 'string', maxLength: 64 }, deviceId: { type: 'string', maxLength: 64 } },
        },
        description: 'One message on one device: status, seed-000 statusCode and the time of each step.',
      },
    },
    async (req) => services.tasks.delivery(tenantOf(req).id, req.params.id, req.params.deviceId),
  );

  api.post<{ Params: { id: string } }>(
    '/messages/:id/revoke',
    {
      schema: {
        tags: ['push'],
        security,
        params: idParams,
        description: 'Burn after reading (status 5): devices holding it are told to remove it.',
      },
    },
    async (req) => {
      const r = await services.control.revoke(tenantOf(req).id, req.params.id);
      return { messageId: r.message.id, status: 'revoked', notified: r.notified, vendors: r.vendors };
    },
  );

  api.post<{ Params: { id: string }; Body: { message: MessageContent } }>(
    '/messages/:id/replace',
    {
      schema: {
        tags: ['push'],
        security,
        params: idParams,
        body: {
          type: 'object',
          required: ['message'],
          additionalProperties: false,
          properties: { message: messageSchema },
        },
        description: 'Replaces the content (status 6); devices holding it get the new version.',
      },
    },
    async (req) => {
      const r = await services.control.replace(tenantOf(req).id, req.params.id, req.body.message);
      return {
        messageId: r.message.id,
        version: r.message.version,
        status: 'replaced',
        notified: r.notified,
        vendors: r.vendors,
      };
    },
  );
}

import type { FastifyInstance } from 'fastify';
import { appAuth, tenantOf } from '../auth-hooks.js';
import { APP_SECURITY, type PageQuery, pageOf, pageQuery } from '../pagination.js';
import type { ApiServices } from '../services.js';

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', maxLength: 64 } },
} as const;
const nodeOut = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    parentId: { type: ['string', 'null'] },
    name: { type: 'string' },
    path: { type: 'string', description: 'Ids from the root: /root/…/id/' },
    createdAt: { type: 'integer' },
  },
} as const;
const membersBody = {
  type: 'object',
  required: ['userIds'],
  additionalProperties: false,
  properties: {
    userIds: {
      type: 'array',
      minItems: 1,
      maxItems: 500,
      items: { type: 'string', minLength: 1, maxLength: 100 },
    },
  },
} as const;

/** The organisation tree; a push to `audience.organisations` reaches a node's members and everyone below. */
export function organisationRoutes(api: FastifyInstance, services: ApiServices): void {
  const security = APP_SECURITY;
  const tags = ['organisations'];
  api.addHook('preHandler', appAuth(services));

  api.post<{ Body: { name: string; parentId?: string | null } }>(
    '/orgs',
    {
      schema: {
        tags,
        security,
        body: {
          type: 'object',
          required: ['name'],
          additionalProperties: false,
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 100 },
            parentId: { type: ['string', 'null'], maxLength: 64 },
          },
        },
        response: { 201: nodeOut },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await services.orgs.create(tenantOf(req).id, req.body.name, req.body.parentId ?? null)),
  );

  api.get<{ Querystring: { under?: string } }>(
    '/orgs',
    {
      schema: {
        tags,
        security,
        description:
          'The tree as a flat list, parents first; `under` limits it to one node and everything below.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { under: { type: 'string', maxLength: 64 } },
        },
      },
    },
    async (req) => ({ items: await services.orgs.list(tenantOf(req).id, req.query.under ?? null) }),
  );

  api.get<{ Params: { id: string } }>(
    '/orgs/:id',
    { schema: { tags, security, params: idParams, response: { 200: nodeOut } } },
    async (req) => services.orgs.get(tenantOf(req).id, req.params.id),
  );

  api.patch<{ Params: { id: string }; Body: { name?: string; parentId?: string | null } }>(
    '/orgs/:id',
    {
      schema: {
        tags,
        security,
        params: idParams,
        description:
          'Renames, or moves (with its whole subtree) under another node; parentId null makes it a root.',
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 100 },
            parentId: { type: ['string', 'null'], maxLength: 64 },
          },
        },
        response: { 200: nodeOut },
      },
    },
    async (req) => services.orgs.update(tenantOf(req).id, req.params.id, req.body),
  );

  api.delete<{ Params: { id: string }; Querystring: { recursive?: boolean } }>(
    '/orgs/:id',
    {
      schema: {
        tags,
        security,
        params: idParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { recursive: { type: 'boolean', default: false } },
        },
      },
    },
    async (req) => ({
      deleted: await services.orgs.delete(tenantOf(req).id, req.params.id, req.query.recursive === true),
    }),
  );

  api.post<{ Params: { id: string }; Body: { userIds: string[] } }>(
    '/orgs/:id/members',
    { schema: { tags, security, params: idParams, body: membersBody } },
    async (req, reply) => {
      await services.orgs.addMembers(tenantOf(req).id, req.params.id, req.body.userIds);
      return reply.code(204).send();
    },
  );

  api.post<{ Params: { id: string }; Body: { userIds: string[] } }>(
    '/orgs/:id/members/remove',
    { schema: { tags, security, params: idParams, body: membersBody } },
    async (req) => ({
      removed: await services.orgs.removeMembers(tenantOf(req).id, req.params.id, req.body.userIds),
    }),
  );

  api.get<{ Params: { id: string }; Querystring: PageQuery }>(
    '/orgs/:id/members',
    {
      schema: {
        tags,
        security,
        params: idParams,
        querystring: { type: 'object', additionalProperties: false, properties: pageQuery },
      },
    },
    async (req) => {
      const users = await services.orgs.members(tenantOf(req).id, req.params.id, {
        after: req.query.cursor ?? null,
        limit: req.query.limit,
      });
      return pageOf(users, req.query.limit, (u) => u);
    },
  );
}

import type { FastifyInstance } from 'fastify';
import { MAX_ACCESS_TOKEN_TTL_SECONDS } from '../../app/access-tokens.js';
import { appAuth, tenantOf } from '../auth-hooks.js';
import { APP_SECURITY } from '../pagination.js';
import type { ApiServices } from '../services.js';

/** Exchanges an app's key and secret for a short-lived bearer token (docs/api.md, "Access tokens"). */
export function accessTokenRoutes(api: FastifyInstance, services: ApiServices): void {
  api.addHook('preHandler', appAuth(services));
  api.post<{ Body: { ttl?: number; userId?: string } | undefined }>(
    '/access-tokens',
    {
      schema: {
        tags: ['auth'],
        security: APP_SECURITY,
        description:
          'Issues an HS256 token signed with the app master secret. Send it as `Authorization: Bearer <token>` to the app API, or as the `Access-Token` / `access-token` header of the seed 003 and 004 APIs. Rotating the master secret revokes every token.',
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ttl: {
              type: 'integer',
              minimum: 60,
              maximum: MAX_ACCESS_TOKEN_TTL_SECONDS,
              description: 'Lifetime in seconds (default 7200).',
            },
            userId: {
              type: 'string',
              minLength: 1,
              maxLength: 100,
              description: 'Issue the token for one end user (seed 000 userReg/deviceList).',
            },
          },
        },
        response: {
          201: {
            type: 'object',
            properties: {
              accessToken: { type: 'string' },
              expiresAt: { type: 'integer', description: 'Epoch ms.' },
              expiresIn: { type: 'integer', description: 'Seconds.' },
            },
          },
        },
      },
    },
    async (req, reply) => {
      const body = req.body ?? {};
      const issued = await services.accessTokens.issue(tenantOf(req), {
        ...(body.ttl !== undefined ? { ttlSeconds: body.ttl } : {}),
        ...(body.userId !== undefined ? { userId: body.userId } : {}),
      });
      return reply.code(201).send(issued);
    },
  );
}

import type { FastifyInstance } from 'fastify';
import type { PushRequest } from '../../app/push.js';
import { validateContent } from '../../app/push.js';
import { appAuth, tenantOf } from '../auth-hooks.js';
import { APP_SECURITY } from '../pagination.js';
import type { ApiServices } from '../services.js';
import { pushBody } from './push.js';

const countOut = {
  type: 'object',
  properties: {
    devices: { type: 'integer', description: 'Registered devices the audience reaches.' },
    users: { type: 'integer', description: 'Distinct users those devices are bound to.' },
  },
} as const;

/** Audience size without sending: for previews, and for checking a push before it goes out. */
export function audienceRoutes(api: FastifyInstance, services: ApiServices): void {
  api.addHook('preHandler', appAuth(services));

  api.post<{ Body: { audience: unknown; production?: boolean } }>(
    '/audience/count',
    {
      schema: {
        tags: ['push'],
        security: APP_SECURITY,
        description: 'How many devices and users an audience reaches now (docs/api.md, "Audience").',
        body: {
          type: 'object',
          required: ['audience'],
          additionalProperties: false,
          properties: {
            audience: {},
            production: { type: 'boolean', description: 'false: test devices only.' },
          },
        },
        response: { 200: countOut },
      },
    },
    async (req) =>
      services.audience.count(tenantOf(req).id, req.body.audience, req.body.production === false),
  );

  api.post<{ Body: PushRequest }>(
    '/push/validate',
    {
      schema: {
        tags: ['push'],
        security: APP_SECURITY,
        description:
          'Checks a push as POST /v1/push would (auth, audience, message) and returns its audience size. Sends nothing.',
        body: pushBody,
        response: { 200: { type: 'object', properties: { valid: { type: 'boolean' }, audience: countOut } } },
      },
    },
    async (req) => {
      validateContent(req.body.message);
      const audience = await services.audience.count(
        tenantOf(req).id,
        req.body.audience,
        req.body.options?.production === false,
      );
      return { valid: true, audience };
    },
  );
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ENVIRONMENTS } from '../../domain/credential.js';
import { VENDORS } from '../../domain/device.js';
import { notFound } from '../../domain/errors.js';
import { adminAuth, appAuth } from '../auth-hooks.js';
import { ADMIN_SECURITY, APP_SECURITY } from '../pagination.js';
import type { ApiServices } from '../services.js';

const params = {
  type: 'object',
  required: ['id', 'vendor', 'environment'],
  properties: {
    id: { type: 'string', maxLength: 64 },
    vendor: { type: 'string', enum: VENDORS },
    environment: { type: 'string', enum: ENVIRONMENTS },
  },
} as const;
const appParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', maxLength: 64 } },
} as const;

type Params = { id: string; vendor: string; environment: string };

/** The operator (admin token) or the app itself (its own credentials) may manage an app's vendor credentials. */
function ownerOrAdmin(services: ApiServices) {
  const admin = adminAuth(services);
  const app = appAuth(services);
  return async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply): Promise<void> => {
    if (req.headers.authorization?.startsWith('Bearer ')) {
      // A Bearer is the admin token or an app access token: try the first, else the second.
      const isAdmin = await admin(req, reply).then(
        () => true,
        () => false,
      );
      if (isAdmin) return;
    }
    await app(req, reply);
    // Another app's id answers exactly as an unknown one.
    if (req.tenant?.id !== req.params.id) throw notFound('app');
  };
}

/** Vendor credentials per app, vendor and environment (dev, prod): validated, sealed at rest, shown masked. */
export function credentialRoutes(api: FastifyInstance, services: ApiServices): void {
  const security = [...ADMIN_SECURITY, ...APP_SECURITY];
  const tags = ['credentials'];
  api.addHook('preHandler', ownerOrAdmin(services));

  api.put<{ Params: Params; Body: Record<string, unknown> }>(
    '/apps/:id/credentials/:vendor/:environment',
    {
      schema: {
        tags,
        security,
        params,
        body: { type: 'object' },
        description:
          'Uploads or rotates a credential: APNs {keyId, teamId, privateKeyPem, topic, environment}, FCM a service-account JSON, Web Push VAPID keys, HMS/Xiaomi/OPPO/vivo/Meizu/JPush app keys and secrets. Answers it masked.',
      },
    },
    async (req) => {
      await services.admin.get(req.params.id);
      return services.credentials.put(req.params.id, req.params.vendor, req.params.environment, req.body);
    },
  );

  api.get<{ Params: { id: string } }>(
    '/apps/:id/credentials',
    { schema: { tags, security, params: appParams } },
    async (req) => {
      await services.admin.get(req.params.id);
      return { items: await services.credentials.list(req.params.id) };
    },
  );

  api.get<{ Params: { id: string } }>(
    '/apps/:id/tokens/health',
    {
      schema: {
        tags,
        security,
        params: appParams,
        description:
          'Per vendor: device tokens in use, stale ones (not refreshed within HERALD_TOKEN_STALE_DAYS, no longer used) and tokens cleared because the vendor called them dead.',
      },
    },
    async (req) => {
      await services.admin.get(req.params.id);
      return services.tokens.report(req.params.id);
    },
  );

  api.get<{ Params: Params }>(
    '/apps/:id/credentials/:vendor/:environment',
    { schema: { tags, security, params } },
    async (req) => services.credentials.get(req.params.id, req.params.vendor, req.params.environment),
  );

  api.delete<{ Params: Params }>(
    '/apps/:id/credentials/:vendor/:environment',
    { schema: { tags, security, params } },
    async (req, reply) => {
      await services.credentials.delete(req.params.id, req.params.vendor, req.params.environment);
      return reply.code(204).send();
    },
  );
}

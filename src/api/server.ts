import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { BROADCAST_PREFIX, broadcastRoutes } from '../compat/broadcast/routes.js';
import { notifyCompatRoutes } from '../compat/notify/routes.js';
import { pspRoutes } from '../compat/psp/routes.js';
import { umsRoutes } from '../compat/ums/routes.js';
import { HeraldError } from '../domain/errors.js';
import type { Logger } from '../observability/logger.js';
import { mapError } from './error-mapper.js';
import { accessTokenRoutes } from './routes/access-tokens.js';
import { appRoutes } from './routes/apps.js';
import { audienceRoutes } from './routes/audience.js';
import { credentialRoutes } from './routes/credentials.js';
import { deviceRoutes } from './routes/devices.js';
import { healthRoutes } from './routes/health.js';
import { organisationRoutes } from './routes/organisations.js';
import { pushRoutes } from './routes/push.js';
import { statsRoutes } from './routes/stats.js';
import { taskRoutes } from './routes/tasks.js';
import { webhookRoutes } from './routes/webhooks.js';
import type { ApiServices } from './services.js';
import { validatorCompiler } from './validator.js';

/** 256 KiB: a registration with 100 tags or a push with 4 lists of 500 ids fits with room; nothing legitimate is larger. */
const BODY_LIMIT = 256 * 1024;

export async function buildApi(services: ApiServices, log: Logger): Promise<FastifyInstance> {
  const api = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT,
    // Two log lines per request would cost more than a push itself at full load; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
  });
  api.setValidatorCompiler(validatorCompiler);
  api.decorateRequest('tenant', undefined);
  api.decorateRequest('rawBody', undefined);

  // Keep the raw text (HMAC signatures cover the exact bytes) and answer bad JSON with our own code.
  // JSON only: a text/plain body would otherwise reach validation as a string and get a vaguer error.
  api.removeAllContentTypeParsers();
  api.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = body as string;
    req.rawBody = text;
    if (text.length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new HeraldError('malformed_json', 'the body is not valid JSON'), undefined);
    }
  });

  api.setErrorHandler((err, req, reply) => {
    const { status, body, expected } = mapError(err);
    if (expected) req.log.debug({ err, code: body.error.code }, 'request refused');
    else req.log.error({ err }, 'request failed');
    return reply.code(status).send(body);
  });
  api.setNotFoundHandler((req, reply) =>
    reply
      .code(404)
      .send({ error: { code: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` } }),
  );

  await api.register(swagger, {
    openapi: {
      info: {
        title: 'Herald native API',
        version: '1',
        description:
          'Push notifications to devices over Herald’s own channel. See docs/api.md and docs/protocol.md.',
      },
      components: {
        securitySchemes: {
          adminBearer: { type: 'http', scheme: 'bearer', description: 'HERALD_ADMIN_TOKEN' },
          appBasic: { type: 'http', scheme: 'basic', description: 'appKey:masterSecret' },
          appSignature: {
            type: 'apiKey',
            in: 'header',
            name: 'X-Herald-Signature',
            description:
              'hex HMAC-SHA256(masterSecret, METHOD\\nPATH\\nTIMESTAMP\\nNONCE\\nsha256hex(body)) with X-Herald-Key, X-Herald-Timestamp (unix s), X-Herald-Nonce.',
          },
        },
      },
    },
  });
  await api.register(swaggerUi, { routePrefix: '/docs' });

  healthRoutes(api, services);
  api.get('/openapi.json', { schema: { hide: true } }, async () => api.swagger());
  await api.register(async (scope) => appRoutes(scope, services), { prefix: '/v1' });
  await api.register(async (scope) => deviceRoutes(scope, services), { prefix: '/v1' });
  await api.register(async (scope) => pushRoutes(scope, services), { prefix: '/v1' });
  await api.register(async (scope) => taskRoutes(scope, services), { prefix: '/v1' });
  await api.register(async (scope) => audienceRoutes(scope, services), { prefix: '/v1' });
  await api.register(async (scope) => organisationRoutes(scope, services), { prefix: '/v1' });
  await api.register(async (scope) => webhookRoutes(scope, services), { prefix: '/v1' });
  await api.register(async (scope) => credentialRoutes(scope, services), { prefix: '/v1' });
  await api.register(async (scope) => accessTokenRoutes(scope, services), { prefix: '/v1' });
  await api.register(async (scope) => statsRoutes(scope, services), { prefix: '/v1' });
  await api.register(async (scope) => umsRoutes(scope, services), { prefix: '/ums/v3' });
  await api.register(async (scope) => notifyCompatRoutes(scope, services));
  await api.register(async (scope) => pspRoutes(scope, services), { prefix: '/psp' });
  await api.register(async (scope) => broadcastRoutes(scope, services), { prefix: BROADCAST_PREFIX });
  return api;
}

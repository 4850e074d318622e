import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiServices } from '../../api/services.js';
import { PspError } from './error-table.js';
import { authenticate } from './header-auth.js';
import { checkPayloadSize } from './payload-limit.js';
import { mapConfigRequest, mapMsgRequest, type PspPush } from './request-mapping.js';
import { failure, success, toPspError } from './response.js';
import { resolveTarget } from './target.js';

/**
 * Seed 001 (PSP): POST /psp/push/msg and /psp/push/config, registered under the /psp prefix.
 * Every answer, refusals included, is the seed's {ret, data} shape; docs/compat/001-psp.md.
 */
export function pspRoutes(api: FastifyInstance, services: ApiServices): void {
  api.setErrorHandler((err, req, reply) => {
    const { error, expected } = toPspError(err);
    if (expected) req.log.debug({ err, code: error.code }, 'psp request refused');
    else req.log.error({ err }, 'psp request failed');
    return reply.code(error.status).send(failure(error));
  });
  // The seed's 400 reads "the address does not exist or has unsupported parameters".
  api.setNotFoundHandler((req, reply) => {
    const error = new PspError(2011, `no such address: ${req.method} ${req.url.split('?')[0]}`);
    return reply.code(error.status).send(failure(error));
  });

  // onRequest: credentials are checked before the body is read, so a stranger's body is never parsed.
  const onRequest = async (req: FastifyRequest): Promise<void> => {
    req.tenant = await authenticate(req, services);
  };

  const accept = async (req: FastifyRequest, reply: FastifyReply, push: PspPush) => {
    const app = req.tenant;
    if (!app) throw new PspError(2090, 'unauthenticated request reached a handler');
    const target = await resolveTarget(services, app.id, push.target);
    checkPayloadSize(push.payloadBytes, target.platform);
    const r = await services.push.push(app, {
      audience: target.audience,
      message: push.message,
      options: { production: push.production },
    });
    // The seed's table: "200 means success".
    return reply.code(200).send(success(r.task.id));
  };

  // Hidden from /openapi.json: that document describes the native API only.
  const schema = { hide: true };
  api.post('/push/msg', { schema, onRequest }, (req, reply) => accept(req, reply, mapMsgRequest(req.body)));
  api.post('/push/config', { schema, onRequest }, (req, reply) =>
    accept(req, reply, mapConfigRequest(req.body)),
  );
}

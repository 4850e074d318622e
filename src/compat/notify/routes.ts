import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApiServices } from '../../api/services.js';
import { HeraldError } from '../../domain/errors.js';
import { authenticate, type NotifyCaller } from './auth.js';
import {
  fromSeedCertificate,
  parseEnvironment,
  parseProvider,
  seedCredentialError,
  toSeedCertificate,
} from './certificate.js';
import { ok, seedError } from './errors.js';
import { toPushRequest } from './notify-request.js';
import { knownKeys, present } from './shape.js';
import { parseTaskList, taskNotFound, toTaskDetail } from './task-detail.js';

const tags = ['compat: seed 004 (messaging-app push)'];
const HEADERS =
  'Headers: access-token (from POST /v1/access-tokens, or the admin token with app_id), app_id, group_id and user_id (admin only).';

/**
 * Seed 004's push API (`/push/certificate`, `/push/notify`, `/push/task/detail`), mapped onto the
 * native credentials, push and task use cases. docs/compat/004-notify.md describes every mapping.
 */
export function notifyCompatRoutes(api: FastifyInstance, services: ApiServices): void {
  api.setErrorHandler((err, req, reply) => {
    const { status, answer, expected } = seedError(err);
    if (expected) req.log.debug({ err, code: answer.code }, 'seed 004 request refused');
    else req.log.error({ err }, 'seed 004 request failed');
    return reply.code(status).send(answer);
  });

  const caller = async (req: FastifyRequest): Promise<NotifyCaller> => {
    const c = await authenticate(services, req);
    // Herald has no per-group or per-user permissions: whom an admin acts for is kept in the log.
    if (c.admin && (c.actingFor.groupId || c.actingFor.userId))
      req.log.info({ appId: c.app.id, ...c.actingFor }, 'seed 004 admin call on behalf of');
    return c;
  };

  api.get<{ Querystring: Record<string, string | undefined> }>(
    '/push/certificate',
    { schema: { tags, summary: 'A vendor certificate of the app, secrets masked', description: HEADERS } },
    async (req) => {
      const { app } = await caller(req);
      const vendor = parseProvider(req.query.provider);
      const view = await services.credentials.get(app.id, vendor, parseEnvironment(req.query.environment));
      return ok(toSeedCertificate(vendor, view));
    },
  );

  api.post(
    '/push/certificate',
    {
      schema: {
        tags,
        summary: 'Herald addition: upload or rotate a vendor certificate (fields as GET answers them)',
        description: HEADERS,
      },
    },
    async (req) => {
      const { app } = await caller(req);
      const body = knownKeys('', req.body ?? {}, [
        'environment',
        'provider',
        'app_id',
        'app_key',
        'app_secret',
        'certificate',
        'name',
      ]);
      const vendor = parseProvider(body.provider);
      const environment = parseEnvironment(body.environment);
      const credential = fromSeedCertificate(vendor, environment, body);
      try {
        return ok(
          toSeedCertificate(vendor, await services.credentials.put(app.id, vendor, environment, credential)),
        );
      } catch (err) {
        throw seedCredentialError(vendor, err);
      }
    },
  );

  api.post(
    '/push/notify',
    { schema: { tags, summary: 'Push a notification or pass-through message', description: HEADERS } },
    async (req) => {
      const { app } = await caller(req);
      const result = await services.push.push(app, toPushRequest(req.body, Date.now()));
      // A repeated request_id answers the first task: nothing new was sent.
      return ok({ task_id: result.task.id });
    },
  );

  api.post(
    '/push/task/detail',
    {
      schema: {
        tags,
        summary: 'Per-channel target, sent and received figures of tasks',
        description: HEADERS,
      },
    },
    async (req) => {
      const { app } = await caller(req);
      const ids = parseTaskList(present(req.body) ? req.body : {});
      const details = [];
      for (const [i, id] of ids.entries()) {
        try {
          details.push(toTaskDetail(await services.tasks.task(app.id, id)));
        } catch (err) {
          throw err instanceof HeraldError && err.code === 'not_found' ? taskNotFound(i) : err;
        }
      }
      return ok(details);
    },
  );
}

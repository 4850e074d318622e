import type { FastifyInstance } from 'fastify';
import type { ApiServices } from '../../api/services.js';
import { HeraldError } from '../../domain/errors.js';
import { accessTokenAuth, appOf } from './auth.js';
import { BroadcastError, toSeedError } from './errors.js';
import { listQueryFromSeed } from './list-query.js';
import { acceptPsot } from './psot-method.js';
import { taskFromSeed, toPushRequest, toUpdate } from './request-mapping.js';
import { pick, seedTask } from './response-mapping.js';
import { scopeToAudience } from './scope-mapping.js';
import type { SeedTask } from './seed-types.js';
import { userPage } from './user-list.js';

export const BROADCAST_PREFIX = '/v2/broadcast';

const TAGS = ['seed 003: broadcast tasks'];
const AUTH_NOTE =
  'Send `Access-Token: <token>` from `POST /v1/access-tokens`. Errors: `{"error": {"code", "msg", "field"}}` (docs/compat/003-broadcast.md).';
const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', maxLength: 64 } },
} as const;

/**
 * Seed 003's broadcast-task API (docs/compat/003-broadcast.md): each route maps the seed's request
 * onto a native use case and the result back to the seed's shape. Register with prefix
 * BROADCAST_PREFIX.
 */
export async function broadcastRoutes(api: FastifyInstance, services: ApiServices): Promise<void> {
  api.addHook('onRequest', accessTokenAuth(services));
  api.setErrorHandler((err, req, reply) => {
    // task_user's body is a scope itself, so its fields carry no "scope." in front.
    const at = req.routeOptions.url?.endsWith('/task_user') ? '' : 'scope.';
    const { status, body, expected } = toSeedError(err, at);
    if (expected) req.log.debug({ err, code: body.error.code }, 'seed 003 request refused');
    else req.log.error({ err }, 'seed 003 request failed');
    return reply.code(status).send(body);
  });
  api.setNotFoundHandler((req) => {
    throw new BroadcastError(4041001, `URL not found: ${req.method} ${req.url.split('?')[0]}`);
  });
  acceptPsot(api, `${BROADCAST_PREFIX}/tasks`);

  const load = async (appId: string, id: string): Promise<SeedTask> => {
    const [task, message] = await Promise.all([
      services.tasks.task(appId, id),
      services.tasks.message(appId, id),
    ]);
    return seedTask(task, message);
  };

  api.post(
    '/task_add',
    {
      schema: { tags: TAGS, summary: 'Create a broadcast task (now, or at `time`)', description: AUTH_NOTE },
    },
    async (req) => {
      const app = appOf(req);
      const task = taskFromSeed(req.body);
      const accepted = await services.push.push(app, toPushRequest(task, services.clock.now()));
      return load(app.id, accepted.task.id);
    },
  );

  api.get<{ Params: { id: string } }>(
    '/task/:id',
    { schema: { tags: TAGS, summary: 'One broadcast task', description: AUTH_NOTE, params: idParams } },
    async (req) => load(appOf(req).id, req.params.id),
  );

  api.put<{ Params: { id: string } }>(
    '/task/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Replace a scheduled task (all fields)',
        description: AUTH_NOTE,
        params: idParams,
      },
    },
    async (req) => {
      const appId = appOf(req).id;
      await services.scheduled.update(appId, req.params.id, toUpdate(taskFromSeed(req.body)));
      return load(appId, req.params.id);
    },
  );

  api.delete<{ Params: { id: string } }>(
    '/task/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Delete a task (not while it is sending)',
        description: AUTH_NOTE,
        params: idParams,
      },
    },
    async (req, reply) => {
      await services.scheduled.delete(appOf(req).id, req.params.id);
      // The seed answers 200 with no content.
      return reply.code(200).send();
    },
  );

  api.post(
    '/tasks',
    {
      schema: {
        tags: TAGS,
        summary: 'List tasks: offset, limit, filter, query, order (also as the seed’s `PSOT`)',
        description: AUTH_NOTE,
      },
    },
    async (req) => {
      const appId = appOf(req).id;
      const q = listQueryFromSeed(req.body);
      const page = await services.tasks.list(appId, q.native);
      const tasks = await Promise.all(
        page.items.map((item) =>
          load(appId, String(item.id)).catch((err: unknown) => {
            // Deleted between the page and this read: leave it out rather than fail the page.
            if (err instanceof HeraldError && err.code === 'not_found') return undefined;
            throw err;
          }),
        ),
      );
      return {
        count: page.total,
        list: tasks.flatMap((t) => (t ? [pick(t, q.fields)] : [])),
      };
    },
  );

  api.post(
    '/task_user',
    {
      schema: {
        tags: TAGS,
        summary: 'How many users a scope reaches (distinct bound user ids)',
        description: AUTH_NOTE,
      },
    },
    async (req) => {
      const counted = await services.audience.count(appOf(req).id, scopeToAudience(req.body, ''));
      return { count: counted.users };
    },
  );

  api.get<{ Querystring: Record<string, string | undefined> }>(
    '/get_users',
    {
      schema: {
        tags: TAGS,
        summary: 'The user ids a task targets (`?id=<task id>`; optional offset, limit)',
        description: AUTH_NOTE,
      },
    },
    async (req) => userPage(services, appOf(req).id, req.query),
  );
}

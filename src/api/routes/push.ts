import type { FastifyInstance } from 'fastify';
import type { PushRequest } from '../../app/push.js';
import { VENDORS } from '../../domain/device.js';
import { ACTION_TYPES, MESSAGE_KINDS } from '../../domain/message.js';
import { MAX_FALLBACK_MS, OVERRIDE_KEYS, STRATEGIES } from '../../domain/routing.js';
import { appAuth, tenantOf } from '../auth-hooks.js';
import { APP_SECURITY } from '../pagination.js';
import type { ApiServices } from '../services.js';

/** Types and shapes are checked here; limits that every entry point shares are checked in app/push.ts. */
export const messageSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    kind: { type: 'string', enum: MESSAGE_KINDS, default: 'notification' },
    title: { type: 'string', maxLength: 200 },
    body: { type: 'string', maxLength: 4000 },
    data: { type: 'object', description: 'Custom key-values handed to the app.' },
    action: {
      type: 'object',
      required: ['type', 'value'],
      additionalProperties: false,
      properties: {
        type: { type: 'string', enum: ACTION_TYPES },
        value: { type: 'string', maxLength: 1000 },
      },
    },
    badge: { type: 'integer', minimum: 0, maximum: 99999 },
    sound: { type: 'string', maxLength: 100 },
  },
} as const;

export const pushBody = {
  type: 'object',
  required: ['audience', 'message'],
  additionalProperties: false,
  properties: {
    audience: {
      description:
        '"all", or an object of deviceIds, userIds, aliases, tags (each ≤ 500; fields AND, values OR).',
    },
    message: messageSchema,
    options: {
      type: 'object',
      additionalProperties: false,
      properties: {
        requestId: { type: 'string', minLength: 1, maxLength: 100, description: 'Idempotency key.' },
        ttl: {
          type: 'integer',
          minimum: 0,
          maximum: 2419200,
          description: 'Seconds deliverable (default 7 days).',
        },
        expiresAt: { type: 'integer', description: 'Epoch ms; wins over ttl.' },
        priority: { type: 'string', enum: ['high', 'normal'] },
        collapseId: { type: 'string', minLength: 1, maxLength: 64 },
        production: { type: 'boolean', description: 'false: only test devices.' },
        throttle: { type: 'integer', description: 'At most this many devices per second.' },
        sendAt: {
          type: 'integer',
          description: 'Epoch ms: schedule the push (status scheduled until then). ttl counts from it.',
        },
        localTime: {
          type: 'string',
          description:
            '"HH:MM": each device gets it when its own clock next shows this time (its registered timezone; else the app quiet-hours zone, else UTC). Not with sendAt.',
        },
        strategy: {
          type: 'string',
          enum: STRATEGIES,
          description:
            'combined (default): own channel, then a vendor channel if the device has not acked within fallbackAfterMs; own_only; vendor_only.',
        },
        vendors: {
          type: 'array',
          items: { type: 'string', enum: VENDORS },
          minItems: 1,
          description:
            'Vendor sequence: the first the device has a live token for is used, the next on a hard failure.',
        },
        fallbackAfterMs: {
          type: 'integer',
          minimum: 0,
          maximum: MAX_FALLBACK_MS,
          description: 'combined: ms the own channel has to get an ack (default 2000).',
        },
        overrides: {
          type: 'object',
          propertyNames: { enum: OVERRIDE_KEYS },
          additionalProperties: { type: 'object' },
          description:
            'Per-vendor fields: ios, apns, android, fcm, huawei, xiaomi, oppo, vivo, flyme, meizu, jpush, webpush.',
        },
      },
    },
  },
} as const;

export function pushRoutes(api: FastifyInstance, services: ApiServices): void {
  const security = APP_SECURITY;
  api.addHook('preHandler', appAuth(services));

  api.post<{ Body: PushRequest }>(
    '/push',
    {
      schema: {
        tags: ['push'],
        security,
        body: pushBody,
        response: {
          202: {
            type: 'object',
            properties: {
              taskId: { type: 'string' },
              messageId: { type: 'string' },
              duplicate: {
                type: 'boolean',
                description: 'true when requestId repeated an earlier push: nothing new was sent.',
              },
              sendAt: {
                type: 'integer',
                description:
                  'When it goes out, if later than now: scheduled, or held by the app quiet hours.',
              },
            },
          },
        },
      },
    },
    async (req, reply) => {
      const r = await services.push.push(tenantOf(req), req.body);
      return reply.code(202).send({
        taskId: r.task.id,
        messageId: r.message.id,
        duplicate: !r.created,
        ...(r.task.sendAt !== null ? { sendAt: r.task.sendAt } : {}),
      });
    },
  );
}

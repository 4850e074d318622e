import type { FastifyInstance } from 'fastify';
import type { Device, DeviceRegistration, DeviceStatus, DeviceType } from '../../domain/device.js';
import { DEVICE_TYPES, PLATFORMS, VENDORS } from '../../domain/device.js';
import { appAuth, tenantOf } from '../auth-hooks.js';
import { APP_SECURITY, type PageQuery, pageOf, pageQuery } from '../pagination.js';
import type { ApiServices } from '../services.js';

const text = (max = 100) => ({ type: 'string', minLength: 1, maxLength: max }) as const;
const nullableText = (max = 100) => ({ type: ['string', 'null'], minLength: 1, maxLength: max }) as const;

const registration = {
  type: 'object',
  required: ['clientId', 'appPackage', 'deviceType'],
  additionalProperties: false,
  properties: {
    clientId: {
      ...text(),
      description: 'Unique id of the terminal (seed 000: from uSDK, else the MAC address).',
    },
    appPackage: { ...text(), description: 'Android package, iOS bundle id, or service name.' },
    deviceType: {
      type: 'string',
      enum: DEVICE_TYPES,
      description: '01 phone, 02 tablet, 03 TV, 04 fridge, 05 hood, 06 SmartCenter, 07 mirror, 08 speaker.',
    },
    pushId: nullableText(),
    deviceName: nullableText(),
    typeId: nullableText(64),
    platform: { type: ['string', 'null'], enum: [...PLATFORMS, null] },
    vendorTokens: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(VENDORS.map((v) => [v, { type: 'string', maxLength: 4096 }])),
      description: 'Push token per vendor; an empty string removes one.',
    },
    userId: nullableText(),
    alias: nullableText(),
    tags: { type: 'array', maxItems: 100, items: text() },
    locale: nullableText(35),
    timezone: nullableText(64),
    province: nullableText(),
    city: nullableText(),
    productId: nullableText(),
    isTest: {
      type: 'boolean',
      description: 'A test device: the only kind a push with production=false reaches.',
    },
  },
} as const;

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', maxLength: 64 } },
} as const;

const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...pageQuery,
    userId: text(),
    alias: text(),
    tag: text(),
    clientId: text(),
    appPackage: text(),
    status: { type: 'integer', enum: [1, 2, 3] },
    deviceType: { type: 'string', enum: DEVICE_TYPES },
  },
} as const;

interface ListQuery extends PageQuery {
  userId?: string;
  alias?: string;
  tag?: string;
  clientId?: string;
  appPackage?: string;
  status?: DeviceStatus;
  deviceType?: DeviceType;
}

/** Devices never leave with their connection token except in the answer to their own registration. */
function publicDevice(d: Device) {
  return { ...d, deviceId: d.id };
}

export function deviceRoutes(api: FastifyInstance, services: ApiServices): void {
  const security = APP_SECURITY;
  api.addHook('preHandler', appAuth(services));

  api.post<{ Body: DeviceRegistration }>(
    '/devices',
    {
      schema: {
        tags: ['devices'],
        security,
        body: registration,
        description:
          'Registers a device, or updates it: idempotent on (clientId, appPackage). 201 when new, 200 when updated.',
      },
    },
    async (req, reply) => {
      const r = await services.devices.register(tenantOf(req).id, req.body);
      return reply.code(r.created ? 201 : 200).send({
        deviceId: r.device.id,
        deviceToken: r.deviceToken,
        created: r.created,
        device: publicDevice(r.device),
      });
    },
  );

  api.get<{ Querystring: ListQuery }>(
    '/devices',
    { schema: { tags: ['devices'], security, querystring: listQuery } },
    async (req) => {
      const { limit, cursor, ...filter } = req.query;
      const items = await services.devices.list(tenantOf(req).id, filter, { after: cursor ?? null, limit });
      const page = pageOf(items, limit, (d) => d.id);
      return { items: page.items.map(publicDevice), nextCursor: page.nextCursor };
    },
  );

  api.get<{ Params: { id: string } }>(
    '/devices/:id',
    { schema: { tags: ['devices'], security, params: idParams } },
    async (req) => publicDevice(await services.devices.get(tenantOf(req).id, req.params.id)),
  );

  api.put<{ Params: { id: string }; Body: { userId: string } }>(
    '/devices/:id/user',
    {
      schema: {
        tags: ['devices'],
        security,
        params: idParams,
        body: {
          type: 'object',
          required: ['userId'],
          additionalProperties: false,
          properties: { userId: text() },
        },
      },
    },
    async (req) =>
      publicDevice(await services.devices.bindUser(tenantOf(req).id, req.params.id, req.body.userId)),
  );

  api.delete<{ Params: { id: string } }>(
    '/devices/:id/user',
    { schema: { tags: ['devices'], security, params: idParams } },
    async (req) => publicDevice(await services.devices.bindUser(tenantOf(req).id, req.params.id, null)),
  );

  api.delete<{ Params: { id: string } }>(
    '/devices/:id',
    {
      schema: {
        tags: ['devices'],
        security,
        params: idParams,
        description: 'Unregisters (status 2): no longer targeted, token stops working.',
      },
    },
    async (req) => publicDevice(await services.devices.unregister(tenantOf(req).id, req.params.id)),
  );
}

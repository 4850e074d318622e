import type { FastifyInstance } from 'fastify';
import type { ApiServices } from '../../api/services.js';
import { HeraldError } from '../../domain/errors.js';
import { authenticate, clientIdHeader } from './auth.js';
import { callersDevice } from './device-lookup.js';
import { bodyOf, requiredText } from './fields.js';
import { deviceKeyOf } from './registration-request.js';
import { messageInfo, SUCCESS } from './responses.js';
import { UmsError } from './ret-codes.js';

const tags = ['ums v3 (seed 000)'];

/**
 * msg/status: one message on one terminal as seed 000's MessageInfo (status 0..6). The seed lists
 * "信息状态查询" (message status query) and MessageInfo but no endpoint, so this one is Herald's.
 */
export function statusRoute(api: FastifyInstance, services: ApiServices): void {
  api.post('/msg/status', { schema: { tags } }, async (req) => {
    const caller = await authenticate(req, services, 'app');
    const b = bodyOf(req.body);
    const msgId = requiredText(b, b.msgId === undefined && b.mesgId !== undefined ? 'mesgId' : 'msgId');
    const device = await callersDevice(services, caller, deviceKeyOf(b, clientIdHeader(req)));
    try {
      const history = await services.tasks.delivery(caller.app.id, msgId, device.id);
      return { ...SUCCESS, messageInfo: messageInfo(history, device) };
    } catch (err) {
      if (err instanceof HeraldError && err.code === 'not_found')
        throw new UmsError('30002', `msgId ${msgId} is unknown or was not sent to this device`);
      throw err;
    }
  });
}

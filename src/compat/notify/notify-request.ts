import type { PushRequest } from '../../app/push.js';
import { invalid } from '../../domain/errors.js';
import { toAudience } from './notify-audience.js';
import { toMessage } from './notify-message.js';
import { toRoutingOptions } from './notify-setting.js';
import { knownKeys, present } from './shape.js';

/**
 * A `POST /push/notify` body as the native push request. Only shapes and names are handled here;
 * every limit the native push has (list sizes, text lengths, payload size, schedule and expiry
 * bounds) is checked by the push use case itself, and its refusals are renamed back to the seed's
 * fields by errors.ts.
 */
export function toPushRequest(body: unknown, now: number): PushRequest {
  if (!present(body)) throw invalid('body', 'must be a JSON object with audience and message');
  const b = knownKeys('', body, ['audience', 'setting', 'message']);
  if (!present(b.audience))
    throw invalid('audience', 'is required: "all" or {tag|alias|user_id|push_token: [...]}');
  const audience = toAudience(b.audience);
  const routing = toRoutingOptions(b.setting);
  const m = toMessage(b.message, now);
  return {
    audience,
    message: m.content,
    options: {
      ...routing,
      ...(m.overrides !== undefined ? { overrides: m.overrides } : {}),
      ...(m.sendAt !== undefined ? { sendAt: m.sendAt } : {}),
      ...(m.expiresAt !== undefined ? { expiresAt: m.expiresAt } : {}),
    },
  };
}

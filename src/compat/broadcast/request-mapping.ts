import type { PushRequest } from '../../app/push.js';
import type { Audience } from '../../domain/audience.js';
import type { MessageContent } from '../../domain/message.js';
import { ACTION_TYPE, seedInt } from './enums.js';
import { badField, missingField } from './errors.js';
import { scopeToAudience } from './scope-mapping.js';
import type { JsonObject } from './seed-types.js';
import { parseSeedTime } from './time-format.js';

/** A seed task (task_add or PUT task/{id}) in native terms. */
export interface MappedTask {
  readonly message: MessageContent;
  /** The seed's `time`: when to send (epoch ms). */
  readonly time: number;
  readonly expiresAt: number;
  readonly audience: Audience;
}

export function bodyObject(body: unknown): JsonObject {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw badField('body', 'must be a JSON object');
  return body as JsonObject;
}

function text(b: JsonObject, field: 'title' | 'content'): string {
  const v = b[field];
  if (v === undefined || v === null) throw missingField(field);
  if (typeof v !== 'string' || v.length === 0) throw badField(field, 'must be a non-empty string');
  return v;
}

function action(raw: unknown): NonNullable<MessageContent['action']> {
  if (raw === undefined || raw === null) throw missingField('action');
  if (typeof raw !== 'object' || Array.isArray(raw)) throw badField('action', 'must be an object');
  const a = raw as JsonObject;
  if (a.type === undefined) throw missingField('action.type');
  const type = seedInt('action.type', a.type, Object.values(ACTION_TYPE));
  // Only the field of the chosen type is read: the seed's example carries both.
  const key = type === ACTION_TYPE.url ? 'url' : 'command';
  const value = a[key];
  if (value === undefined || value === null || value === '') throw missingField(`action.${key}`);
  if (typeof value !== 'string') throw badField(`action.${key}`, 'must be a string');
  return { type: key, value };
}

/**
 * Reads a seed task body. `user_num`, `arrive_num` and `read_num` are listed as required request
 * fields by the seed, but they are results of sending; they are ignored, as are unknown fields.
 */
export function taskFromSeed(body: unknown): MappedTask {
  const b = bodyObject(body);
  const title = text(b, 'title');
  const content = text(b, 'content');
  if (b.time === undefined || b.time === null) throw missingField('time');
  const time = parseSeedTime('time', b.time);
  if (b.expire === undefined || b.expire === null) throw missingField('expire');
  const expiresAt = parseSeedTime('expire', b.expire);
  return {
    message: { kind: 'notification', title, body: content, action: action(b.action) },
    time,
    expiresAt,
    audience: scopeToAudience(b.scope, 'scope.'),
  };
}

/**
 * task_add as a native push. A `time` not after `now` means "send now" (a client stamps a push
 * for now with its own, slightly different clock); a later one schedules it.
 */
export function toPushRequest(t: MappedTask, now: number): PushRequest {
  return {
    audience: t.audience,
    message: t.message,
    options: { expiresAt: t.expiresAt, ...(t.time > now ? { sendAt: t.time } : {}) },
  };
}

/** PUT task/{id} as a native edit of a scheduled task: every field is replaced. */
export function toUpdate(t: MappedTask): {
  sendAt: number;
  message: MessageContent;
  expiresAt: number;
  audience: Audience;
} {
  return { sendAt: t.time, message: t.message, expiresAt: t.expiresAt, audience: t.audience };
}

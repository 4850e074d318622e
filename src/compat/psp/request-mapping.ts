import type { MessageContent } from '../../domain/message.js';
import { PspError } from './error-table.js';

/** Whom a PSP call targets, before ids are resolved against the app. */
export type PspTarget =
  | { readonly type: 'unicast'; readonly deviceId: string }
  | {
      readonly type: 'groupcast';
      readonly userIds?: readonly string[];
      readonly orgIds?: readonly string[];
    };

/** A PSP call in native terms, checked for shape only; limits shared with /v1 stay in app/push.ts. */
export interface PspPush {
  readonly target: PspTarget;
  readonly message: MessageContent;
  /** production_mode; false reaches only the app's test devices. */
  readonly production: boolean;
  /** UTF-8 size of `payload` as compact JSON: what the seed's 1024 B / 256 B limits measure. */
  readonly payloadBytes: number;
}

type Json = Record<string, unknown>;

const TOP_FIELDS = ['type', 'device_tokens', 'user_ids', 'org_ids', 'payload'];
const MSG_PAYLOAD_FIELDS = ['display_type', 'body', 'production_mode', 'description', 'tag'];
const MSG_BODY_FIELDS = ['title', 'custom'];
const CONFIG_PAYLOAD_FIELDS = ['body', 'production_mode', 'description', 'tag'];

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The seed's 400 covers "unsupported parameters": a field it does not define is refused, not ignored. */
function onlyKnown(where: string, o: Json, known: readonly string[]): void {
  const extra = Object.keys(o).find((k) => !known.includes(k));
  if (extra === undefined) return;
  const hint = ['production_mode', 'description', 'tag'].includes(extra)
    ? ' (it belongs inside payload)'
    : '';
  throw new PspError(2012, `${where}${extra} is not a supported parameter${hint}`);
}

/** A list given as an array of strings or as one comma-separated string (the seed's "xx" string style). */
function idList(field: string, v: unknown): string[] {
  const items = typeof v === 'string' ? v.split(',') : v;
  if (!Array.isArray(items)) throw new PspError(2015, `${field} must be a string or an array of strings`);
  const ids = items.map((x) => (typeof x === 'string' ? x.trim() : ''));
  if (ids.length === 0 || ids.some((x) => x === ''))
    throw new PspError(2015, `${field} must list non-empty ids`);
  return ids;
}

function target(body: Json): PspTarget {
  const { type, device_tokens: tokens, user_ids: users, org_ids: orgs } = body;
  if (type === 'unicast') {
    if (users !== undefined || orgs !== undefined)
      throw new PspError(2015, 'user_ids and org_ids are for groupcast; unicast takes device_tokens');
    if (typeof tokens !== 'string' || tokens.trim() === '')
      throw new PspError(2014, 'unicast needs device_tokens: the deviceId of one device');
    // The seed: "when type=unicast, required, names the single device".
    if (tokens.includes(',')) throw new PspError(2014, 'unicast names exactly one device in device_tokens');
    return { type, deviceId: tokens.trim() };
  }
  if (type === 'groupcast') {
    if (tokens !== undefined) throw new PspError(2014, 'device_tokens is for unicast');
    // Fields combine with AND in the native audience; "these users among these organisations" is
    // rarely what a caller means, so one kind per call keeps the meaning obvious.
    if ((users === undefined) === (orgs === undefined))
      throw new PspError(2015, 'groupcast needs exactly one of user_ids or org_ids');
    return users !== undefined
      ? { type, userIds: idList('user_ids', users) }
      : { type, orgIds: idList('org_ids', orgs) };
  }
  throw new PspError(2013);
}

function production(v: unknown): boolean {
  // The seed writes "true/false" as strings; JSON booleans mean the same and are accepted too.
  if (v === undefined || v === 'true' || v === true) return true;
  if (v === 'false' || v === false) return false;
  throw new PspError(2021);
}

function checkUnkeptFields(p: Json): void {
  // description and tag are accepted and checked, but have no native field to land in (docs/compat/001-psp.md).
  for (const f of ['description', 'tag'] as const) {
    if (p[f] !== undefined && typeof p[f] !== 'string')
      throw new PspError(2022, `payload.${f} must be a string`);
  }
}

function payloadOf(body: Json): Json {
  if (!isObject(body.payload)) throw new PspError(2016);
  return body.payload;
}

function envelope(body: unknown): Json {
  if (!isObject(body)) throw new PspError(2010);
  onlyKnown('', body, TOP_FIELDS);
  return body;
}

function size(payload: Json): number {
  return Buffer.byteLength(JSON.stringify(payload), 'utf8');
}

/** POST /psp/push/msg: a notification (shown) or a message (handed to the app). */
export function mapMsgRequest(raw: unknown): PspPush {
  const body = envelope(raw);
  const t = target(body);
  const p = payloadOf(body);
  onlyKnown('payload.', p, MSG_PAYLOAD_FIELDS);
  const kind = p.display_type;
  if (kind !== 'notification' && kind !== 'message') throw new PspError(2017);
  if (!isObject(p.body)) throw new PspError(2018, 'payload.body must be an object with title and/or custom');
  onlyKnown('payload.body.', p.body, MSG_BODY_FIELDS);
  const { title, custom } = p.body;
  if (title !== undefined && typeof title !== 'string')
    throw new PspError(2019, 'payload.body.title must be a string');
  if (kind === 'notification' && !title) throw new PspError(2019);
  // The seed: for a message "body only needs custom"; without it there is nothing to hand over.
  if (kind === 'message' && (custom === undefined || custom === null || custom === ''))
    throw new PspError(2020);
  if (custom === null) throw new PspError(2020, 'payload.body.custom must be a string or JSON, not null');
  checkUnkeptFields(p);
  const message: MessageContent = {
    kind,
    ...(title ? { title } : {}),
    // Under one key whatever its type, so the app reads data.custom as the caller wrote it.
    ...(custom !== undefined ? { data: { custom } } : {}),
  };
  return { target: t, message, production: production(p.production_mode), payloadBytes: size(p) };
}

/**
 * "cache=2&submit=10" → { cache: "2", submit: "10" } (a repeated key gives a list). Undefined unless
 * every &-separated part is key=value with a key, so free text is not turned into nonsense keys.
 */
export function parseConfigBody(text: string): Record<string, string | string[]> | undefined {
  const parts = text.split('&');
  if (!parts.every((part) => part.indexOf('=') > 0)) return undefined;
  // A Map, then fromEntries: a key such as "__proto__" becomes a plain property, never the prototype.
  const out = new Map<string, string | string[]>();
  for (const [k, v] of new URLSearchParams(text)) {
    const prev = out.get(k);
    out.set(k, prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v]);
  }
  return Object.fromEntries(out);
}

/** POST /psp/push/config: a strategy/config string for the app, delivered as a native config message. */
export function mapConfigRequest(raw: unknown): PspPush {
  const body = envelope(raw);
  const t = target(body);
  const p = payloadOf(body);
  onlyKnown('payload.', p, CONFIG_PAYLOAD_FIELDS);
  if (typeof p.body !== 'string' || p.body.trim() === '')
    throw new PspError(2018, 'payload.body must be the configuration string, e.g. "cache=2&submit=10"');
  checkUnkeptFields(p);
  const data = parseConfigBody(p.body);
  const message: MessageContent = { kind: 'config', body: p.body, ...(data ? { data } : {}) };
  return { target: t, message, production: production(p.production_mode), payloadBytes: size(p) };
}

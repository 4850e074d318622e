import type { HelloFrame, MessageFrame, ReplaceFrame, ServerFrame } from './frames.js';

/** Heartbeat the protocol prescribes when hello does not carry a usable one. */
export const DEFAULT_HEARTBEAT_MS = 25_000;

/** Outcome of parsing one text frame from the server. */
export type ParsedFrame =
  | { kind: 'frame'; frame: ServerFrame }
  /** A well-formed frame of a type this SDK does not know; ignored for forward compatibility. */
  | { kind: 'unknown'; type: string }
  | { kind: 'invalid'; reason: string };

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isId = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/**
 * Parses and minimally validates a server frame.
 *
 * Only the fields the SDK itself relies on (`id`, `version`, `heartbeatMs`, …) are checked;
 * the rest is passed through as sent, so a server adding fields never breaks old devices.
 */
export function parseServerFrame(text: string): ParsedFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'invalid', reason: 'frame is not valid JSON' };
  }
  if (!isObject(value) || typeof value.type !== 'string') {
    return { kind: 'invalid', reason: 'frame is not an object with a string "type"' };
  }
  switch (value.type) {
    case 'hello':
      return parseHello(value);
    case 'message':
    case 'replace':
      return parseContent(value);
    case 'revoke':
      return isId(value.id)
        ? { kind: 'frame', frame: { type: 'revoke', id: value.id } }
        : { kind: 'invalid', reason: 'revoke frame without an id' };
    case 'pong':
      return { kind: 'frame', frame: { type: 'pong', ts: typeof value.ts === 'number' ? value.ts : 0 } };
    case 'error':
      return {
        kind: 'frame',
        frame: {
          type: 'error',
          code: typeof value.code === 'string' ? value.code : 'unknown',
          message: typeof value.message === 'string' ? value.message : '',
        },
      };
    default:
      return { kind: 'unknown', type: value.type };
  }
}

function parseHello(value: JsonObject): ParsedFrame {
  const heartbeatMs =
    typeof value.heartbeatMs === 'number' && Number.isFinite(value.heartbeatMs) && value.heartbeatMs > 0
      ? value.heartbeatMs
      : DEFAULT_HEARTBEAT_MS;
  const frame: HelloFrame = {
    type: 'hello',
    deviceId: typeof value.deviceId === 'string' ? value.deviceId : '',
    heartbeatMs,
    server: typeof value.server === 'string' ? value.server : '',
  };
  return { kind: 'frame', frame };
}

function parseContent(value: JsonObject): ParsedFrame {
  if (!isId(value.id)) return { kind: 'invalid', reason: `${value.type} frame without an id` };
  if (typeof value.version !== 'number' || !Number.isInteger(value.version) || value.version < 1) {
    return { kind: 'invalid', reason: `${value.type} frame without a positive integer version` };
  }
  // The server owns the schema of the remaining fields; it is documented in docs/protocol.md.
  const frame = value as unknown as MessageFrame | ReplaceFrame;
  return { kind: 'frame', frame };
}

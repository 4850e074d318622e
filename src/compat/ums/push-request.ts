import type { PushOptions } from '../../app/push.js';
import { MAX_TTL_SECONDS } from '../../app/push.js';
import type { DeviceType } from '../../domain/device.js';
import { DEVICE_TYPES } from '../../domain/device.js';
import { invalid } from '../../domain/errors.js';
import type { MessageContent } from '../../domain/message.js';
import { checkOneOf } from '../../domain/validate.js';
import { type Body, listField, zeroOrOne } from './fields.js';

/** The part every msg/push* body shares, mapped to the native message and options. */
export interface UmsPush {
  readonly message: MessageContent;
  readonly options: PushOptions;
}

/** Whom a msg/push* body names, before clientIds are resolved to devices. */
export interface UmsTargets {
  /** Seed deviceIds: the terminals' clientIds (UserRegInfo has no other device identifier). */
  readonly clientIds?: readonly string[];
  readonly deviceTypes?: readonly DeviceType[];
  readonly appPackages?: readonly string[];
}

/**
 * collab3th on a push (an addition: the seed has it on registrations only) picks the channel:
 * 1 Herald's own channel (the seed's "haier-M2M"), 0 JPush (the seed's third-party channel).
 * Left out, the native default applies: own channel first, then the device's vendor token, which is
 * its JPush id exactly when it registered with collab3th 0.
 */
export function routingOf(collab3th: 0 | 1 | undefined): Pick<PushOptions, 'strategy' | 'vendors'> {
  if (collab3th === 1) return { strategy: 'own_only' };
  if (collab3th === 0) return { strategy: 'vendor_only', vendors: ['jpush'] };
  return {};
}

/**
 * isTry, priority, expires, isLong, message (docs/compat/000-ums.md, "Push fields"). The seed
 * defines no message structure, so `message` is the app's own object, handed to the terminal
 * untouched as a pass-through message's `data`; `{}` (every example's) is a valid empty one.
 */
export function pushOf(b: Body): UmsPush {
  const raw = b.message;
  if (raw === undefined || raw === null) throw invalid('message', 'is required');
  if (typeof raw !== 'object' || Array.isArray(raw)) throw invalid('message', 'must be a JSON object');
  // Validated for their type only: Herald always keeps a message for an offline terminal until it
  // expires and has one size limit, so neither flag changes what happens (the doc says why).
  zeroOrOne(b, 'isTry');
  zeroOrOne(b, 'isLong');
  const priority = zeroOrOne(b, 'priority');
  const expires = b.expires;
  if (
    expires !== undefined &&
    (typeof expires !== 'number' || !Number.isInteger(expires) || expires < 1 || expires > MAX_TTL_SECONDS)
  ) {
    // 0 would mean "expired on arrival": nothing would ever be delivered, so it is refused too.
    throw invalid('expires', `must be an integer 1..${MAX_TTL_SECONDS} (seconds)`);
  }
  const options: PushOptions = {
    priority: priority === 1 ? 'high' : 'normal',
    ...(expires !== undefined ? { ttl: expires } : {}),
    ...routingOf(zeroOrOne(b, 'collab3th')),
  };
  return { message: { kind: 'message', data: raw as Record<string, unknown> }, options };
}

function deviceTypesOf(b: Body): DeviceType[] | undefined {
  const l = listField(b, 'deviceType', 'deviceTypes');
  return l?.values.map((t, i) => checkOneOf(`${l.field}[${i}]`, t, DEVICE_TYPES));
}

/** msg/pushByDev: deviceIds (required), narrowed by deviceTypes and appPackages when given. */
export function byDevTargets(b: Body): UmsTargets {
  const ids = listField(b, 'deviceId', 'deviceIds');
  if (!ids) throw invalid('deviceIds', 'is required (deviceId or deviceIds)');
  const deviceTypes = deviceTypesOf(b);
  const appPackages = listField(b, 'appPackage', 'appPackages')?.values;
  return {
    clientIds: ids.values,
    ...(deviceTypes ? { deviceTypes } : {}),
    ...(appPackages ? { appPackages } : {}),
  };
}

/** msg/pushByDevType: the terminal kinds; left out, every kind. */
export function byDevTypeTargets(b: Body): UmsTargets {
  const deviceTypes = deviceTypesOf(b);
  return deviceTypes ? { deviceTypes } : {};
}

/** msg/pushByApp and msg/pushMsgByApp: the app packages; left out, every package. */
export function byAppTargets(b: Body): UmsTargets {
  const appPackages = listField(b, 'appPackage', 'appPackages')?.values;
  return appPackages ? { appPackages } : {};
}

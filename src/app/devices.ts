import type { Bus } from '../bus/bus.js';
import type { Clock } from '../domain/clock.js';
import type { Device, DeviceRegistration, Vendor } from '../domain/device.js';
import { DEVICE_TYPES, PLATFORMS, VENDORS } from '../domain/device.js';
import { invalid, notFound } from '../domain/errors.js';
import { TOPIC_DISCONNECT } from '../domain/frames.js';
import { newId, newSecret } from '../domain/ids.js';
import { checkOneOf, checkOptionalString, checkString, checkStringList } from '../domain/validate.js';
import type { DeviceListFilter, PageRequest, RegisterResult, Store } from '../store/store.js';

/** Seed 000 limits strings to 1–100 characters (typeId to 64); tags follow the same rule. */
const MAX_TEXT = 100;
const MAX_TAGS = 100;

/** Checks a registration from any entry point; throws a validation error naming the field. */
export function validateRegistration(reg: DeviceRegistration): DeviceRegistration {
  checkString('clientId', reg.clientId, { max: MAX_TEXT });
  checkString('appPackage', reg.appPackage, { max: MAX_TEXT });
  checkOneOf('deviceType', reg.deviceType, DEVICE_TYPES);
  checkOptionalString('pushId', reg.pushId, MAX_TEXT);
  checkOptionalString('deviceName', reg.deviceName, MAX_TEXT);
  checkOptionalString('typeId', reg.typeId, 64);
  if (reg.platform != null) checkOneOf('platform', reg.platform, PLATFORMS);
  checkOptionalString('userId', reg.userId, MAX_TEXT);
  checkOptionalString('alias', reg.alias, MAX_TEXT);
  checkOptionalString('locale', reg.locale, 35);
  checkOptionalString('province', reg.province, MAX_TEXT);
  checkOptionalString('city', reg.city, MAX_TEXT);
  checkOptionalString('productId', reg.productId, MAX_TEXT);
  if (reg.timezone != null) {
    checkString('timezone', reg.timezone, { max: 64 });
    try {
      new Intl.DateTimeFormat('en', { timeZone: reg.timezone });
    } catch {
      throw invalid('timezone', 'must be an IANA time zone such as Asia/Shanghai');
    }
  }
  if (reg.tags !== undefined) checkStringList('tags', reg.tags, MAX_TAGS, MAX_TEXT);
  if (reg.vendorTokens !== undefined) {
    for (const [vendor, token] of Object.entries(reg.vendorTokens)) {
      checkOneOf('vendorTokens', vendor, VENDORS);
      if (token !== '') checkString(`vendorTokens.${vendor as Vendor}`, token, { max: 4096 });
    }
  }
  return reg;
}

/** Device registration, lookup and user binding for one app. */
export class DeviceService {
  readonly #store: Store;
  readonly #clock: Clock;

  readonly #bus: Bus;

  constructor(store: Store, clock: Clock, bus: Bus) {
    this.#store = store;
    this.#clock = clock;
    this.#bus = bus;
  }

  /** Idempotent on (app, clientId, appPackage): registering again updates and returns the same device and token. */
  register(appId: string, reg: DeviceRegistration): Promise<RegisterResult> {
    validateRegistration(reg);
    return this.#store.devices.register(appId, reg, this.#clock.now(), { id: newId(), token: newSecret(24) });
  }

  async get(appId: string, id: string): Promise<Device> {
    const d = await this.#store.devices.get(appId, id);
    if (!d) throw notFound('device');
    return d;
  }

  list(appId: string, filter: DeviceListFilter, page: PageRequest): Promise<Device[]> {
    return this.#store.devices.list(appId, filter, page);
  }

  async bindUser(appId: string, id: string, userId: string | null): Promise<Device> {
    if (userId !== null) checkString('userId', userId, { max: MAX_TEXT });
    const d = await this.#store.devices.setUser(appId, id, userId, this.#clock.now());
    if (!d) throw notFound('device');
    return d;
  }

  async unregister(appId: string, id: string): Promise<Device> {
    const d = await this.#store.devices.unregister(appId, id, this.#clock.now());
    if (!d) throw notFound('device');
    // Its token no longer connects; a connection open now is ended too, wherever it is.
    await this.#bus.publish(TOPIC_DISCONNECT, id);
    return d;
  }
}

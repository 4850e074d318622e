import type { DeviceConnection } from './connection.js';

/**
 * Which devices are connected to this node. A device may hold several connections (a reconnect
 * racing the old socket's close); each gets the frames until it is gone.
 */
export class ConnectionRegistry {
  readonly #byDevice = new Map<string, DeviceConnection | DeviceConnection[]>();
  #size = 0;

  get size(): number {
    return this.#size;
  }

  add(c: DeviceConnection): void {
    const cur = this.#byDevice.get(c.deviceId);
    // The common case is one connection per device: store it bare, not in an array, to save memory.
    if (cur === undefined) this.#byDevice.set(c.deviceId, c);
    else if (Array.isArray(cur)) cur.push(c);
    else this.#byDevice.set(c.deviceId, [cur, c]);
    this.#size++;
  }

  remove(c: DeviceConnection): void {
    const cur = this.#byDevice.get(c.deviceId);
    if (cur === c) {
      this.#byDevice.delete(c.deviceId);
      this.#size--;
    } else if (Array.isArray(cur)) {
      const i = cur.indexOf(c);
      if (i < 0) return;
      cur.splice(i, 1);
      if (cur.length === 1) this.#byDevice.set(c.deviceId, cur[0]!);
      this.#size--;
    }
  }

  /** Calls fn for each connection of the device; returns how many there were. */
  forDevice(deviceId: string, fn: (c: DeviceConnection) => void): number {
    const cur = this.#byDevice.get(deviceId);
    if (cur === undefined) return 0;
    if (!Array.isArray(cur)) {
      fn(cur);
      return 1;
    }
    for (const c of cur) fn(c);
    return cur.length;
  }

  all(): DeviceConnection[] {
    return [...this.#byDevice.values()].flat();
  }
}

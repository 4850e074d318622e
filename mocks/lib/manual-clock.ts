import type { Clock } from '../../src/domain/clock.js';

/** A clock tests move by hand, shared by a channel and its mock so token expiry runs on fake time. */
export class ManualClock implements Clock {
  #now: number;

  constructor(start = Date.UTC(2025, 0, 1)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  advance(ms: number): void {
    this.#now += ms;
  }
}

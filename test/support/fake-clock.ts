/** A clock the test moves by hand (`clock.t += ms`): scheduling and expiry follow it, never the wall. */
export class FakeClock {
  t: number;

  constructor(start = Date.now()) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }
}

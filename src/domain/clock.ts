// Time is injected: nothing in the service reads Date.now() directly.
export interface Clock {
  now(): Date;
  readonly manual: boolean;
}

export const systemClock: Clock = { now: () => new Date(), manual: false };

/** A clock that moves only when told (COORDINATOR_CLOCK=manual, tests, demos). */
export class ManualClock implements Clock {
  readonly manual = true;
  #now: number;
  constructor(start: Date = new Date()) {
    this.#now = start.getTime();
  }
  now(): Date {
    return new Date(this.#now);
  }
  set(to: Date): void {
    if (Number.isNaN(to.getTime())) throw new RangeError('invalid date');
    this.#now = to.getTime();
  }
}

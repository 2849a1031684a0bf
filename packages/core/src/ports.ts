/** The ports through which the pure core meets time and randomness; stores are defined beside their domain. */

/** Time is passed in; nothing in core reads the wall clock. */
export interface Clock {
  now(): Date;
}

/** Ids and secrets come from outside so simulations are reproducible. */
export interface IdSource {
  id(): string;
}

export const systemClock: Clock = { now: () => new Date() };

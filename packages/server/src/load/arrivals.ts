/** When visits start: a fixed schedule drawn in advance, never paced by the server's replies (open loop). */
import type { Random } from './seeded-random.ts';

export type ArrivalProcess = 'poisson' | 'uniform';

/** Arrival times in seconds from the start, endless; `rate` is visits per second. */
export function* arrivalTimes(random: Random, rate: number, process: ArrivalProcess): Generator<number> {
  if (!(rate > 0)) throw new RangeError(`the arrival rate must be positive, got ${rate}`);
  let at = 0;
  for (let i = 0; ; i++) {
    if (process === 'uniform') yield i / rate;
    else {
      at += random.exponential(1 / rate);
      yield at;
    }
  }
}

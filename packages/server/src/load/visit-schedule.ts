/**
 * The whole run's schedule, fixed before the first request: visits arrive at `rate` per second and each
 * plays its plan with time compressed by `timeScale`. Steps falling after the run's end are cut.
 */
import { type ArrivalProcess, arrivalTimes } from './arrivals.ts';
import { seededRandom } from './seeded-random.ts';
import { planVisit, type VisitModel, type VisitPlan } from './visit-plan.ts';

export interface ScheduleOptions {
  /** Visits (sessions) per second. */
  rate: number;
  process: ArrivalProcess;
  seed: number;
  /** Visits arrive, and requests are sent, during this many seconds. */
  durationS: number;
  /** Stop admitting visits after this many; null for no limit. */
  maxVisits: number | null;
  /** Simulated seconds per real second: 20 turns 60 s heartbeats into one every 3 s. */
  timeScale: number;
  model: VisitModel;
}

export interface ScheduledVisit {
  index: number;
  /** When the session request is due, in ms from the start. */
  atMs: number;
  plan: VisitPlan;
  /** When each plan step is due, in ms from the start (parallel to plan.steps); may exceed the run. */
  stepsAtMs: number[];
}

export function* visitSchedule(options: ScheduleOptions): Generator<ScheduledVisit> {
  // Separate streams: a different rate moves the arrivals but leaves every visit's plan as it was.
  const arrivals = arrivalTimes(seededRandom(options.seed), options.rate, options.process);
  const plans = seededRandom(options.seed ^ 0x5eed);
  const endMs = options.durationS * 1000;
  const msPerSimulatedS = 1000 / options.timeScale;
  for (let index = 0; options.maxVisits === null || index < options.maxVisits; index++) {
    const atMs = arrivals.next().value * 1000;
    if (atMs >= endMs) return;
    const plan = planVisit(plans, options.model);
    yield { index, atMs, plan, stepsAtMs: plan.steps.map((step) => atMs + step.atS * msPerSimulatedS) };
  }
}

/** How many requests the schedule puts in [fromS, toS) of the run. */
export function scheduledRequests(options: ScheduleOptions, fromS = 0, toS = options.durationS): number {
  const from = fromS * 1000;
  const to = Math.min(toS, options.durationS) * 1000;
  let count = 0;
  for (const visit of visitSchedule(options)) {
    if (visit.atMs >= from && visit.atMs < to) count++;
    for (const at of visit.stepsAtMs) if (at >= from && at < to) count++;
  }
  return count;
}

/**
 * The visit rate whose schedule puts `requestsPerS` requests in [fromS, durationS): visits keep
 * sending hits after they start, so the request rate climbs for a while before it levels off.
 */
export function sessionRateFor(
  requestsPerS: number,
  options: Omit<ScheduleOptions, 'rate'>,
  fromS = 0,
): number {
  const wanted = requestsPerS * (options.durationS - fromS);
  let rate = requestsPerS / 4;
  for (let i = 0; i < 4; i++) {
    const got = scheduledRequests({ ...options, rate }, fromS);
    if (got === 0) return rate;
    rate *= wanted / got;
  }
  return rate;
}

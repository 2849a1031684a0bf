/**
 * What one simulated visitor does after the session request: page views and heartbeats, in simulated
 * seconds, following the reference traffic model (docs: pools-and-simulation §3.3).
 */
import type { Random } from './seeded-random.ts';

/** How visitors arrive: the channel decides the landing URL and referrer the session request carries. */
export type ArrivalChannel = 'organic_search' | 'paid_search' | 'direct' | 'social' | 'email' | 'referral';

export interface VisitModel {
  /** Share of visits that see one page only; their duration is uniform in [0, bounceMaxS]. */
  bounceShare: number;
  bounceMaxS: number;
  /** Lognormal duration (first to last activity) of the other visits. */
  durationMedianS: number;
  durationSigma: number;
  /** Visits that do not bounce see 2 + Geometric(extraPagesMean) pages. */
  extraPagesMean: number;
  /** The page beats while it is visible. */
  heartbeatS: number;
  /** Share of visits by a visitor seen earlier in the run (the session request carries their id). */
  returningShare: number;
  channels: readonly (readonly [ArrivalChannel, number])[];
}

/** The reference defaults: ~4.1 requests per visit (2.65 pages, 60 s heartbeats, mean duration 180 s). */
export const referenceVisitModel: VisitModel = Object.freeze<VisitModel>({
  bounceShare: 0.45,
  bounceMaxS: 10,
  durationMedianS: 90,
  durationSigma: 1.18,
  extraPagesMean: 2,
  heartbeatS: 60,
  returningShare: 0.25,
  channels: [
    ['organic_search', 40],
    ['paid_search', 30],
    ['direct', 15],
    ['social', 8],
    ['email', 4],
    ['referral', 3],
  ],
});

export interface VisitStep {
  /** Simulated seconds after the session request. */
  atS: number;
  kind: 'page' | 'heartbeat';
}

export interface VisitPlan {
  durationS: number;
  channel: ArrivalChannel;
  /** Which of a few campaigns a paid or e-mail arrival came from. */
  campaign: number;
  returning: boolean;
  /** Ordered by time; the session request at 0 is implied. */
  steps: VisitStep[];
}

export function planVisit(random: Random, model: VisitModel = referenceVisitModel): VisitPlan {
  const bounce = random.next() < model.bounceShare;
  const durationS = bounce
    ? random.next() * model.bounceMaxS
    : random.lognormal(model.durationMedianS, model.durationSigma);
  const pages = bounce ? 1 : 2 + random.geometric(model.extraPagesMean);
  const steps: VisitStep[] = [];
  // Later page views fall uniformly within the visit; the last one ends it.
  for (let i = 1; i < pages; i++) {
    steps.push({ atS: i === pages - 1 ? durationS : random.next() * durationS, kind: 'page' });
  }
  for (let atS = model.heartbeatS; atS <= durationS; atS += model.heartbeatS) {
    steps.push({ atS, kind: 'heartbeat' });
  }
  steps.sort((a, b) => a.atS - b.atS);
  return {
    durationS,
    channel: random.pick(model.channels),
    campaign: random.int(20),
    returning: random.next() < model.returningShare,
    steps,
  };
}

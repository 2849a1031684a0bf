/**
 * The traffic generator: visits in time order, each with its page views, heartbeats and the calls it
 * leads to, drawn from a TrafficModel. Arrivals per channel are a non-homogeneous Poisson process
 * λ_c(t) = Λ_c · daily(hour) · weekly(day) · burst(t) (reference §3.2), piecewise constant by hour and
 * burst edge, so exponential gaps within a piece are exact.
 */
import { arrivalIntensity } from './arrival-intensity.ts';
import type { Random } from './random.ts';
import { siteWeights, type TrafficModel } from './traffic-model.ts';

export type CallKind = 'during_visit' | 'after_visit' | 'repeat' | 'no_session';

export interface PlannedCall {
  atMs: number;
  kind: CallKind;
  /** The visit that led to the call (for a repeat, the original's visit); -1 when no visit did. */
  visitIndex: number;
  siteIndex: number;
  /** The person calling: a visitor's index, or a fresh index for someone who never visited. */
  callerIndex: number;
  /** A repeat redials the number of this earlier call. */
  original: PlannedCall | null;
}

/** When a visit's requests happen, as offsets from its first page view. */
export interface VisitShape {
  /** How long the page stays open and visible. */
  visibleMs: number;
  /** Page views after the first, ascending. */
  pageOffsetsMs: readonly number[];
  firstHeartbeatMs: number;
}

export interface Visit extends VisitShape {
  index: number;
  siteIndex: number;
  visitorIndex: number;
  returning: boolean;
  /** Index into the model's channels. */
  channelIndex: number;
  startMs: number;
  calls: readonly PlannedCall[];
}

export interface TrafficGenerator {
  /** The next visit, or null once the run's end is reached. */
  next(): Visit | null;
}

const hourMs = 3_600_000;
const dayMs = 86_400_000;
const noPages: readonly number[] = Object.freeze([]);
const noCalls: readonly PlannedCall[] = Object.freeze([]);

export function sampleVisitShape(model: TrafficModel, random: Random): VisitShape {
  // (0, max]: a heartbeat at exactly 0 would coincide with the first page view.
  const firstHeartbeatMs = Math.max(
    1,
    Math.round(model.firstHeartbeatMaxSeconds * 1000 * (1 - random.next())),
  );
  if (random.chance(model.bounceShare)) {
    const visibleMs = Math.round(random.uniform(0, model.bounceMaxSeconds * 1000));
    return { visibleMs, pageOffsetsMs: noPages, firstHeartbeatMs: confirmation(firstHeartbeatMs, visibleMs) };
  }
  const visibleMs = Math.round(random.lognormal(model.visitMedianSeconds * 1000, model.visitSigma));
  const laterPages = 1 + random.geometric(model.extraPagesMean);
  const pageOffsetsMs: number[] = [];
  for (let i = 0; i < laterPages; i++) pageOffsetsMs.push(Math.round(random.uniform(0, visibleMs)));
  pageOffsetsMs.sort((a, b) => a - b);
  return { visibleMs, pageOffsetsMs, firstHeartbeatMs: confirmation(firstHeartbeatMs, visibleMs) };
}

/**
 * The snippet confirms its lease with the first heartbeat, or, when the page is hidden before that,
 * with a beacon as it goes (pagehide): every page a person saw confirms, and only a script that never
 * runs ours holds a number for no more than 15 s.
 */
function confirmation(firstHeartbeatMs: number, visibleMs: number): number {
  return Math.max(1, Math.min(firstHeartbeatMs, visibleMs));
}

/** The offset of a visit's last request: its last page view or its last heartbeat while visible. */
export function lastActivityOffsetMs(shape: VisitShape, heartbeatMs: number): number {
  let last = shape.pageOffsetsMs[shape.pageOffsetsMs.length - 1] ?? 0;
  if (shape.firstHeartbeatMs <= shape.visibleMs) {
    const beats = Math.floor((shape.visibleMs - shape.firstHeartbeatMs) / heartbeatMs);
    last = Math.max(last, shape.firstHeartbeatMs + beats * heartbeatMs);
  }
  return last;
}

/** How many requests a visit sends: its page views plus its heartbeats. */
export function requestCount(shape: VisitShape, heartbeatMs: number): number {
  const beats =
    shape.firstHeartbeatMs <= shape.visibleMs
      ? 1 + Math.floor((shape.visibleMs - shape.firstHeartbeatMs) / heartbeatMs)
      : 0;
  return 1 + shape.pageOffsetsMs.length + beats;
}

/**
 * Mean first-to-last activity of the model's visits, heartbeats included: the E[V] of Erlang sizing
 * (§2.2). Estimated from a fixed-seed sample, so it is the same for every run of one model.
 */
export function expectedActivitySeconds(model: TrafficModel, random: Random, samples = 20_000): number {
  const heartbeatMs = model.heartbeatSeconds * 1000;
  let total = 0;
  for (let i = 0; i < samples; i++) {
    total += lastActivityOffsetMs(sampleVisitShape(model, random), heartbeatMs);
  }
  return total / samples / 1000;
}

interface SiteVisitors {
  starts: number[];
  visitors: number[];
  /** The first entry still within the returning window. */
  low: number;
}

export function createTraffic(
  model: TrafficModel,
  random: Random,
  startMs: number,
  endMs: number,
): TrafficGenerator {
  const intensity = arrivalIntensity(model, startMs);
  const siteCumulative: number[] = [];
  let cumulative = 0;
  for (const weight of siteWeights(model)) {
    cumulative += weight;
    siteCumulative.push(cumulative);
  }
  const sites: SiteVisitors[] = Array.from({ length: model.sites }, () => ({
    starts: [],
    visitors: [],
    low: 0,
  }));
  const returningWindowMs = model.returningWithinDays * dayMs;
  const noSessionPerCall = model.noSessionCallShare / (1 - model.noSessionCallShare);

  const rates = new Float64Array(model.channels.length);
  let totalRate = 0;
  let segmentEnd = startMs;
  let now = startMs;
  let visitIndex = 0;
  let nextPersonIndex = 0;

  function enterSegment(at: number): void {
    segmentEnd = intensity.ratesAt(at, rates);
    totalRate = 0;
    for (let c = 0; c < rates.length; c++) totalRate += rates[c]!;
  }

  function nextArrival(): number | null {
    for (;;) {
      if (now >= endMs) return null;
      if (now >= segmentEnd) enterSegment(now);
      const at = now + random.exponential(totalRate);
      // Memorylessness: an arrival past the piece's end is redrawn from the end at the new rate.
      if (at >= segmentEnd) {
        now = segmentEnd;
        continue;
      }
      now = at;
      return at < endMs ? Math.round(at) : null;
    }
  }

  function pickChannel(): number {
    let target = random.next() * totalRate;
    for (let c = 0; c < rates.length; c++) {
      target -= rates[c]!;
      if (target < 0) return c;
    }
    return rates.length - 1;
  }

  function pickSite(): number {
    if (siteCumulative.length === 1) return 0;
    const target = random.next();
    let lo = 0;
    let hi = siteCumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (siteCumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  function pickVisitor(site: SiteVisitors, at: number): { visitorIndex: number; returning: boolean } {
    const wantsReturn = random.chance(model.returningShare);
    while (site.low < site.starts.length && site.starts[site.low]! < at - returningWindowMs) site.low++;
    // Drop visitors who fell out of the window now and then, so memory follows the window, not the run.
    if (site.low > 65_536 && site.low * 2 > site.starts.length) {
      site.starts = site.starts.slice(site.low);
      site.visitors = site.visitors.slice(site.low);
      site.low = 0;
    }
    const available = site.starts.length - site.low;
    if (wantsReturn && available > 0) {
      return { visitorIndex: site.visitors[site.low + random.below(available)]!, returning: true };
    }
    return { visitorIndex: nextPersonIndex++, returning: false };
  }

  function withRepeat(calls: PlannedCall[], first: PlannedCall): void {
    calls.push(first);
    if (!random.chance(model.repeatCallerShare)) return;
    calls.push({
      ...first,
      atMs: first.atMs + Math.round(random.uniform(0, model.repeatWithinHours * hourMs)),
      kind: 'repeat',
      original: first,
    });
  }

  function planCalls(visit: Omit<Visit, 'calls'>, callsPerSession: number): readonly PlannedCall[] {
    let calls: PlannedCall[] | null = null;
    if (random.chance(callsPerSession)) {
      calls = [];
      const during = random.chance(model.callDuringVisitShare);
      const atMs = during
        ? visit.startMs + Math.round(visit.visibleMs * (1 / 3 + (2 / 3) * random.next()))
        : visit.startMs +
          visit.visibleMs +
          Math.round(random.lognormal(model.callDelayMedianSeconds * 1000, model.callDelaySigma));
      const call: PlannedCall = {
        atMs,
        kind: during ? 'during_visit' : 'after_visit',
        visitIndex: visit.index,
        siteIndex: visit.siteIndex,
        callerIndex: visit.visitorIndex,
        original: null,
      };
      withRepeat(calls, call);
    }
    // Drawn alongside visit calls so that they follow the traffic's daily shape.
    if (random.chance(callsPerSession * noSessionPerCall)) {
      calls ??= [];
      withRepeat(calls, {
        atMs: visit.startMs + Math.round(random.uniform(0, hourMs)),
        kind: 'no_session',
        visitIndex: -1,
        siteIndex: visit.siteIndex,
        callerIndex: nextPersonIndex++,
        original: null,
      });
    }
    return calls ?? noCalls;
  }

  return {
    next(): Visit | null {
      const startMs = nextArrival();
      if (startMs === null) return null;
      const channelIndex = pickChannel();
      const siteIndex = pickSite();
      const site = sites[siteIndex]!;
      const { visitorIndex, returning } = pickVisitor(site, startMs);
      const shape = sampleVisitShape(model, random);
      const visit = {
        index: visitIndex++,
        siteIndex,
        visitorIndex,
        returning,
        channelIndex,
        startMs,
        ...shape,
      };
      site.starts.push(startMs);
      site.visitors.push(visitorIndex);
      return { ...visit, calls: planCalls(visit, model.channels[channelIndex]!.callsPerSession) };
    },
  };
}

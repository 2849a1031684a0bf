/**
 * The parameters of simulated website traffic, with the defaults of the pools-and-simulation reference
 * (§3.2 arrivals, §3.3 sessions and calls). Every figure is an assumption to revisit against real data.
 */
import type { Channel } from '../channel/channel.ts';

export interface ChannelTraffic {
  channel: Channel;
  /** Share of sessions arriving through the channel; shares are normalised, so they need not sum to 1. */
  share: number;
  /** Probability that a session of this channel leads to a call. */
  callsPerSession: number;
}

/** A campaign spike: the channel's arrival rate is multiplied by `factor` for the given span. */
export interface Burst {
  /** Null multiplies every channel. */
  channel: Channel | null;
  /** Offset from the start of the run. */
  startHours: number;
  durationMinutes: number;
  factor: number;
}

export interface TrafficModel {
  /** Mean sessions per day over a week (the weekly profile is normalised to mean 1). */
  sessionsPerDay: number;
  channels: readonly ChannelTraffic[];
  /** 24 hourly multipliers, hour 0 first; normalised to mean 1. */
  dailyProfile: readonly number[];
  /** 7 daily multipliers, Monday first; normalised to mean 1. */
  weeklyProfile: readonly number[];
  bursts: readonly Burst[];
  /** Sites sharing the traffic, sized by a Zipf law (site k gets weight k^−s). */
  sites: number;
  siteZipfExponent: number;
  /** Share of single-page sessions; their visible time is uniform on [0, bounceMaxSeconds). */
  bounceShare: number;
  bounceMaxSeconds: number;
  /** Visible time of other sessions: log-normal. */
  visitMedianSeconds: number;
  visitSigma: number;
  /** Other sessions see 2 + Geometric(mean) pages. */
  extraPagesMean: number;
  /** The snippet beats every heartbeatSeconds while the page is visible, the first within firstHeartbeatMaxSeconds. */
  heartbeatSeconds: number;
  firstHeartbeatMaxSeconds: number;
  /** Share of sessions from a visitor seen on the same site in the last returningWithinDays days. */
  returningShare: number;
  returningWithinDays: number;
  /** Share of calls made while the page is visible (uniform over the last 2/3 of the visit). */
  callDuringVisitShare: number;
  /** Delay of the other calls after the visit: log-normal. */
  callDelayMedianSeconds: number;
  callDelaySigma: number;
  /** Share of callers who call again, uniformly within repeatWithinHours, dialling the same number. */
  repeatCallerShare: number;
  repeatWithinHours: number;
  /** Share of calls from people who wrote a pool number down days ago: no session is theirs. */
  noSessionCallShare: number;
}

/** §3.2's mix; calls per session are the reference's assumptions (blended ≈ 2.5%). */
export const defaultChannels: readonly ChannelTraffic[] = [
  { channel: 'organic_search', share: 0.4, callsPerSession: 0.02 },
  { channel: 'paid_search', share: 0.3, callsPerSession: 0.04 },
  { channel: 'direct', share: 0.15, callsPerSession: 0.03 },
  { channel: 'organic_social', share: 0.08, callsPerSession: 0.005 },
  { channel: 'email', share: 0.04, callsPerSession: 0.015 },
  { channel: 'referral', share: 0.03, callsPerSession: 0.01 },
];

/**
 * A business-day shape: trough 0.2 at 03–05, rising from 07, plateaus over 10–13 and 15–18, an evening
 * shoulder at 20–22; peak/mean ≈ 1.8 (§3.2).
 */
export const businessDayProfile: readonly number[] = [
  0.4, 0.3, 0.22, 0.2, 0.2, 0.22, 0.35, 0.6, 0.9, 1.25, 1.7, 1.8, 1.7, 1.55, 1.3, 1.65, 1.8, 1.7, 1.35, 1.0,
  1.2, 1.2, 0.9, 0.55,
];

/** Mon–Wed 1.10, Thu–Fri 1.0, Sat–Sun 0.65 (§3.2, after Invoca's call-volume days). */
export const businessWeekProfile: readonly number[] = [1.1, 1.1, 1.1, 1.0, 1.0, 0.65, 0.65];

export const defaultTrafficModel: TrafficModel = {
  sessionsPerDay: 50_000,
  channels: defaultChannels,
  dailyProfile: businessDayProfile,
  weeklyProfile: businessWeekProfile,
  bursts: [],
  sites: 1,
  siteZipfExponent: 1.1,
  bounceShare: 0.45,
  bounceMaxSeconds: 10,
  visitMedianSeconds: 90,
  visitSigma: 1.18,
  extraPagesMean: 2,
  heartbeatSeconds: 60,
  firstHeartbeatMaxSeconds: 10,
  returningShare: 0.25,
  returningWithinDays: 7,
  callDuringVisitShare: 0.6,
  callDelayMedianSeconds: 300,
  callDelaySigma: 1.5,
  repeatCallerShare: 0.08,
  repeatWithinHours: 24,
  noSessionCallShare: 0.03,
};

/** The values scaled to mean 1, so a profile only shapes traffic and never changes its volume. */
export function normalizeProfile(profile: readonly number[]): number[] {
  const mean = profile.reduce((sum, value) => sum + value, 0) / profile.length;
  if (!(mean > 0)) throw new RangeError('a traffic profile needs a positive mean');
  return profile.map((value) => value / mean);
}

/** The busy hour's rate over the mean rate: the highest hour of the highest weekday, bursts left out. */
export function busyHourFactor(model: Pick<TrafficModel, 'dailyProfile' | 'weeklyProfile'>): number {
  return (
    Math.max(...normalizeProfile(model.dailyProfile)) * Math.max(...normalizeProfile(model.weeklyProfile))
  );
}

/** Relative size of each site, summing to 1: Zipf with the model's exponent (one site gets everything). */
export function siteWeights(model: Pick<TrafficModel, 'sites' | 'siteZipfExponent'>): number[] {
  const raw = Array.from({ length: model.sites }, (_, k) => (k + 1) ** -model.siteZipfExponent);
  const total = raw.reduce((sum, weight) => sum + weight, 0);
  return raw.map((weight) => weight / total);
}

const hourMs = 3_600_000;
const dayMs = 86_400_000;

/** The profile multiplier daily(hour) · weekly(day) at a UTC instant, given normalised profiles. */
export function profileAt(daily: readonly number[], weekly: readonly number[], atMs: number): number {
  // 1970-01-01 was a Thursday; weekly profiles start on Monday.
  const weekday = (Math.floor(atMs / dayMs) + 3) % 7;
  return daily[Math.floor(atMs / hourMs) % 24]! * weekly[weekday]!;
}

/**
 * The arrival rate per channel, λ_c(t) = Λ_c · daily(hour) · weekly(day) · burst(t) (reference §3.2):
 * piecewise constant between hour boundaries and burst edges. The generator draws arrivals from it and
 * the Erlang check integrates it, so both read one definition.
 */
import { normalizeProfile, profileAt, type TrafficModel } from './traffic-model.ts';

const hourMs = 3_600_000;
const dayMs = 86_400_000;

export interface ArrivalIntensity {
  /**
   * Fills `rates` with each channel's arrivals per millisecond at `atMs` (all sites together) and
   * returns when those rates next change.
   */
  ratesAt(atMs: number, rates: Float64Array): number;
  /** Expected arrivals over [fromMs, toMs), all channels and sites together. */
  expected(fromMs: number, toMs: number): number;
}

/** `runStartMs` anchors the bursts, whose start is an offset from the start of the run. */
export function arrivalIntensity(model: TrafficModel, runStartMs: number): ArrivalIntensity {
  const daily = normalizeProfile(model.dailyProfile);
  const weekly = normalizeProfile(model.weeklyProfile);
  const shareTotal = model.channels.reduce((sum, c) => sum + c.share, 0);
  const baseRates = model.channels.map((c) => (model.sessionsPerDay * c.share) / shareTotal / dayMs);
  const bursts = model.bursts.map((b) => ({
    channelIndex: b.channel === null ? -1 : model.channels.findIndex((c) => c.channel === b.channel),
    fromMs: runStartMs + b.startHours * hourMs,
    toMs: runStartMs + b.startHours * hourMs + b.durationMinutes * 60_000,
    factor: b.factor,
  }));
  const scratch = new Float64Array(model.channels.length);

  function ratesAt(atMs: number, rates: Float64Array): number {
    let changesAt = (Math.floor(atMs / hourMs) + 1) * hourMs;
    const profile = profileAt(daily, weekly, atMs);
    for (let c = 0; c < rates.length; c++) rates[c] = baseRates[c]! * profile;
    for (const burst of bursts) {
      if (atMs >= burst.fromMs && atMs < burst.toMs) {
        for (let c = 0; c < rates.length; c++) {
          if (burst.channelIndex === -1 || burst.channelIndex === c) rates[c]! *= burst.factor;
        }
        changesAt = Math.min(changesAt, burst.toMs);
      } else if (burst.fromMs > atMs) {
        changesAt = Math.min(changesAt, burst.fromMs);
      }
    }
    return changesAt;
  }

  return {
    ratesAt,
    expected(fromMs, toMs) {
      let total = 0;
      for (let at = fromMs; at < toMs; ) {
        const until = Math.min(toMs, ratesAt(at, scratch));
        for (let c = 0; c < scratch.length; c++) total += scratch[c]! * (until - at);
        at = until;
      }
      return total;
    },
  };
}

/**
 * The call-timing model behind attribution, with every parameter in one place. Attribution treats
 * each session that saw a number, and the public at large, as competing sources of calls to it: a
 * call at time t came from source i with probability rate_i(t) / Σ rate_j(t). Rates are per second
 * and relative to the chance that a session calls at all, which cancels out of that ratio.
 *
 * Calibration (confidence ≥ 0.9 right at least 90% of the time) is measured with the simulator;
 * change a figure here only with a new measurement, and say where it came from.
 */

export const attributionModel = {
  /**
   * Share of a session's calls made during the visit; the rest come after its last activity.
   * Reference §3.3 (assumption, the simulator's default): 60% during, 40% after.
   */
  duringVisitShare: 0.6,
  /**
   * Delay of an after-visit call from the last activity: lognormal, median 5 min, σ 1.5.
   * Reference §3.3 (assumption): 23% of after-visit calls come after 15 min, 12% after 30 min.
   */
  lateCallMedianSeconds: 300,
  lateCallSigma: 1.5,
  /** Mean visit, first to last activity. Reference §3.3: lognormal, median 90 s, σ 1.18. */
  meanVisitSeconds: 180,
  /**
   * Activity this recent means the visitor is probably still on the page: two heartbeats of the
   * snippet (60 s in reference §3.3; pools default to 30 s, so one missed beat is tolerated).
   */
  activeWithinSeconds: 120,
  /**
   * Share of pool-number calls from nobody we track: people who wrote the number down days ago.
   * Reference §3.3, after Mango Telecom's "number written on paper" problem.
   */
  unknownCallerShare: 0.03,
  /**
   * Repeat calls per session call: people calling back a number they called before, with no new
   * visit behind the call. Reference §3.3 (assumption): 8% of callers call again within 24 h.
   */
  repeatCallShare: 0.08,
  /**
   * Share of time a pool number is leased when calls come in. Unknown and repeat callers dial each
   * number about as often as its sessions turn over, so this sets their weight. Calls bunch in
   * business hours, when an Erlang-sized pool runs at 0.64–0.9 (reference §2.5), so the call-weighted
   * figure is near the busy hour's, not the daily mean's (about half that). With 0.7 the simulator's
   * S1 and S2 (holds of 15 and 30 min) come out calibrated: each confidence band from 0.8 up is right
   * at least as often as it claims; 0.5 left the 0.8–0.9 band 6 points over-confident.
   */
  poolUtilisation: 0.7,
  /**
   * How much better the caller's history fits one story than another, used both ways:
   * - a session whose visitor is linked to the caller's earlier calls, against one whose visitor is
   *   not: a link needs the same browser to call twice (a quarter of sessions are returning
   *   visitors, §3.3), while a stranger is linked only through an earlier misattribution;
   * - a caller who called before, against a session with no link to them: a repeat call always
   *   has history, while few callers prompted by a visit called before from another browser (5%
   *   assumed). When some candidate is linked, a repeat call loses that edge again: its caller's
   *   visitor holding the number by chance is as unlikely as a stranger's being linked.
   */
  callerHistoryRatio: 20,
  /**
   * How long after a window ends its session stays a candidate. Calls this late are rare (12% of
   * after-visit calls come 30 min or more after the visit; the hold has usually taken most of that)
   * and are never certain, but naming the session lets a person check.
   */
  graceSeconds: 60 * 60,
  /**
   * The least confidence for the status "attributed"; below it a call is "uncertain", with the best
   * guess and the candidates. Set from the simulator (S2, 7 days): the confidence is calibrated, so
   * the threshold decides how many wrong answers a report may state as facts; at 0.95 that is about
   * 1% of calls, at 0.8 about 3%. Reports can still count uncertain calls by their best guess.
   */
  attributedThreshold: 0.95,
} as const;

const sqrt2pi = Math.sqrt(2 * Math.PI);

/** Density (per second) of the delay of an after-visit call at `seconds` after the last activity. */
export function lateCallDensity(seconds: number): number {
  if (seconds <= 0) return 0;
  const { lateCallMedianSeconds, lateCallSigma } = attributionModel;
  const z = Math.log(seconds / lateCallMedianSeconds) / lateCallSigma;
  return Math.exp(-0.5 * z * z) / (seconds * lateCallSigma * sqrt2pi);
}

/** Share of after-visit calls made within `seconds` of the last activity. */
export function lateCallShareWithin(seconds: number): number {
  if (seconds <= 0) return 0;
  const { lateCallMedianSeconds, lateCallSigma } = attributionModel;
  return normalCdf(Math.log(seconds / lateCallMedianSeconds) / lateCallSigma);
}

/**
 * While the visitor is active, calls come at a flat rate: the calls a session makes while active
 * (all during-visit calls, plus after-visit calls within activeWithinSeconds of the last activity)
 * spread over how long a session stays active (the mean visit plus that margin).
 */
const activeRate = (() => {
  const { duringVisitShare, activeWithinSeconds, meanVisitSeconds } = attributionModel;
  const activeShare = duringVisitShare + (1 - duringVisitShare) * lateCallShareWithin(activeWithinSeconds);
  return activeShare / (meanVisitSeconds + activeWithinSeconds);
})();

/**
 * A session's call rate `idleSeconds` after its last activity on the number. Non-increasing: the
 * active rate exceeds the late-call rate at activeWithinSeconds, and the late-call density falls
 * after its mode (32 s).
 */
export function sessionCallRate(idleSeconds: number): number {
  const idle = Math.max(0, idleSeconds);
  if (idle <= attributionModel.activeWithinSeconds) return activeRate;
  return (1 - attributionModel.duringVisitShare) * lateCallDensity(idle);
}

/**
 * The rate of calls to one pool number from nobody we track. A number serves poolUtilisation /
 * (hold + mean visit) sessions per second (Little's law), and unknown callers add
 * share / (1 − share) calls for every session's call.
 */
export function unknownCallerRate(holdSeconds: number): number {
  const { unknownCallerShare, poolUtilisation, meanVisitSeconds } = attributionModel;
  const sessionsPerSecond = poolUtilisation / (Math.max(0, holdSeconds) + meanVisitSeconds);
  return (unknownCallerShare / (1 - unknownCallerShare)) * sessionsPerSecond;
}

/**
 * The rate of repeat calls to one pool number: its earlier callers dialling it again, as many per
 * session call as repeatCallShare says (sessions per second as for unknownCallerRate).
 */
export function repeatCallerRate(holdSeconds: number): number {
  const { repeatCallShare, poolUtilisation, meanVisitSeconds } = attributionModel;
  return (repeatCallShare * poolUtilisation) / (Math.max(0, holdSeconds) + meanVisitSeconds);
}

/** Standard normal CDF, by the Abramowitz–Stegun 7.1.26 erf (absolute error below 1.5e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/**
 * Scores attributions against the ground truth (§3.4): the confusion, the calibration of the stated
 * confidence, accuracy per channel, and whether calls inside the hold window keep their true session
 * among the candidates.
 */
import type { Attribution, AttributionReason } from '../call/call.ts';
import type { Channel } from '../channel/channel.ts';
import type { CallKind } from './traffic.ts';

export interface ScoredCall {
  kind: CallKind;
  /** The session that led to the call; null for someone who wrote the number down days ago. */
  trueSessionId: string | null;
  trueVisitorId: string | null;
  trueChannel: Channel | null;
  /** The visitor of the session the attribution names, if any. */
  namedVisitorId: string | null;
  /** The true session sent a single request, so its lease never left the provisional 15 s. */
  trueSessionSingleRequest: boolean;
  /** The call came within the hold after the true session's last activity (or during the visit). */
  insideHold: boolean;
  attribution: Attribution;
}

/** Every call lands in exactly one of the six non-"of which" counts. */
export interface Confusion {
  calls: number;
  /** Attributed to the true session. */
  correct: number;
  /** Attributed (confident) to a session that is not the caller's. */
  misattributed: number;
  /** …of which to another session of the caller's own visitor. */
  misattributedSameVisitor: number;
  /** …of which the caller had no session at all. */
  misattributedNoSession: number;
  uncertainWithTrueSession: number;
  /** Uncertain, and no candidate is the caller's session (or the caller had none). */
  uncertainWithoutTrueSession: number;
  unattributedWithSession: number;
  unattributedNoSession: number;
  /** Correct ÷ calls that had a true session. */
  accuracy: number | null;
}

export interface CalibrationBand {
  /** Inclusive lower bound. */
  from: number;
  /** Exclusive upper bound, except for the last band, which includes 1. */
  to: number;
  /** Calls whose attribution named a session with a confidence in the band. */
  calls: number;
  /** Of those, the named session was the true one. */
  correct: number;
  shareCorrect: number | null;
  meanConfidence: number | null;
}

export interface ChannelAccuracy {
  /** The true session's channel; 'none' for callers without a session. */
  channel: Channel | 'none';
  calls: number;
  correct: number;
  misattributed: number;
  uncertain: number;
  unattributed: number;
  accuracy: number | null;
}

export interface HoldWindowCoverage {
  /** Calls with a true session, made during its visit or within the hold after its last activity. */
  calls: number;
  /** Of those, the true session was among the candidates. */
  trueSessionAmongCandidates: number;
  share: number | null;
}

export interface AccuracyReport {
  confusion: Confusion;
  /** The same confusion for each way a call comes about. */
  byCallKind: Record<CallKind, Confusion>;
  /** The confusion of calls whose true session sent a single request (its lease never confirmed). */
  singleRequestSessions: Confusion;
  /** Calls per attribution reason. */
  reasons: Partial<Record<AttributionReason, number>>;
  calibration: CalibrationBand[];
  channels: ChannelAccuracy[];
  holdWindow: HoldWindowCoverage;
}

export const calibrationEdges: readonly number[] = [0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 1];

function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

interface ChannelCounts {
  calls: number;
  correct: number;
  misattributed: number;
  uncertain: number;
  unattributed: number;
}

export class AccuracyTally {
  readonly #confusion = emptyConfusion();
  readonly #byKind: Record<CallKind, ConfusionCounts> = {
    during_visit: emptyConfusion(),
    after_visit: emptyConfusion(),
    repeat: emptyConfusion(),
    no_session: emptyConfusion(),
  };
  readonly #singleRequest = emptyConfusion();
  readonly #reasons: Partial<Record<AttributionReason, number>> = {};
  readonly #bands = calibrationEdges.slice(1).map(() => ({ calls: 0, correct: 0, confidence: 0 }));
  readonly #channels = new Map<Channel | 'none', ChannelCounts>();
  readonly #hold = { calls: 0, trueSessionAmongCandidates: 0 };

  record(call: ScoredCall): void {
    const { attribution, trueSessionId } = call;
    const named = attribution.sessionId;
    const right = trueSessionId !== null && named === trueSessionId;
    const amongCandidates =
      trueSessionId !== null &&
      attribution.candidates.some((candidate) => candidate.sessionId === trueSessionId);
    const cell = confusionCell(call, right, amongCandidates);
    const sameVisitor = call.namedVisitorId !== null && call.namedVisitorId === call.trueVisitorId;
    const tallies = [this.#confusion, this.#byKind[call.kind]];
    if (call.trueSessionSingleRequest) tallies.push(this.#singleRequest);
    for (const counts of tallies) {
      counts.calls++;
      counts[cell]++;
      if (trueSessionId === null && cell === 'misattributed') counts.misattributedNoSession++;
      if (trueSessionId === null && attribution.status === 'uncertain') counts.uncertainNoSession++;
      if (cell === 'misattributed' && sameVisitor) counts.misattributedSameVisitor++;
    }
    this.#reasons[attribution.reason] = (this.#reasons[attribution.reason] ?? 0) + 1;
    const channel = this.#channel(call.trueChannel ?? 'none');
    channel.calls++;
    if (attribution.status === 'attributed') channel[right ? 'correct' : 'misattributed']++;
    else channel[attribution.status]++;

    if (named !== null && attribution.status !== 'unattributed') {
      const band = this.#bands[bandIndex(attribution.confidence)]!;
      band.calls++;
      band.confidence += attribution.confidence;
      if (right) band.correct++;
    }

    if (trueSessionId !== null && call.insideHold) {
      this.#hold.calls++;
      if (amongCandidates) this.#hold.trueSessionAmongCandidates++;
    }
  }

  #channel(channel: Channel | 'none'): ChannelCounts {
    let counts = this.#channels.get(channel);
    if (counts === undefined) {
      counts = { calls: 0, correct: 0, misattributed: 0, uncertain: 0, unattributed: 0 };
      this.#channels.set(channel, counts);
    }
    return counts;
  }

  report(channelOrder: readonly Channel[]): AccuracyReport {
    const order: (Channel | 'none')[] = [...channelOrder, 'none'];
    const kinds = this.#byKind;
    return {
      confusion: withAccuracy(this.#confusion),
      byCallKind: {
        during_visit: withAccuracy(kinds.during_visit),
        after_visit: withAccuracy(kinds.after_visit),
        repeat: withAccuracy(kinds.repeat),
        no_session: withAccuracy(kinds.no_session),
      },
      singleRequestSessions: withAccuracy(this.#singleRequest),
      reasons: { ...this.#reasons },
      calibration: this.#bands.map((band, i) => ({
        from: calibrationEdges[i]!,
        to: calibrationEdges[i + 1]!,
        calls: band.calls,
        correct: band.correct,
        shareCorrect: ratio(band.correct, band.calls),
        meanConfidence: ratio(band.confidence, band.calls),
      })),
      channels: order
        .filter((channel) => this.#channels.has(channel))
        .map((channel) => {
          const counts = this.#channels.get(channel)!;
          return {
            channel,
            ...counts,
            accuracy: channel === 'none' ? null : ratio(counts.correct, counts.calls),
          };
        }),
      holdWindow: {
        ...this.#hold,
        share: ratio(this.#hold.trueSessionAmongCandidates, this.#hold.calls),
      },
    };
  }
}

type ConfusionCounts = Omit<Confusion, 'accuracy'> & { uncertainNoSession: number };
type ConfusionCell =
  | 'correct'
  | 'misattributed'
  | 'uncertainWithTrueSession'
  | 'uncertainWithoutTrueSession'
  | 'unattributedWithSession'
  | 'unattributedNoSession';

function emptyConfusion(): ConfusionCounts {
  return {
    calls: 0,
    correct: 0,
    misattributed: 0,
    misattributedSameVisitor: 0,
    misattributedNoSession: 0,
    uncertainWithTrueSession: 0,
    uncertainWithoutTrueSession: 0,
    uncertainNoSession: 0,
    unattributedWithSession: 0,
    unattributedNoSession: 0,
  };
}

function confusionCell(call: ScoredCall, right: boolean, amongCandidates: boolean): ConfusionCell {
  const { status } = call.attribution;
  if (status === 'attributed') return right ? 'correct' : 'misattributed';
  if (status === 'uncertain')
    return amongCandidates ? 'uncertainWithTrueSession' : 'uncertainWithoutTrueSession';
  return call.trueSessionId === null ? 'unattributedNoSession' : 'unattributedWithSession';
}

function withAccuracy(counts: ConfusionCounts): Confusion {
  const { uncertainNoSession, ...confusion } = counts;
  const withSession =
    counts.calls - counts.misattributedNoSession - counts.unattributedNoSession - uncertainNoSession;
  return { ...confusion, accuracy: ratio(counts.correct, withSession) };
}

function bandIndex(confidence: number): number {
  for (let i = calibrationEdges.length - 2; i > 0; i--) if (confidence >= calibrationEdges[i]!) return i;
  return 0;
}

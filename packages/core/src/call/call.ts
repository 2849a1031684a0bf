/** The call record's vocabulary: statuses, directions, the attribution object and call events. */

export type CallStatus = 'ringing' | 'answered' | 'completed' | 'missed' | 'busy' | 'failed';
export type CallDirection = 'inbound' | 'outbound';
export type EndStatus = 'completed' | 'missed' | 'busy' | 'failed';

export type AttributionStatus = 'attributed' | 'uncertain' | 'unattributed';
export type AttributionReason =
  | 'lease_window'
  | 'static_number'
  | 'offline_number'
  | 'no_live_lease'
  | 'unknown_number'
  | 'several_leases'
  | 'outbound_call';

export interface Attribution {
  status: AttributionStatus;
  /** Probability that sessionId is the session that made the call (1 for a static number's channel). */
  confidence: number;
  sessionId: string | null;
  candidates: { sessionId: string; probability: number }[];
  reason: AttributionReason;
}

/**
 * One provider event, normalised. Providers send these in any order and any number of times; the
 * call record is always recomputed from all of them (see fold-call-events.ts).
 */
export interface CallEvent {
  kind: 'ringing' | 'answered' | 'ended';
  /** The provider's time of the event, if it sent one. */
  at: Date | null;
  /** When we received it; stands in for `at` when the provider sends no time. */
  receivedAt: Date;
  direction: CallDirection;
  /** Caller as received, untouched (may be empty, "anonymous", or garbage). */
  from: string;
  /** Dialled number as received. */
  to: string;
  /** With kind "ended": how it ended, when the provider says. */
  endStatus?: EndStatus;
}

/** The call record's lifecycle fields, derived from the events alone. */
export interface CallState {
  direction: CallDirection;
  status: CallStatus;
  callerRaw: string | null;
  trackingNumberRaw: string;
  startedAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  waitSeconds: number | null;
  talkSeconds: number | null;
}

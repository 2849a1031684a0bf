/**
 * Which simulated visits end in a phone call and how each call goes: who calls (new, repeat or
 * withheld caller), how long it rings, whether and by whom it is answered, how long the talk lasts,
 * and whether a missed call gets an agent's callback. Times are simulated seconds.
 */
import type { GenericCallEvent } from '@calltrail/protocol';
import { type Random, seededRandom } from './seeded-random.ts';
import type { VisitPlan } from './visit-plan.ts';

export interface CallModel {
  /** Share of visits that end with a call to the number the page showed. */
  callShare: number;
  /** Share of calls nobody answers; the caller hangs up after `missedRingS`. */
  missedShare: number;
  /** Uniform ring time before an agent answers. */
  waitS: readonly [number, number];
  missedRingS: readonly [number, number];
  /** Lognormal talk time, clamped to `talkS`. */
  talkMedianS: number;
  talkSigma: number;
  talkS: readonly [number, number];
  /** Share of callers who called earlier in the run. */
  repeatShare: number;
  /** Share of callers whose number is withheld (they can not be called back). */
  withheldShare: number;
  /** Share of calls that dial an offline number (a billboard) instead of the one the page showed. */
  offlineShare: number;
  /** Share of missed calls (from a known number) an agent calls back, after `callbackDelayS`. */
  callbackShare: number;
  callbackDelayS: readonly [number, number];
  callbackAnsweredShare: number;
  agents: readonly string[];
  queues: readonly string[];
}

/** A clinic's front desk: a fifth of calls missed, most of those called back within a quarter of an hour. */
export const referenceCallModel: CallModel = Object.freeze<CallModel>({
  callShare: 0.08,
  missedShare: 0.2,
  waitS: [5, 40],
  missedRingS: [10, 60],
  talkMedianS: 150,
  talkSigma: 0.8,
  talkS: [30, 600],
  repeatShare: 0.15,
  withheldShare: 0.03,
  offlineShare: 0.05,
  callbackShare: 0.6,
  callbackDelayS: [120, 900],
  callbackAnsweredShare: 0.7,
  agents: ['Anna Petrova', 'Ivan Sokolov', 'Maria Ivanova', 'Dmitry Orlov'],
  queues: ['reception', 'sales'],
});

/** What a PBX sends for a caller who hides their number. */
export const withheldCaller = 'anonymous';

export interface PlannedCallback {
  /** After the missed call's start. */
  afterS: number;
  agent: string;
  /** Ring time; the whole call when nobody picks up. */
  waitS: number;
  /** Null when the caller does not pick up. */
  talkS: number | null;
}

export interface PlannedCall {
  /** After the visit's session request. */
  atS: number;
  /** E.164, or `withheldCaller`. */
  caller: string;
  /** Dials the workspace's offline number rather than the one the page showed. */
  offline: boolean;
  waitS: number;
  /** Null for a missed call. */
  talkS: number | null;
  agent: string;
  queue: string;
  callback: PlannedCallback | null;
}

// Callers repeat from the most recent ones, as people call back a clinic they called this week.
const rememberedCallers = 500;

/** Decides, visit by visit in schedule order, which visits call: the same seed gives the same calls. */
export class CallPlanner {
  readonly #random: Random;
  readonly #model: CallModel;
  readonly #callers: string[] = [];

  constructor(seed: number, model: CallModel = referenceCallModel) {
    // A stream of its own: turning calls on or off leaves the visits as they were.
    this.#random = seededRandom(seed ^ 0xca11);
    this.#model = model;
  }

  plan(visit: VisitPlan): PlannedCall | null {
    const random = this.#random;
    const model = this.#model;
    if (random.next() >= model.callShare) return null;
    const caller = this.#caller(random.next());
    const missed = random.next() < model.missedShare;
    const waitS = between(missed ? model.missedRingS : model.waitS, random.next());
    const talkS = missed ? null : this.#talk();
    const calledBack = missed && caller !== withheldCaller && random.next() < model.callbackShare;
    return {
      // Soon after the last page, well within the number's hold.
      atS: visit.durationS + random.next() * 120,
      caller,
      offline: random.next() < model.offlineShare,
      waitS,
      talkS,
      agent: pick(model.agents, random),
      queue: pick(model.queues, random),
      callback: calledBack ? this.#callback(waitS, random.next() < model.callbackAnsweredShare) : null,
    };
  }

  #caller(draw: number): string {
    const model = this.#model;
    if (draw < model.withheldShare) return withheldCaller;
    if (draw < model.withheldShare + model.repeatShare && this.#callers.length > 0) {
      return pick(this.#callers, this.#random);
    }
    // A Russian mobile number: +7 9xx xxx xx xx.
    const caller = `+79${String(this.#random.int(1_000_000_000)).padStart(9, '0')}`;
    if (this.#callers.length < rememberedCallers) this.#callers.push(caller);
    else this.#callers[this.#random.int(rememberedCallers)] = caller;
    return caller;
  }

  #callback(missedRingS: number, answered: boolean): PlannedCallback {
    const model = this.#model;
    const random = this.#random;
    return {
      afterS: missedRingS + between(model.callbackDelayS, random.next()),
      agent: pick(model.agents, random),
      waitS: between(answered ? model.waitS : model.missedRingS, random.next()),
      talkS: answered ? this.#talk() : null,
    };
  }

  #talk(): number {
    const model = this.#model;
    return clamp(this.#random.lognormal(model.talkMedianS, model.talkSigma), model.talkS);
  }
}

function between([min, max]: readonly [number, number], draw: number): number {
  return min + draw * (max - min);
}

function clamp(value: number, [min, max]: readonly [number, number]): number {
  return Math.min(max, Math.max(min, value));
}

function pick<T>(items: readonly T[], random: Random): T {
  const item = items[random.int(items.length)];
  if (item === undefined) throw new RangeError('nothing to pick from');
  return item;
}

/** A webhook body without its time: the sender stamps `at` when it sends the event, as a PBX does. */
export type TimedCallEvent = { afterS: number; body: Omit<GenericCallEvent, 'at'> };

export interface CallNumbers {
  /** The number the caller dials. */
  dialled: string;
  /** The line agents call back from (the business number). */
  line: string;
}

/**
 * The generic webhook events of a planned call, and of its callback, in time order; `afterS` counts from
 * the call's first ring. The callback follows the convention of outbound calls: from our line to the caller.
 */
export function callEvents(call: PlannedCall, numbers: CallNumbers, callId: string): TimedCallEvent[] {
  const inbound = {
    direction: 'inbound' as const,
    from: call.caller,
    to: numbers.dialled,
    queue: call.queue,
  };
  const events = conversation(callId, 0, call.waitS, call.talkS, call.agent, inbound);
  if (call.callback) {
    const { callback } = call;
    const outbound = { direction: 'outbound' as const, from: numbers.line, to: call.caller };
    events.push(
      ...conversation(
        `${callId}-cb`,
        callback.afterS,
        callback.waitS,
        callback.talkS,
        callback.agent,
        outbound,
      ),
    );
  }
  return events;
}

function conversation(
  callId: string,
  startS: number,
  waitS: number,
  talkS: number | null,
  agent: string,
  parties: Pick<GenericCallEvent, 'direction' | 'from' | 'to' | 'queue'>,
): TimedCallEvent[] {
  const base = { callId, ...parties };
  const ringing: TimedCallEvent = { afterS: startS, body: { ...base, event: 'ringing' } };
  if (talkS === null) {
    return [ringing, { afterS: startS + waitS, body: { ...base, event: 'ended', status: 'missed' } }];
  }
  return [
    ringing,
    { afterS: startS + waitS, body: { ...base, event: 'answered', agent } },
    { afterS: startS + waitS + talkS, body: { ...base, event: 'ended', status: 'completed', agent } },
  ];
}

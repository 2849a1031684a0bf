/**
 * Places the load's planned calls through a workspace's generic PBX webhook: each event leaves at its
 * time on the run's compressed schedule and carries the wall-clock time it is sent, as a PBX stamps
 * events when they happen (so wait and talk times shrink by the time scale, like the visits do).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { type CallNumbers, callEvents, type PlannedCall, type TimedCallEvent } from './call-plan.ts';
import { errorKey } from './load-recorder.ts';

export interface CallWebhook {
  /** The generic webhook, e.g. http://127.0.0.1:3000/hooks/v1/generic/<workspaceId>. */
  url: string;
  secret: string;
  /** A number on offline media (a billboard) that some callers dial instead; null for none. */
  offlineNumber: string | null;
}

/** The number a page showed and the business number it replaced. */
export interface Shown {
  biz: string;
  show: string;
}

export interface CallSummary {
  /** Inbound calls whose events were all sent. */
  placed: number;
  /** Outbound callbacks to missed callers, likewise. */
  callbacks: number;
  /** Calls left out because they would have ended after the run, or their visit saw no number. */
  notPlaced: number;
  events: number;
  /** Webhook events refused or unanswered, by "status code" or transport error. */
  errors: Record<string, number>;
}

export interface CallPlacerOptions {
  timeScale: number;
  /** The run's end (ms on its clock): calls ringing later are not placed; those ringing earlier are played out. */
  endMs: number;
  /** Milliseconds since the run started. */
  clock: () => number;
  timeoutMs: number;
}

export class CallPlacer {
  readonly #webhook: CallWebhook;
  readonly #options: CallPlacerOptions;
  readonly #pending = new Set<Promise<void>>();
  readonly #errors = new Map<string, number>();
  #placed = 0;
  #callbacks = 0;
  #notPlaced = 0;
  #events = 0;

  constructor(webhook: CallWebhook, options: CallPlacerOptions) {
    this.#webhook = webhook;
    this.#options = options;
  }

  /**
   * Schedules a call ringing at `startMs` on the run's clock, to the number the visit's page showed
   * (`shown`, null when it showed none: that visitor could only dial the business number, left untracked).
   */
  place(call: PlannedCall, shown: Shown | null, callId: string, startMs: number): void {
    const msPerS = 1000 / this.#options.timeScale;
    const { offlineNumber } = this.#webhook;
    const numbers: CallNumbers | null =
      call.offline && offlineNumber !== null && shown
        ? { dialled: offlineNumber, line: shown.biz }
        : shown && { dialled: shown.show, line: shown.biz };
    if (numbers === null) {
      this.#notPlaced++;
      return;
    }
    const { endMs } = this.#options;
    if (startMs >= endMs) {
      this.#notPlaced++;
      return;
    }
    // A call ringing before the end is played to its end, however long the talk: cutting calls at
    // the end would leave out long ones and skew the shares. A callback due after the end is not
    // made, and its missed call shows as pending in the worklist.
    const lateCallback = call.callback && startMs + call.callback.afterS * msPerS >= endMs;
    const events = callEvents(lateCallback ? { ...call, callback: null } : call, numbers, callId);
    const callback = events.some((event) => event.body.direction === 'outbound');
    const sending = this.#send(events, startMs, msPerS).then((ok) => {
      if (!ok) return;
      this.#placed++;
      if (callback) this.#callbacks++;
    });
    this.#pending.add(sending);
    void sending.finally(() => this.#pending.delete(sending));
  }

  /** A planned call of a visit whose session failed: nobody saw a number to call. */
  skip(): void {
    this.#notPlaced++;
  }

  /** Waits for every placed call's events to be answered. */
  async drain(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all(this.#pending);
  }

  summary(): CallSummary {
    return {
      placed: this.#placed,
      callbacks: this.#callbacks,
      notPlaced: this.#notPlaced,
      events: this.#events,
      errors: Object.fromEntries([...this.#errors].sort((a, b) => b[1] - a[1])),
    };
  }

  /** One call's events in order, each after the previous one's reply, as a PBX delivers them. */
  async #send(events: TimedCallEvent[], startMs: number, msPerS: number): Promise<boolean> {
    let ok = true;
    for (const event of events) {
      const wait = startMs + event.afterS * msPerS - this.#options.clock();
      if (wait > 0) await sleep(wait);
      if (!(await this.#post(event))) ok = false;
    }
    return ok;
  }

  async #post(event: TimedCallEvent): Promise<boolean> {
    this.#events++;
    try {
      const response = await fetch(this.#webhook.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-calltrail-secret': this.#webhook.secret },
        body: JSON.stringify({ ...event.body, at: new Date().toISOString() }),
        signal: AbortSignal.timeout(this.#options.timeoutMs),
      });
      const body = await response.text();
      if (response.ok) return true;
      this.#error(errorKey({ status: response.status, body }));
    } catch (error) {
      this.#error(
        error instanceof Error && error.name === 'TimeoutError' ? 'timeout' : 'webhook unreachable',
      );
    }
    return false;
  }

  #error(key: string): void {
    this.#errors.set(key, (this.#errors.get(key) ?? 0) + 1);
  }
}

/** Counts and times what a load run sent and got back, and sums it up as a LoadSummary. */
import type { CallSummary } from './call-placer.ts';
import type { HttpReply } from './http-connection.ts';
import { LatencyHistogram, type LatencyStats } from './latency-histogram.ts';

export type RequestKind = 'session' | 'hit' | 'other';

export interface LoadSummary {
  mode: 'open' | 'closed';
  /** The measured window in seconds (warm-up excluded). */
  seconds: number;
  /** Open loop: what the schedule asked for in the measured window. */
  scheduled: { sessions: number; requests: number; requestsPerS: number } | null;
  sent: number;
  /** Requests answered 2xx. */
  ok: number;
  sessionsPerS: number;
  requestsPerS: number;
  /** Milliseconds; open loop measures from the scheduled time, closed loop from the send. */
  latency: LatencyStats;
  /**
   * Open loop: how late the client's timetable sent requests (ms): its own timer and event-loop delay,
   * leaving out hits held back for their session's reply. Large values mean a starved client machine.
   */
  sendLag: LatencyStats | null;
  /** By "status code" (e.g. "404 SESSION_NOT_FOUND") or transport error ("ECONNREFUSED", "timeout"). */
  errors: Record<string, number>;
  /** Sessions started, by the kind of the first number their reply showed: pool, fallback, static… */
  shown: Record<string, number>;
  notSent: { afterFailedSession: number; afterEnd: number };
  /** Calls placed through the telephony webhook; null when the run placed none. */
  calls: CallSummary | null;
}

/** "404 SESSION_NOT_FOUND" from an error reply, "503" when its body has no code. */
export function errorKey(reply: HttpReply): string {
  try {
    const body: unknown = JSON.parse(reply.body);
    const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : null;
    const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : null;
    return typeof code === 'string' ? `${reply.status} ${code}` : String(reply.status);
  } catch {
    return String(reply.status);
  }
}

export class LoadRecorder {
  readonly latency = new LatencyHistogram();
  readonly sendLag = new LatencyHistogram();
  readonly errors = new Map<string, number>();
  readonly shown = new Map<string, number>();
  sent = 0;
  ok = 0;
  sessionsOk = 0;
  afterFailedSession = 0;
  afterEnd = 0;

  /** An answered request; `latencyMs` runs from the scheduled (open) or actual (closed) send. */
  reply(kind: RequestKind, reply: HttpReply, latencyMs: number): void {
    this.latency.record(latencyMs);
    if (reply.status >= 200 && reply.status < 300) {
      this.ok++;
      if (kind === 'session') {
        this.sessionsOk++;
        // A regular expression instead of JSON.parse: the client must stay cheap next to the server.
        const shown = /"kind":"(\w+)"/.exec(reply.body)?.[1] ?? 'none';
        this.shown.set(shown, (this.shown.get(shown) ?? 0) + 1);
      }
    } else this.error(errorKey(reply));
  }

  error(key: string): void {
    this.errors.set(key, (this.errors.get(key) ?? 0) + 1);
  }

  get errorCount(): number {
    let total = 0;
    for (const count of this.errors.values()) total += count;
    return total;
  }

  summary(
    mode: LoadSummary['mode'],
    seconds: number,
    scheduled: { sessions: number; requests: number } | null,
    calls: CallSummary | null = null,
  ): LoadSummary {
    const per = (n: number) => (seconds > 0 ? n / seconds : 0);
    return {
      mode,
      seconds,
      scheduled: scheduled && { ...scheduled, requestsPerS: per(scheduled.requests) },
      sent: this.sent,
      ok: this.ok,
      sessionsPerS: per(this.sessionsOk),
      requestsPerS: per(this.ok),
      latency: this.latency.stats(),
      sendLag: mode === 'open' ? this.sendLag.stats() : null,
      errors: Object.fromEntries([...this.errors].sort((a, b) => b[1] - a[1])),
      shown: Object.fromEntries([...this.shown].sort((a, b) => b[1] - a[1])),
      notSent: { afterFailedSession: this.afterFailedSession, afterEnd: this.afterEnd },
      calls,
    };
  }
}

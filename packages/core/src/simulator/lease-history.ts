/**
 * The simulator's lease history, kept the way the server keeps its lease table: one record per lease,
 * created from an assignment, its last activity moved by every renewal, its end set when a switch takes
 * its number. Calls are attributed from this history, never from the lease store's live state.
 */
import type { LeaseWindow } from '../attribution/match-lease.ts';
import { provisionalLeaseMs } from '../pool/lease.ts';

export interface LeaseRecord {
  leaseId: string;
  sessionId: string;
  visitorId: string;
  startedAtMs: number;
  lastActivityAtMs: number;
  holdMs: number;
  confirmed: boolean;
  /** When a 'switched' lease took the number over; -1 while the lease ran its course. */
  releasedAtMs: number;
  /** The lease took its number from a live lease of another session (the 'reuse' policy). */
  reused: boolean;
}

/** The server fetches this many of a number's most recent leases for a call. */
export const windowsPerCall = 20;

/** When the record stops attributing calls: its release, else the hold (or the provisional life). */
export function recordEndMs(record: LeaseRecord): number {
  const end = record.confirmed
    ? record.lastActivityAtMs + record.holdMs
    : record.startedAtMs + Math.min(provisionalLeaseMs, record.holdMs);
  return record.releasedAtMs >= 0 ? Math.min(end, record.releasedAtMs) : end;
}

/**
 * Keeps each number's windowsPerCall most recent leases: calls come in time order, so every lease
 * recorded so far started by the call, and older ones are never read again. Only a number's latest
 * lease can still change: the store renews or switches the lease that holds the number now.
 */
export class LeaseHistory {
  readonly #byNumber: LeaseRecord[][] = [];
  #leases = 0;
  /** Unconfirmed leases that are no longer their number's latest, so will stay unconfirmed. */
  #settledUnconfirmed = 0;

  /** Leases recorded in all. */
  get size(): number {
    return this.#leases;
  }

  /** Leases that never got a heartbeat or a second page view. */
  unconfirmed(): number {
    let count = this.#settledUnconfirmed;
    for (const records of this.#byNumber) if (records?.[records.length - 1]?.confirmed === false) count++;
    return count;
  }

  /** The number's current or most recent lease, if it ever had one. */
  latest(numberCode: number): LeaseRecord | undefined {
    const records = this.#byNumber[numberCode];
    return records?.[records.length - 1];
  }

  add(numberCode: number, record: LeaseRecord): void {
    let records = this.#byNumber[numberCode];
    if (records === undefined) {
      records = [];
      this.#byNumber[numberCode] = records;
    }
    const superseded = records[records.length - 1];
    if (superseded !== undefined && !superseded.confirmed) this.#settledUnconfirmed++;
    if (records.length === windowsPerCall) records.shift();
    records.push(record);
    this.#leases++;
  }

  /**
   * The number's windows that started by `atMs`, newest first, at most windowsPerCall of them: what
   * the server's `leasesOfNumberBefore` returns.
   */
  windowsAt(numberCode: number, atMs: number): LeaseWindow[] {
    const records = this.#byNumber[numberCode];
    const windows: LeaseWindow[] = [];
    if (records === undefined) return windows;
    for (let i = records.length - 1; i >= 0; i--) {
      const record = records[i]!;
      if (record.startedAtMs <= atMs) windows.push(toLeaseWindow(record));
    }
    return windows;
  }
}

export function toLeaseWindow(record: LeaseRecord): LeaseWindow {
  return {
    leaseId: record.leaseId,
    sessionId: record.sessionId,
    visitorId: record.visitorId,
    startedAt: new Date(record.startedAtMs),
    lastActivityAt: new Date(record.lastActivityAtMs),
    holdSeconds: Math.round(record.holdMs / 1000),
    confirmed: record.confirmed,
    releasedAt: record.releasedAtMs >= 0 ? new Date(record.releasedAtMs) : null,
    reused: record.reused,
  };
}

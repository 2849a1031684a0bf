/**
 * Write-behind for the snippet API. Sessions, page views, heartbeats and leases are answered from
 * memory (the lease store and the live-session cache) and their writes are left to this journal, which
 * merges them and writes each flush in one transaction: no snippet request waits for the database
 * unless it names a visitor or session this process has not seen.
 *
 * A flush runs every `flushMs`, before a call is attributed (so a call never misses a session or a
 * lease it could match), and on shutdown. A crash loses at most the last `flushMs` of new sessions,
 * lease activity, page views and pool counts (README, "Durability"). A failed flush keeps its
 * entries for the next one.
 */
import type { Lease, LeaseOutcome } from '@calltrail/core';
import type { Db } from '../db/database.ts';
import { type LeaseHistoryEntry, upsertLeases } from '../stores/sql/leases.ts';
import { addPoolHourCounts, type PoolHourCounts } from '../stores/sql/pool-hours.ts';
import {
  addSessionActivity,
  insertSessions,
  type NewSession,
  type SessionActivity,
} from '../stores/sql/sessions.ts';

export interface TrackingJournalOptions {
  /** 0: every change is written before the call recording it returns (tests; strictest durability). */
  flushMs: number;
  /**
   * Write new sessions before the reply (one statement each) instead of in the batch. Needed when
   * several server processes share the database: the session's next request may reach another one.
   */
  sessionsBeforeReply: boolean;
  onError: (error: unknown) => void;
}

export type ServedAs = LeaseOutcome | 'fallback' | 'overflow';

const hourMs = 60 * 60_000;

interface Pending {
  sessions: NewSession[];
  leases: Map<string, LeaseHistoryEntry>;
  hours: Map<string, PoolHourCounts>;
  activity: Map<string, SessionActivity>;
}

const empty = (): Pending => ({ sessions: [], leases: new Map(), hours: new Map(), activity: new Map() });

export class TrackingJournal {
  readonly #db: Db;
  readonly #options: TrackingJournalOptions;
  #pending = empty();
  #timer: NodeJS.Timeout | null = null;
  #group: NewSession[] = [];
  #groupWrite: Promise<void> | null = null;
  #flushing: Promise<void> | null = null;

  constructor(db: Db, options: TrackingJournalOptions) {
    this.#db = db;
    this.#options = options;
  }

  start(): void {
    if (this.#options.flushMs === 0 || this.#timer) return;
    this.#timer = setInterval(() => {
      this.flush().catch(this.#options.onError);
    }, this.#options.flushMs);
    // The journal never keeps the process alive on its own; shutdown calls stop().
    this.#timer.unref();
  }

  /** Stops the timer and writes what is pending. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.flush();
  }

  /** A new session (and its visitor, when new); written before any activity recorded for it. */
  async session(entry: NewSession): Promise<void> {
    if (!this.#options.sessionsBeforeReply) {
      this.#pending.sessions.push(entry);
      return this.#written();
    }
    // Group commit: the sessions of requests arriving in the same turn of the event loop go in one
    // statement, and each request waits for it; under load that is tens of sessions a statement.
    this.#group.push(entry);
    this.#groupWrite ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      const group = this.#group;
      this.#group = [];
      this.#groupWrite = null;
      return insertSessions(this.#db, group);
    });
    return this.#groupWrite;
  }

  /** A lease's current state; `releasedAt` when a session switch ended it. */
  async record(workspaceId: string, lease: Lease, releasedAt: Date | null = null): Promise<void> {
    const pending = this.#pending.leases.get(lease.id);
    this.#pending.leases.set(lease.id, {
      workspaceId,
      lease: pending && pending.lease.lastActivityAt > lease.lastActivityAt ? pending.lease : lease,
      releasedAt: releasedAt ?? pending?.releasedAt ?? null,
    });
    await this.#written();
  }

  /** Counts one new session served by a pool, by how it was served. */
  async countServed(workspaceId: string, poolId: string, at: Date, servedAs: ServedAs): Promise<void> {
    const hour = new Date(Math.floor(at.getTime() / hourMs) * hourMs);
    const key = `${poolId} ${hour.getTime()}`;
    const counts = this.#pending.hours.get(key) ?? {
      workspaceId,
      poolId,
      hour,
      sessions: 0,
      leased: 0,
      fallbacks: 0,
      overflows: 0,
      reused: 0,
    };
    counts.sessions += 1;
    if (servedAs === 'fallback') counts.fallbacks += 1;
    else if (servedAs === 'overflow') counts.overflows += 1;
    else {
      counts.leased += 1;
      if (servedAs === 'reused') counts.reused += 1;
    }
    this.#pending.hours.set(key, counts);
    await this.#written();
  }

  /** A page view (with its URL) or a heartbeat (null) in a session that is already stored. */
  async activity(
    session: { id: string; workspaceId: string; visitorId: string },
    at: Date,
    pageUrl: string | null,
  ): Promise<void> {
    const entry = this.#pending.activity.get(session.id) ?? {
      sessionId: session.id,
      workspaceId: session.workspaceId,
      visitorId: session.visitorId,
      lastActivityAt: at,
      exitPage: null,
      pages: [],
    };
    if (at > entry.lastActivityAt) entry.lastActivityAt = at;
    if (pageUrl !== null) {
      entry.pages.push({ at, url: pageUrl });
      entry.exitPage = pageUrl;
    }
    this.#pending.activity.set(session.id, entry);
    await this.#written();
  }

  get pending(): number {
    const { sessions, leases, hours, activity } = this.#pending;
    return sessions.length + leases.size + hours.size + activity.size;
  }

  async #written(): Promise<void> {
    if (this.#options.flushMs === 0) await this.flush();
  }

  /** Writes everything recorded so far; concurrent callers wait for the same write and then the next. */
  async flush(): Promise<void> {
    while (this.#flushing) await this.#flushing;
    if (this.pending === 0) return;
    const batch = this.#pending;
    this.#pending = empty();
    this.#flushing = (async () => {
      try {
        await this.#db.transaction(async (tx) => {
          await insertSessions(tx, batch.sessions);
          await upsertLeases(tx, [...batch.leases.values()]);
          await addPoolHourCounts(tx, [...batch.hours.values()]);
          await addSessionActivity(tx, [...batch.activity.values()]);
        });
      } catch (error) {
        this.#requeue(batch);
        throw error;
      }
    })();
    try {
      await this.#flushing;
    } finally {
      this.#flushing = null;
    }
  }

  // Entries recorded during the failed write are newer; merge the failed ones under them.
  #requeue(failed: Pending): void {
    const now = this.#pending;
    now.sessions.unshift(...failed.sessions);
    for (const [id, entry] of failed.leases) {
      const newer = now.leases.get(id);
      now.leases.set(id, newer ? { ...newer, releasedAt: newer.releasedAt ?? entry.releasedAt } : entry);
    }
    for (const [key, counts] of failed.hours) {
      const newer = now.hours.get(key);
      if (!newer) now.hours.set(key, counts);
      else
        for (const field of ['sessions', 'leased', 'fallbacks', 'overflows', 'reused'] as const)
          newer[field] += counts[field];
    }
    for (const [id, entry] of failed.activity) {
      const newer = now.activity.get(id);
      if (!newer) now.activity.set(id, entry);
      else {
        newer.pages.unshift(...entry.pages);
        if (entry.lastActivityAt > newer.lastActivityAt) newer.lastActivityAt = entry.lastActivityAt;
        newer.exitPage ??= entry.exitPage;
      }
    }
  }
}

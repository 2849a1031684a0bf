/**
 * Leases: a pool number held by one session. A confirmed lease attributes calls during its window
 * [startedAt, lastActivityAt + hold]; page views and heartbeats move lastActivityAt. A new lease is
 * provisional until the page confirms it (a heartbeat or a second page view): unconfirmed, it lives
 * only provisionalLeaseMs, so bots and pages nobody looks at cannot drain a pool.
 */

/** How long a lease stays live without the page confirming it. */
export const provisionalLeaseMs = 15_000;

export interface Lease {
  id: string;
  poolId: string;
  number: string;
  sessionId: string;
  visitorId: string;
  startedAt: Date;
  lastActivityAt: Date;
  holdMs: number;
  /** False until a heartbeat or a second page view shows a real, visible page. */
  confirmed: boolean;
  /** The lease this one took its number from (a session switch or a reuse), else null. */
  previousLeaseId: string | null;
  /** Set when the number was taken from another live session: every call on it is then uncertain. */
  reusedFromSessionId: string | null;
}

/** What a pool does when all its numbers are leased. */
export type ExhaustionPolicy = 'fallback' | 'overflow' | 'reuse';

export interface LeaseRequest {
  /** The id a new lease gets; ignored when the session already holds a live lease. */
  id: string;
  poolId: string;
  sessionId: string;
  visitorId: string;
  /** The pool's numbers in E.164. */
  numbers: readonly string[];
  holdMs: number;
  /** When true and no number is free, the least recently active live lease is taken over. */
  reuseWhenExhausted: boolean;
  now: Date;
}

/**
 * How a lease was obtained, in the order a store tries:
 * - renewed: the session already held a live lease on this pool (renewing also confirms it);
 * - switched: the visitor's previous session held a live lease here; it ends now and this session
 *   takes the number over (the history records both leases, linked by previousLeaseId);
 * - returning: the number the visitor held last time was free again, so the visitor sees it again;
 * - fresh: the number free the longest (numbers never confirmed last rank behind all others);
 * - reused: no number was free and the pool reuses the least recently active live lease.
 */
export type LeaseOutcome = 'renewed' | 'switched' | 'returning' | 'fresh' | 'reused';

export type LeaseResult =
  | {
      ok: true;
      lease: Lease;
      outcome: LeaseOutcome;
      /** The lease that lost its number to this one ('switched' and 'reused'), as it stood then. */
      previous: Lease | null;
    }
  | { ok: false; reason: 'pool_exhausted' | 'pool_empty' };

/** The lease-store port: in memory for one process, Redis for several. Time is always passed in. */
export interface LeaseStore {
  /** A number for the session: see LeaseOutcome for the order of preference. */
  acquire(request: LeaseRequest): Promise<LeaseResult>;
  /** Moves the session's live lease's last activity to now and confirms it; null when it holds none. */
  touch(poolId: string, sessionId: string, now: Date): Promise<Lease | null>;
  /** Loads leases that were live when the process stopped (from the lease history). */
  restore(leases: readonly Lease[]): Promise<void>;
}

/** When the lease stops attributing calls, unless renewed: the hold, or the provisional 15 s. */
export function leaseWindowEnd(
  lease: Pick<Lease, 'startedAt' | 'lastActivityAt' | 'holdMs' | 'confirmed'>,
): Date {
  if (!lease.confirmed)
    return new Date(lease.startedAt.getTime() + Math.min(provisionalLeaseMs, lease.holdMs));
  return new Date(lease.lastActivityAt.getTime() + lease.holdMs);
}

export function isLeaseLive(
  lease: Pick<Lease, 'startedAt' | 'lastActivityAt' | 'holdMs' | 'confirmed'>,
  now: Date,
): boolean {
  return now.getTime() <= leaseWindowEnd(lease).getTime();
}

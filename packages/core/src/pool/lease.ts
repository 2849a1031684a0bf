/**
 * Leases: a pool number held by one session. A lease attributes calls during its window
 * [startedAt, lastActivityAt + hold]; page views and heartbeats move lastActivityAt.
 */

export interface Lease {
  id: string;
  poolId: string;
  number: string;
  sessionId: string;
  visitorId: string;
  startedAt: Date;
  lastActivityAt: Date;
  holdMs: number;
}

export interface LeaseRequest {
  /** The id a new lease gets; ignored when the session already holds a live lease. */
  id: string;
  poolId: string;
  sessionId: string;
  visitorId: string;
  /** The pool's numbers in E.164. */
  numbers: readonly string[];
  holdMs: number;
  now: Date;
}

export type LeaseResult =
  | { ok: true; lease: Lease; fresh: boolean }
  | { ok: false; reason: 'pool_exhausted' | 'pool_empty' };

/** The lease-store port: in memory for one process, Redis for several. Time is always passed in. */
export interface LeaseStore {
  /** The session's live lease, renewed; else a new lease on the number free the longest. */
  acquire(request: LeaseRequest): Promise<LeaseResult>;
  /** Moves the session's live lease's last activity to now; null when it holds none. */
  touch(poolId: string, sessionId: string, now: Date): Promise<Lease | null>;
  /** Loads leases that were live when the process stopped (from the lease history). */
  restore(leases: readonly Lease[]): Promise<void>;
}

export function leaseWindowEnd(lease: Pick<Lease, 'lastActivityAt' | 'holdMs'>): Date {
  return new Date(lease.lastActivityAt.getTime() + lease.holdMs);
}

export function isLeaseLive(lease: Pick<Lease, 'lastActivityAt' | 'holdMs'>, now: Date): boolean {
  return now.getTime() <= lease.lastActivityAt.getTime() + lease.holdMs;
}

/**
 * The single-process lease store: live leases in memory, rebuilt from the lease history on start.
 * Picks the number free the longest, so the gap between two holders of one number is maximal.
 */
import {
  isLeaseLive,
  type Lease,
  type LeaseRequest,
  type LeaseResult,
  type LeaseStore,
  leaseWindowEnd,
} from '@calltrail/core';

interface PoolState {
  /** number → its current or most recent lease */
  byNumber: Map<string, Lease>;
  /** session → the number it holds or held last */
  bySession: Map<string, string>;
}

export class MemoryLeaseStore implements LeaseStore {
  readonly #pools = new Map<string, PoolState>();

  #pool(poolId: string): PoolState {
    let pool = this.#pools.get(poolId);
    if (!pool) {
      pool = { byNumber: new Map(), bySession: new Map() };
      this.#pools.set(poolId, pool);
    }
    return pool;
  }

  #liveLeaseOf(pool: PoolState, sessionId: string, now: Date): Lease | null {
    const number = pool.bySession.get(sessionId);
    if (number === undefined) return null;
    const lease = pool.byNumber.get(number);
    if (!lease || lease.sessionId !== sessionId || !isLeaseLive(lease, now)) return null;
    return lease;
  }

  async acquire(request: LeaseRequest): Promise<LeaseResult> {
    if (request.numbers.length === 0) return { ok: false, reason: 'pool_empty' };
    const pool = this.#pool(request.poolId);
    const { now } = request;
    const live = this.#liveLeaseOf(pool, request.sessionId, now);
    if (live) {
      live.lastActivityAt = now;
      return { ok: true, lease: { ...live }, fresh: false };
    }
    let best: string | null = null;
    let bestFreeSince = Number.POSITIVE_INFINITY;
    for (const number of request.numbers) {
      const previous = pool.byNumber.get(number);
      if (previous && isLeaseLive(previous, now)) continue;
      const freeSince = previous ? leaseWindowEnd(previous).getTime() : Number.NEGATIVE_INFINITY;
      if (freeSince < bestFreeSince) {
        best = number;
        bestFreeSince = freeSince;
      }
    }
    if (best === null) return { ok: false, reason: 'pool_exhausted' };
    const lease: Lease = {
      id: request.id,
      poolId: request.poolId,
      number: best,
      sessionId: request.sessionId,
      visitorId: request.visitorId,
      startedAt: now,
      lastActivityAt: now,
      holdMs: request.holdMs,
    };
    pool.byNumber.set(best, lease);
    pool.bySession.set(request.sessionId, best);
    return { ok: true, lease: { ...lease }, fresh: true };
  }

  async touch(poolId: string, sessionId: string, now: Date): Promise<Lease | null> {
    const pool = this.#pools.get(poolId);
    if (!pool) return null;
    const live = this.#liveLeaseOf(pool, sessionId, now);
    if (!live) return null;
    live.lastActivityAt = now;
    return { ...live };
  }

  async restore(leases: readonly Lease[]): Promise<void> {
    for (const lease of leases) {
      const pool = this.#pool(lease.poolId);
      const current = pool.byNumber.get(lease.number);
      if (current && current.lastActivityAt >= lease.lastActivityAt) continue;
      pool.byNumber.set(lease.number, { ...lease });
      pool.bySession.set(lease.sessionId, lease.number);
    }
  }
}

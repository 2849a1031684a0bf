import type { LeaseRequest } from '../pool/lease.ts';

/** A lease request as the lease-store tests send it: pool-1, a 30-minute hold, one visitor per session. */
export function leaseRequest(sessionId: string, now: Date, over: Partial<LeaseRequest> = {}): LeaseRequest {
  return {
    id: `lease-${sessionId}`,
    poolId: 'pool-1',
    sessionId,
    visitorId: `v-${sessionId}`,
    numbers: [],
    holdMs: 30 * 60_000,
    reuseWhenExhausted: false,
    now,
    ...over,
  };
}

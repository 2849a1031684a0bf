/** The memory lease store against the shared contract, plus what only a single process can promise. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { leaseStoreContract } from '../testing/lease-store-contract.ts';
import type { LeaseRequest } from './lease.ts';
import { MemoryLeaseStore } from './memory-lease-store.ts';

leaseStoreContract('memory', () => new MemoryLeaseStore());

const t0 = new Date('2026-01-05T10:00:00Z');

function request(sessionId: string, now: Date): LeaseRequest {
  return {
    id: `lease-${sessionId}`,
    poolId: 'pool-1',
    sessionId,
    visitorId: `v-${sessionId}`,
    numbers: ['+74950000001'],
    holdMs: 30 * 60_000,
    reuseWhenExhausted: false,
    now,
  };
}

test('memory: a caller changing a date it passed in or got back does not move the stored lease', async () => {
  const store = new MemoryLeaseStore();
  const now = new Date(t0);
  const result = await store.acquire(request('a', now));
  assert.ok(result.ok);
  now.setTime(0);
  result.lease.startedAt.setTime(0);
  const touched = await store.touch('pool-1', 'a', new Date(t0.getTime() + 5000));
  assert.deepEqual(touched?.startedAt, t0);
});

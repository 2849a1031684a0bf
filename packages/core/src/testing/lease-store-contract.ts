/**
 * The contract every LeaseStore passes, written once; each adapter's test file calls it with a
 * factory. It uses node:test, so it is imported only by test files.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LeaseRequest, LeaseStore } from '../pool/lease.ts';

const t0 = new Date('2026-01-05T10:00:00Z');
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);
const hold = 30 * 60_000;

function request(sessionId: string, now: Date, numbers = ['+74950000001', '+74950000002']): LeaseRequest {
  return {
    id: `lease-${sessionId}-${now.getTime()}`,
    poolId: 'pool-1',
    sessionId,
    visitorId: `v-${sessionId}`,
    numbers,
    holdMs: hold,
    now,
  };
}

export function leaseStoreContract(name: string, create: () => Promise<LeaseStore> | LeaseStore): void {
  test(`${name}: two live sessions never share a number`, async () => {
    const store = await create();
    const a = await store.acquire(request('a', t0));
    const b = await store.acquire(request('b', t0));
    assert.ok(a.ok && b.ok);
    assert.notEqual(a.lease.number, b.lease.number);
  });

  test(`${name}: a session asking again keeps its number and the lease is renewed, not replaced`, async () => {
    const store = await create();
    const first = await store.acquire(request('a', t0));
    const again = await store.acquire(request('a', minutes(10)));
    assert.ok(first.ok && again.ok);
    assert.equal(again.fresh, false);
    assert.equal(again.lease.id, first.lease.id);
    assert.equal(again.lease.number, first.lease.number);
    assert.deepEqual(again.lease.lastActivityAt, minutes(10));
  });

  test(`${name}: an exhausted pool says so instead of sharing a number`, async () => {
    const store = await create();
    await store.acquire(request('a', t0));
    await store.acquire(request('b', t0));
    const c = await store.acquire(request('c', minutes(1)));
    assert.deepEqual(c, { ok: false, reason: 'pool_exhausted' });
  });

  test(`${name}: a number returns to the pool only after the hold following the last activity`, async () => {
    const store = await create();
    const numbers = ['+74950000001'];
    await store.acquire(request('a', t0, numbers));
    await store.touch('pool-1', 'a', minutes(20));
    assert.equal((await store.acquire(request('b', minutes(49), numbers))).ok, false);
    const b = await store.acquire(request('b', minutes(51), numbers));
    assert.ok(b.ok && b.fresh);
  });

  test(`${name}: the number free the longest is chosen`, async () => {
    const store = await create();
    const numbers = ['+74950000001', '+74950000002', '+74950000003'];
    const a = await store.acquire(request('a', t0, numbers));
    const b = await store.acquire(request('b', minutes(1), numbers));
    assert.ok(a.ok && b.ok);
    // Both expire (a first); the never-used third number is preferred, then a's.
    const c = await store.acquire(request('c', minutes(40), numbers));
    const d = await store.acquire(request('d', minutes(40), numbers));
    assert.ok(c.ok && d.ok);
    assert.equal(c.lease.number, '+74950000003');
    assert.equal(d.lease.number, a.lease.number);
  });

  test(`${name}: touch renews a live lease and ignores sessions without one`, async () => {
    const store = await create();
    await store.acquire(request('a', t0));
    const touched = await store.touch('pool-1', 'a', minutes(5));
    assert.deepEqual(touched?.lastActivityAt, minutes(5));
    assert.equal(await store.touch('pool-1', 'nobody', minutes(5)), null);
    assert.equal(await store.touch('pool-1', 'a', minutes(40)), null);
  });

  test(`${name}: restored leases keep their numbers busy`, async () => {
    const store = await create();
    await store.restore([
      {
        id: 'old',
        poolId: 'pool-1',
        number: '+74950000001',
        sessionId: 'old',
        visitorId: 'v-old',
        startedAt: t0,
        lastActivityAt: t0,
        holdMs: hold,
      },
    ]);
    const b = await store.acquire(request('b', minutes(1)));
    assert.ok(b.ok);
    assert.equal(b.lease.number, '+74950000002');
    const again = await store.acquire(request('old', minutes(2)));
    assert.ok(again.ok);
    assert.equal(again.lease.id, 'old');
  });

  test(`${name}: an empty pool is reported as such`, async () => {
    const store = await create();
    assert.deepEqual(await store.acquire(request('a', t0, [])), { ok: false, reason: 'pool_empty' });
  });
}

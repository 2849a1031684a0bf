/**
 * The contract every LeaseStore passes, written once; each adapter's test file calls it with a
 * factory. It uses node:test, so it is imported only by test files.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Lease, LeaseRequest, LeaseResult, LeaseStore } from '../pool/lease.ts';
import { leaseRequest } from './lease-request.ts';

const t0 = new Date('2026-01-05T10:00:00Z');
const seconds = (n: number) => new Date(t0.getTime() + n * 1000);
const minutes = (n: number) => seconds(n * 60);
const hold = 30 * 60_000;
const A = '+74950000001';
const B = '+74950000002';
const C = '+74950000003';

interface Ask {
  numbers?: readonly string[];
  /** Sessions of one visitor share it; by default every session is its own visitor. */
  visitor?: string;
  reuse?: boolean;
}

function request(sessionId: string, now: Date, ask: Ask = {}): LeaseRequest {
  return leaseRequest(sessionId, now, {
    id: `lease-${sessionId}-${now.getTime()}`,
    visitorId: ask.visitor ?? `v-${sessionId}`,
    numbers: ask.numbers ?? [A, B],
    holdMs: hold,
    reuseWhenExhausted: ask.reuse ?? false,
  });
}

function granted(result: LeaseResult): Extract<LeaseResult, { ok: true }> {
  assert.ok(result.ok, `expected a lease, got ${JSON.stringify(result)}`);
  return result;
}

function history(overrides: Partial<Lease> & Pick<Lease, 'id' | 'number' | 'sessionId'>): Lease {
  return {
    poolId: 'pool-1',
    visitorId: `v-${overrides.sessionId}`,
    startedAt: t0,
    lastActivityAt: t0,
    holdMs: hold,
    confirmed: true,
    previousLeaseId: null,
    reusedFromSessionId: null,
    ...overrides,
  };
}

export function leaseStoreContract(name: string, create: () => Promise<LeaseStore> | LeaseStore): void {
  test(`${name}: two live sessions never share a number`, async () => {
    const store = await create();
    const a = granted(await store.acquire(request('a', t0)));
    const b = granted(await store.acquire(request('b', t0)));
    assert.notEqual(a.lease.number, b.lease.number);
  });

  test(`${name}: a new lease is fresh, provisional and linked to nothing`, async () => {
    const store = await create();
    assert.deepEqual(await store.acquire(request('a', t0, { numbers: [A] })), {
      ok: true,
      outcome: 'fresh',
      previous: null,
      lease: {
        id: `lease-a-${t0.getTime()}`,
        poolId: 'pool-1',
        number: A,
        sessionId: 'a',
        visitorId: 'v-a',
        startedAt: t0,
        lastActivityAt: t0,
        holdMs: hold,
        confirmed: false,
        previousLeaseId: null,
        reusedFromSessionId: null,
      },
    });
  });

  test(`${name}: a session asking again keeps its lease, renewed and confirmed`, async () => {
    const store = await create();
    const first = granted(await store.acquire(request('a', t0)));
    const again = granted(await store.acquire(request('a', seconds(10))));
    assert.equal(again.outcome, 'renewed');
    assert.equal(again.previous, null);
    assert.equal(again.lease.id, first.lease.id);
    assert.equal(again.lease.number, first.lease.number);
    assert.deepEqual(again.lease.lastActivityAt, seconds(10));
    assert.equal(again.lease.confirmed, true);
    // Confirmed, it now lives the whole hold.
    assert.deepEqual((await store.touch('pool-1', 'a', minutes(20)))?.lastActivityAt, minutes(20));
  });

  test(`${name}: an unconfirmed lease ends 15 s after it started`, async () => {
    const store = await create();
    const numbers = [A];
    await store.acquire(request('a', t0, { numbers }));
    assert.deepEqual(await store.acquire(request('b', seconds(15), { numbers })), {
      ok: false,
      reason: 'pool_exhausted',
    });
    const late = new Date(seconds(15).getTime() + 1);
    assert.equal(await store.touch('pool-1', 'a', late), null);
    const b = granted(await store.acquire(request('b', late, { numbers })));
    assert.equal(b.outcome, 'fresh');
    assert.equal(b.lease.number, A);
    // The expired session asking again is a new lease, not a renewal of its provisional one.
    const a = granted(await store.acquire(request('a', late, { numbers: [A, B] })));
    assert.equal(a.outcome, 'fresh');
    assert.equal(a.lease.number, B);
  });

  test(`${name}: touch renews and confirms a live lease and ignores sessions without one`, async () => {
    const store = await create();
    await store.acquire(request('a', t0));
    const touched = await store.touch('pool-1', 'a', seconds(10));
    assert.deepEqual(touched?.lastActivityAt, seconds(10));
    assert.equal(touched?.confirmed, true);
    assert.deepEqual((await store.touch('pool-1', 'a', minutes(5)))?.lastActivityAt, minutes(5));
    assert.equal(await store.touch('pool-1', 'nobody', minutes(5)), null);
    assert.equal(await store.touch('pool-2', 'a', minutes(5)), null);
    assert.equal(await store.touch('pool-1', 'a', minutes(36)), null);
  });

  test(`${name}: an exhausted pool says so instead of sharing a number when it does not reuse`, async () => {
    const store = await create();
    await store.acquire(request('a', t0));
    await store.acquire(request('b', t0));
    assert.deepEqual(await store.acquire(request('c', seconds(10))), { ok: false, reason: 'pool_exhausted' });
    assert.equal((await store.touch('pool-1', 'a', seconds(11)))?.sessionId, 'a');
    assert.equal((await store.touch('pool-1', 'b', seconds(11)))?.sessionId, 'b');
  });

  test(`${name}: a confirmed number returns to the pool only after the hold following the last activity`, async () => {
    const store = await create();
    const numbers = [A];
    await store.acquire(request('a', t0, { numbers }));
    await store.touch('pool-1', 'a', seconds(10));
    await store.touch('pool-1', 'a', minutes(20));
    assert.equal((await store.acquire(request('b', minutes(49), { numbers }))).ok, false);
    assert.equal(granted(await store.acquire(request('b', minutes(51), { numbers }))).outcome, 'fresh');
  });

  test(`${name}: the number free the longest is chosen, never-leased numbers first`, async () => {
    const store = await create();
    const numbers = [A, B, C];
    const a = granted(await store.acquire(request('a', t0, { numbers })));
    const b = granted(await store.acquire(request('b', t0, { numbers })));
    await store.touch('pool-1', 'b', seconds(5));
    await store.touch('pool-1', 'a', seconds(10));
    // Both expire, b first; the never-used third number is preferred, then b's.
    const c = granted(await store.acquire(request('c', minutes(40), { numbers })));
    const d = granted(await store.acquire(request('d', minutes(40), { numbers })));
    const e = granted(await store.acquire(request('e', minutes(40), { numbers })));
    assert.deepEqual([c.lease.number, d.lease.number, e.lease.number], [C, b.lease.number, a.lease.number]);
  });

  test(`${name}: a number not confirmed within 15 s returns to the pool as the least preferred to reuse`, async () => {
    const store = await create();
    const numbers = [A, B, C];
    granted(await store.acquire(request('a', t0, { numbers })));
    await store.touch('pool-1', 'a', seconds(5));
    // B's provisional lease ends at 16 s, long before A's confirmed one, yet A is offered first.
    assert.equal(granted(await store.acquire(request('bot', seconds(1), { numbers }))).lease.number, B);
    const picks: string[] = [];
    for (const session of ['c', 'd', 'e']) {
      picks.push(granted(await store.acquire(request(session, minutes(40), { numbers }))).lease.number);
    }
    assert.deepEqual(picks, [C, A, B]);
  });

  test(`${name}: expired unconfirmed numbers rank among themselves by when they ended`, async () => {
    const store = await create();
    await store.acquire(request('a', t0));
    await store.acquire(request('b', seconds(5)));
    // A ended 5 s before B; listing B first shows the choice is by time, not by the pool's order.
    const c = granted(await store.acquire(request('c', minutes(1), { numbers: [B, A] })));
    assert.equal(c.lease.number, A);
  });

  test(`${name}: a returning visitor gets the number they had last time when it is free`, async () => {
    const store = await create();
    const visitor = 'v-returning';
    granted(await store.acquire(request('a', t0, { visitor })));
    granted(await store.acquire(request('x', t0)));
    await store.touch('pool-1', 'x', seconds(5));
    await store.touch('pool-1', 'a', minutes(10));
    // x's number has been free longer, so only the visitor's history explains getting A.
    const back = granted(await store.acquire(request('a2', minutes(50), { visitor })));
    assert.equal(back.outcome, 'returning');
    assert.equal(back.previous, null);
    assert.deepEqual(back.lease, {
      id: `lease-a2-${minutes(50).getTime()}`,
      poolId: 'pool-1',
      number: A,
      sessionId: 'a2',
      visitorId: visitor,
      startedAt: minutes(50),
      lastActivityAt: minutes(50),
      holdMs: hold,
      confirmed: false,
      previousLeaseId: null,
      reusedFromSessionId: null,
    });
  });

  test(`${name}: a returning visitor whose number left the pool gets a fresh one`, async () => {
    const store = await create();
    const visitor = 'v-returning';
    await store.acquire(request('a', t0, { visitor }));
    const back = granted(await store.acquire(request('a2', minutes(1), { visitor, numbers: [B, C] })));
    assert.equal(back.outcome, 'fresh');
    assert.equal(back.lease.number, B);
  });

  test(`${name}: a visitor's new session takes over the number their previous session holds`, async () => {
    const store = await create();
    const visitor = 'v-switching';
    const old = granted(await store.acquire(request('a', t0, { visitor })));
    const touched = await store.touch('pool-1', 'a', seconds(10));
    const next = granted(await store.acquire(request('b', minutes(5), { visitor })));
    assert.equal(next.outcome, 'switched');
    assert.deepEqual(next.previous, touched);
    assert.deepEqual(next.lease, {
      id: `lease-b-${minutes(5).getTime()}`,
      poolId: 'pool-1',
      number: old.lease.number,
      sessionId: 'b',
      visitorId: visitor,
      startedAt: minutes(5),
      lastActivityAt: minutes(5),
      holdMs: hold,
      confirmed: true,
      previousLeaseId: old.lease.id,
      reusedFromSessionId: null,
    });
    // The old session holds nothing now: asking again switches the number back instead of renewing.
    assert.equal(await store.touch('pool-1', 'a', minutes(6)), null);
    const back = granted(await store.acquire(request('a', minutes(7), { visitor })));
    assert.equal(back.outcome, 'switched');
    assert.equal(back.lease.previousLeaseId, next.lease.id);
    assert.equal(await store.touch('pool-1', 'b', minutes(8)), null);
  });

  test(`${name}: a switch from an unconfirmed lease stays provisional for 15 s from the switch`, async () => {
    const store = await create();
    const visitor = 'v-switching';
    const numbers = [A];
    await store.acquire(request('a', t0, { visitor, numbers }));
    const next = granted(await store.acquire(request('b', seconds(10), { visitor, numbers })));
    assert.equal(next.outcome, 'switched');
    assert.equal(next.previous?.confirmed, false);
    assert.equal(next.lease.confirmed, false);
    assert.equal((await store.acquire(request('x', seconds(25), { numbers }))).ok, false);
    assert.equal(granted(await store.acquire(request('x', seconds(26), { numbers }))).lease.number, A);
  });

  test(`${name}: an exhausted pool that reuses takes over the least recently active lease`, async () => {
    const store = await create();
    const numbers = [A, B, C];
    for (const session of ['a', 'b', 'c']) await store.acquire(request(session, t0, { numbers }));
    const b = await store.touch('pool-1', 'b', seconds(1));
    await store.touch('pool-1', 'c', seconds(2));
    await store.touch('pool-1', 'a', seconds(3));
    const d = granted(await store.acquire(request('d', seconds(4), { numbers, reuse: true })));
    assert.equal(d.outcome, 'reused');
    assert.deepEqual(d.previous, b);
    assert.deepEqual(d.lease, {
      id: `lease-d-${seconds(4).getTime()}`,
      poolId: 'pool-1',
      number: B,
      sessionId: 'd',
      visitorId: 'v-d',
      startedAt: seconds(4),
      lastActivityAt: seconds(4),
      holdMs: hold,
      confirmed: false,
      previousLeaseId: b?.id,
      reusedFromSessionId: 'b',
    });
    assert.equal(await store.touch('pool-1', 'b', seconds(5)), null);
    assert.equal((await store.touch('pool-1', 'a', seconds(5)))?.number, A);
    // c is now the least recently active, but a request for A and B alone never reaches C.
    const e = granted(await store.acquire(request('e', seconds(6), { numbers: [A, B], reuse: true })));
    assert.equal(e.lease.number, B);
    assert.equal(e.lease.reusedFromSessionId, 'd');
  });

  test(`${name}: leases equally idle are reused in the order of the pool's numbers`, async () => {
    const store = await create();
    for (const session of ['a', 'b', 'c']) await store.acquire(request(session, t0, { numbers: [A, B, C] }));
    const d = granted(await store.acquire(request('d', seconds(4), { numbers: [C, B, A], reuse: true })));
    assert.equal(d.lease.number, C);
  });

  test(`${name}: restored leases keep their numbers busy and keep every field`, async () => {
    const store = await create();
    const old = history({
      id: 'old',
      number: A,
      sessionId: 'old',
      previousLeaseId: 'older',
      reusedFromSessionId: 'someone',
    });
    await store.restore([old]);
    assert.equal(granted(await store.acquire(request('b', minutes(1)))).lease.number, B);
    const again = granted(await store.acquire(request('old', minutes(2))));
    assert.equal(again.outcome, 'renewed');
    assert.deepEqual(again.lease, { ...old, lastActivityAt: minutes(2) });
  });

  test(`${name}: a restored unconfirmed lease lives 15 s from its start`, async () => {
    const store = await create();
    await store.restore([history({ id: 'old', number: A, sessionId: 'old', confirmed: false })]);
    assert.equal((await store.acquire(request('b', seconds(15), { numbers: [A] }))).ok, false);
    assert.equal(await store.touch('pool-1', 'old', seconds(16)), null);
    assert.equal(granted(await store.acquire(request('b', seconds(16), { numbers: [A] }))).lease.number, A);
  });

  test(`${name}: restoring keeps the newer lease of a number`, async () => {
    const store = await create();
    const newer = history({ id: 'newer', number: A, sessionId: 'newer', lastActivityAt: minutes(5) });
    const older = history({ id: 'older', number: A, sessionId: 'older', lastActivityAt: minutes(1) });
    await store.restore([newer, older]);
    assert.equal(await store.touch('pool-1', 'older', minutes(6)), null);
    assert.equal((await store.touch('pool-1', 'newer', minutes(6)))?.id, 'newer');
  });

  test(`${name}: restoring remembers which number each visitor holds`, async () => {
    const store = await create();
    const old = history({ id: 'old', number: B, sessionId: 'old', visitorId: 'v-back' });
    await store.restore([old]);
    const next = granted(await store.acquire(request('new', minutes(1), { visitor: 'v-back' })));
    assert.equal(next.outcome, 'switched');
    assert.deepEqual(next.previous, old);
    assert.equal(next.lease.number, B);
  });

  test(`${name}: a visitor's number is forgotten once another visitor has held it`, async () => {
    const store = await create();
    await store.acquire(request('a', t0, { visitor: 'v-gone' }));
    await store.acquire(request('x', t0));
    await store.touch('pool-1', 'a', seconds(1));
    await store.touch('pool-1', 'x', seconds(2));
    // A frees first and goes to w; when w's lease ends, B has been free the longest.
    const w = granted(await store.acquire(request('w', minutes(40))));
    assert.equal(w.lease.number, A);
    await store.touch('pool-1', 'w', minutes(41));
    const back = granted(await store.acquire(request('a2', minutes(100), { visitor: 'v-gone' })));
    assert.equal(back.outcome, 'fresh');
    assert.equal(back.lease.number, B);
  });

  test(`${name}: an empty pool is reported as such`, async () => {
    const store = await create();
    assert.deepEqual(await store.acquire(request('a', t0, { numbers: [], reuse: true })), {
      ok: false,
      reason: 'pool_empty',
    });
  });
}

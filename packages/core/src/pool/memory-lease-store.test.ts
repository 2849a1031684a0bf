/** The memory lease store against the shared contract, plus what only a single process can promise. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { leaseRequest } from '../testing/lease-request.ts';
import { leaseStoreContract } from '../testing/lease-store-contract.ts';
import { isLeaseLive, type Lease, type LeaseRequest, type LeaseResult, leaseWindowEnd } from './lease.ts';
import { MemoryLeaseStore } from './memory-lease-store.ts';

leaseStoreContract('memory', () => new MemoryLeaseStore());

const t0 = new Date('2026-01-05T10:00:00Z');
const seconds = (n: number) => new Date(t0.getTime() + n * 1000);
const minutes = (n: number) => seconds(n * 60);
const hold = 30 * 60_000;
const numbers = (count: number, from = 1) =>
  Array.from({ length: count }, (_, i) => `+7495${String(from + i).padStart(7, '0')}`);

function request(sessionId: string, now: Date, pool: readonly string[] = ['+74950000001']): LeaseRequest {
  return leaseRequest(sessionId, now, { numbers: pool, holdMs: hold });
}

function numberOf(result: LeaseResult): string {
  assert.ok(result.ok, `expected a lease, got ${JSON.stringify(result)}`);
  return result.lease.number;
}

/**
 * The rules of LeaseOutcome as a plain scan of the whole pool on every acquire, the way the store
 * worked before it kept an index: slow, and obviously right.
 */
class ScanningLeaseStore {
  readonly #byNumber = new Map<string, Lease>();
  readonly #bySession = new Map<string, string>();
  readonly #byVisitor = new Map<string, string>();

  #give(lease: Lease): void {
    const replaced = this.#byNumber.get(lease.number);
    if (replaced && this.#bySession.get(replaced.sessionId) === lease.number) {
      this.#bySession.delete(replaced.sessionId);
    }
    if (replaced && this.#byVisitor.get(replaced.visitorId) === lease.number) {
      this.#byVisitor.delete(replaced.visitorId);
    }
    this.#byNumber.set(lease.number, lease);
    this.#bySession.set(lease.sessionId, lease.number);
    this.#byVisitor.set(lease.visitorId, lease.number);
  }

  #renew(lease: Lease, now: Date): Lease {
    const renewed = { ...lease, lastActivityAt: now, confirmed: true };
    this.#byNumber.set(lease.number, renewed);
    return renewed;
  }

  #start(
    r: LeaseRequest,
    number: string,
    outcome: 'switched' | 'returning' | 'fresh' | 'reused',
    previous: Lease | null,
  ): LeaseResult {
    const lease: Lease = {
      id: r.id,
      poolId: r.poolId,
      number,
      sessionId: r.sessionId,
      visitorId: r.visitorId,
      startedAt: r.now,
      lastActivityAt: r.now,
      holdMs: r.holdMs,
      confirmed: outcome === 'switched' && previous !== null && previous.confirmed,
      previousLeaseId: previous?.id ?? null,
      reusedFromSessionId: outcome === 'reused' && previous ? previous.sessionId : null,
    };
    this.#give(lease);
    return { ok: true, lease, outcome, previous };
  }

  acquire(r: LeaseRequest): LeaseResult {
    if (r.numbers.length === 0) return { ok: false, reason: 'pool_empty' };
    const held = this.#bySession.get(r.sessionId);
    const own = held === undefined ? undefined : this.#byNumber.get(held);
    if (own && own.sessionId === r.sessionId && isLeaseLive(own, r.now)) {
      return { ok: true, lease: this.#renew(own, r.now), outcome: 'renewed', previous: null };
    }
    const last = this.#byVisitor.get(r.visitorId);
    const lastLease = last === undefined ? undefined : this.#byNumber.get(last);
    if (last !== undefined && lastLease && r.numbers.includes(last)) {
      if (!isLeaseLive(lastLease, r.now)) return this.#start(r, last, 'returning', null);
      if (lastLease.sessionId !== r.sessionId) return this.#start(r, last, 'switched', lastLease);
      return { ok: true, lease: this.#renew(lastLease, r.now), outcome: 'renewed', previous: null };
    }
    const unused = r.numbers.find((number) => !this.#byNumber.has(number));
    if (unused !== undefined) return this.#start(r, unused, 'fresh', null);
    const rank = (lease: Lease) => [lease.confirmed ? 0 : 1, leaseWindowEnd(lease).getTime()] as const;
    let best: Lease | null = null;
    for (const number of r.numbers) {
      const lease = this.#byNumber.get(number)!;
      if (isLeaseLive(lease, r.now)) continue;
      const [tier, end] = rank(lease);
      if (!best || tier < rank(best)[0] || (tier === rank(best)[0] && end < rank(best)[1])) best = lease;
    }
    if (best) return this.#start(r, best.number, 'fresh', null);
    if (!r.reuseWhenExhausted) return { ok: false, reason: 'pool_exhausted' };
    let victim: Lease | null = null;
    for (const number of r.numbers) {
      const lease = this.#byNumber.get(number)!;
      if (!victim || lease.lastActivityAt.getTime() < victim.lastActivityAt.getTime()) victim = lease;
    }
    return this.#start(r, victim!.number, 'reused', victim);
  }

  touch(sessionId: string, now: Date): Lease | null {
    const held = this.#bySession.get(sessionId);
    const lease = held === undefined ? undefined : this.#byNumber.get(held);
    if (!lease || lease.sessionId !== sessionId || !isLeaseLive(lease, now)) return null;
    return this.#renew(lease, now);
  }

  restore(lease: Lease): void {
    const current = this.#byNumber.get(lease.number);
    if (current && current.lastActivityAt.getTime() >= lease.lastActivityAt.getTime()) return;
    this.#give(lease);
  }
}

/** A small deterministic PRNG (mulberry32), so a failing sequence can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
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

test('memory: chooses exactly as a scan of the whole pool would, while the pool changes', async () => {
  const store = new MemoryLeaseStore();
  const reference = new ScanningLeaseStore();
  const next = random(20260106);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const all = numbers(16);
  // The same array again, equal copies, other orders, numbers added and removed, duplicates.
  const lists = [
    all,
    all,
    all,
    () => [...all],
    all.slice(5),
    [...all].reverse(),
    [...all, ...numbers(3, 900)],
    [all[3]!, ...all, all[3]!],
    all.filter((_, i) => i % 3 !== 0),
    // A few numbers alone run out within seconds.
    all.slice(0, 3),
    all.slice(0, 3),
    all.slice(-4),
  ];
  // More visitors than numbers, so pools run out and reuse; three sessions each, so they switch.
  const sessions = Array.from({ length: 120 }, (_, i) => ({ id: `s${i}`, visitor: `v${i % 40}` }));
  // Half the time one of the sessions heard from lately, as pages in use come back within seconds.
  const recent: (typeof sessions)[number][] = [];
  const pickSession = () => {
    const session = recent.length > 0 && next() < 0.5 ? pick(recent) : pick(sessions);
    recent.push(session);
    if (recent.length > 10) recent.shift();
    return session;
  };
  const seen = new Map<string, number>();
  let clock = 0;
  for (let step = 0; step < 8000; step++) {
    // Mostly seconds, around the 15 s a lease stays unconfirmed; now and then minutes, around the hold.
    clock += next() < 0.95 ? pick([0, 0, 1, 1, 2, 3, 5, 10, 15, 16]) : pick([60, 300, 1200]);
    const now = seconds(clock);
    const session = pickSession();
    const operation = next();
    if (operation < 0.6) {
      const list = pick(lists);
      const acquire: LeaseRequest = {
        ...request(session.id, now, typeof list === 'function' ? list() : list),
        id: `lease-${step}`,
        visitorId: session.visitor,
        holdMs: pick([10, 20, 30]) * 60_000,
        reuseWhenExhausted: next() < 0.5,
      };
      const expected = reference.acquire(acquire);
      assert.deepEqual(await store.acquire(acquire), expected, `step ${step}: acquire`);
      const kind = expected.ok ? expected.outcome : expected.reason;
      seen.set(kind, (seen.get(kind) ?? 0) + 1);
    } else if (operation < 0.95) {
      assert.deepEqual(
        await store.touch('pool-1', session.id, now),
        reference.touch(session.id, now),
        `step ${step}: touch`,
      );
    } else {
      const lastActivityAt = seconds(clock - pick([0, 10, 60, 300, 1200, 2400]));
      const restored: Lease = {
        id: `restored-${step}`,
        poolId: 'pool-1',
        number: pick(all),
        sessionId: session.id,
        visitorId: session.visitor,
        startedAt: new Date(lastActivityAt.getTime() - pick([0, 0, 300_000])),
        lastActivityAt,
        holdMs: hold,
        confirmed: next() < 0.7,
        previousLeaseId: null,
        reusedFromSessionId: null,
      };
      await store.restore([restored]);
      reference.restore(restored);
    }
  }
  for (const kind of ['renewed', 'switched', 'returning', 'fresh', 'reused', 'pool_exhausted']) {
    assert.ok((seen.get(kind) ?? 0) >= 20, `only ${seen.get(kind) ?? 0} × ${kind}`);
  }
});

test('memory: a number removed from the pool is never handed out, even when free the longest', async () => {
  const store = new MemoryLeaseStore();
  const pool = numbers(3);
  for (const session of ['a', 'b', 'c']) await store.acquire(request(session, t0, pool));
  // Every lease ends unconfirmed at 15 s; the first number would win the tie on its place in the list.
  assert.equal(numberOf(await store.acquire(request('d', minutes(1), pool.slice(1)))), pool[1]);
  assert.equal(numberOf(await store.acquire(request('e', minutes(1), pool.slice(1)))), pool[2]);
  assert.equal((await store.acquire(request('f', minutes(1), pool.slice(1)))).ok, false);
});

test('memory: a number added to the pool is handed out first, never having been leased', async () => {
  const store = new MemoryLeaseStore();
  const pool = numbers(2);
  for (const session of ['a', 'b']) await store.acquire(request(session, t0, pool));
  const grown = [...numbers(1, 50), ...pool];
  assert.equal(numberOf(await store.acquire(request('c', minutes(1), grown))), grown[0]);
});

test('memory: an array edited in place after it was passed never yields a number no longer in it', async () => {
  const store = new MemoryLeaseStore();
  const pool = numbers(3);
  for (const session of ['a', 'b', 'c']) await store.acquire(request(session, t0, pool));
  // The same array, so nothing tells the store the pool changed but the numbers themselves.
  pool.splice(0, 1);
  assert.equal(numberOf(await store.acquire(request('d', minutes(1), pool))), pool[0]);
  assert.equal(numberOf(await store.acquire(request('e', minutes(1), pool))), pool[1]);
  assert.equal((await store.acquire(request('f', minutes(1), pool))).ok, false);
});

test('memory: hours of renewals without a new session leave the choice of a free number intact', async () => {
  const store = new MemoryLeaseStore();
  const pool = numbers(4);
  for (const session of ['a', 'b', 'c', 'd']) await store.acquire(request(session, t0, pool));
  for (const session of ['a', 'b', 'c', 'd']) await store.touch('pool-1', session, seconds(10));
  // Every heartbeat stores a new record; the index must shed the ones it replaced along the way.
  for (let minute = 1; minute <= 180; minute++) {
    for (const session of ['d', 'b', 'c', 'a']) await store.touch('pool-1', session, minutes(minute));
  }
  for (const session of ['d', 'b']) await store.touch('pool-1', session, minutes(181));
  // a and c were last active at minute 180, b and d at 181: at 211 only a and c are free, a first by
  // its place in the list.
  assert.equal(numberOf(await store.acquire(request('w', minutes(211), pool))), pool[0]);
  assert.equal(numberOf(await store.acquire(request('x', minutes(211), pool))), pool[2]);
  assert.equal((await store.acquire(request('y', minutes(211), pool))).ok, false);
});

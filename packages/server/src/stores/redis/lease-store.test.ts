/**
 * The Redis lease store against the shared contract, against the memory store operation by operation,
 * under concurrent use by two clients standing in for two server processes, and down to the keys it
 * leaves in Redis. Needs REDIS_URL. The pool's list and the exhausted hint are tested in
 * lease-store-pool-list.test.ts, the renewal this process tries first in lease-store-renewal.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Lease, type LeaseOutcome, type LeaseRequest, MemoryLeaseStore } from '@calltrail/core';
import { leaseStoreContract } from '@calltrail/core/testing';
import { DEFAULT_RETAIN_MS, RedisLeaseStore } from './lease-store.ts';
import {
  describeWithRedis,
  hold,
  leaseOf,
  minutes,
  numbers,
  request,
  seconds,
  t0,
} from './lease-store-testing.ts';

function history(number: string, sessionId: string, lastActivityAt: Date, holdMs = hold): Lease {
  return {
    id: `old-${sessionId}`,
    poolId: 'pool-1',
    number,
    sessionId,
    visitorId: `v-${sessionId}`,
    startedAt: t0,
    lastActivityAt,
    holdMs,
    confirmed: true,
    previousLeaseId: null,
    reusedFromSessionId: null,
  };
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

describeWithRedis('redis lease store', ({ first, second, prefix }) => {
  leaseStoreContract('redis', () => new RedisLeaseStore(first, prefix()));

  test('two processes hammering one pool never hand a number to two sessions', async () => {
    const shared = prefix();
    const stores = [new RedisLeaseStore(first, shared), new RedisLeaseStore(second, shared)];
    const pool = numbers(5);
    // 200 calls for 50 sessions, each session asking through both stores.
    const calls = Array.from({ length: 200 }, (_, i) => {
      const sessionId = `s${i % 50}`;
      const store = stores[Math.floor(i / 50) % 2]!;
      return store
        .acquire(request(sessionId, t0, pool, `lease-${i}`))
        .then((result) => ({ sessionId, result }));
    });
    const outcomes = await Promise.all(calls);

    const holdersOf = new Map<string, Set<string>>();
    const numbersOf = new Map<string, Set<string>>();
    const leaseIdsOf = new Map<string, Set<string>>();
    let fresh = 0;
    for (const { sessionId, result } of outcomes) {
      if (!result.ok) {
        assert.equal(result.reason, 'pool_exhausted');
        continue;
      }
      if (result.outcome === 'fresh') fresh += 1;
      const { number, id } = result.lease;
      assert.equal(result.lease.sessionId, sessionId);
      holdersOf.set(number, (holdersOf.get(number) ?? new Set()).add(sessionId));
      numbersOf.set(sessionId, (numbersOf.get(sessionId) ?? new Set()).add(number));
      leaseIdsOf.set(sessionId, (leaseIdsOf.get(sessionId) ?? new Set()).add(id));
    }
    for (const [number, holders] of holdersOf) {
      assert.equal(holders.size, 1, `${number} was handed to ${[...holders].join(', ')}`);
    }
    for (const [sessionId, held] of numbersOf) {
      assert.equal(held.size, 1, `${sessionId} got ${[...held].join(', ')}`);
      assert.equal(leaseIdsOf.get(sessionId)?.size, 1, `${sessionId} got more than one lease`);
    }
    assert.equal(numbersOf.size, 5);
    assert.equal(fresh, 5);
    assert.deepEqual([...holdersOf.keys()].sort(), pool);

    // What Redis holds afterwards agrees: each winner holds its number, nobody else holds anything.
    for (let s = 0; s < 50; s++) {
      const sessionId = `s${s}`;
      const touched = await stores[s % 2]!.touch('pool-1', sessionId, seconds(10));
      const held = numbersOf.get(sessionId);
      if (held) assert.equal(touched?.number, [...held][0]);
      else assert.equal(touched, null);
    }
  });

  test('behaves exactly like the memory store over a random sequence of operations', async () => {
    const memory = new MemoryLeaseStore();
    const redis = new RedisLeaseStore(first, prefix());
    const next = random(20260105);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
    const all = numbers(4);
    const pools = [
      all,
      all,
      all,
      all,
      all.slice(0, 3),
      all.slice(1),
      [...all].reverse(),
      [...all].reverse(),
      [],
    ];
    // Six visitors with three sessions each, so sessions switch, visitors return and pools run out.
    const sessions = Array.from({ length: 18 }, (_, i) => ({ id: `s${i}`, visitor: `v${i % 6}` }));
    const seen = new Map<LeaseOutcome | 'pool_exhausted' | 'pool_empty', number>();
    let clock = 0;
    for (let step = 0; step < 2000; step++) {
      // Seconds matter around the 15 s a lease stays unconfirmed, minutes around the hold.
      clock += pick([0, 0, 0, 1, 2, 5, 10, 15, 16, 60, 300, 600]);
      const now = seconds(clock);
      const session = pick(sessions);
      const operation = next();
      if (operation < 0.55) {
        const acquire: LeaseRequest = {
          ...request(session.id, now, pick(pools), `lease-${step}`),
          visitorId: session.visitor,
          holdMs: pick([10, 20, 30]) * 60_000,
          reuseWhenExhausted: next() < 0.5,
        };
        const expected = await memory.acquire(acquire);
        assert.deepEqual(await redis.acquire(acquire), expected, `step ${step}: acquire`);
        const kind = expected.ok ? expected.outcome : expected.reason;
        seen.set(kind, (seen.get(kind) ?? 0) + 1);
      } else if (operation < 0.9) {
        assert.deepEqual(
          await redis.touch('pool-1', session.id, now),
          await memory.touch('pool-1', session.id, now),
          `step ${step}: touch`,
        );
      } else {
        // History may be stale or newer than what the store holds; both must keep the newer lease.
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
          previousLeaseId: pick([null, `lease-${step - 1}`]),
          reusedFromSessionId: pick([null, 's0']),
        };
        await Promise.all([redis.restore([restored]), memory.restore([restored])]);
      }
    }
    // The sequence is only a comparison if it reached every rule.
    for (const kind of [
      'renewed',
      'switched',
      'returning',
      'fresh',
      'reused',
      'pool_exhausted',
      'pool_empty',
    ]) {
      assert.ok(
        (seen.get(kind as LeaseOutcome) ?? 0) >= 5,
        `only ${seen.get(kind as LeaseOutcome) ?? 0} × ${kind}`,
      );
    }
  });

  test('restores and scans pools larger than one script chunk', async () => {
    const pool = numbers(2500);
    // Every number leased, ending at different times; the earliest end sits in the third chunk.
    const ends = pool.map((_, i) => (i === 2300 ? 0 : 1 + ((i * 7919) % 2500)));
    const leases = pool.map((number, i) => history(number, `old-${i}`, minutes(ends[i]!)));
    const store = new RedisLeaseStore(first, prefix());
    await store.restore(leases);
    assert.deepEqual(await store.acquire(request('a', minutes(30), pool)), {
      ok: false,
      reason: 'pool_exhausted',
    });
    assert.equal(leaseOf(await store.acquire(request('a', minutes(31), pool))).number, pool[2300]);

    // Reusing, the least recently active lease is the same one.
    const reusing = new RedisLeaseStore(first, prefix());
    await reusing.restore(leases);
    const reused = leaseOf(
      await reusing.acquire({ ...request('r', minutes(30), pool), reuseWhenExhausted: true }),
    );
    assert.equal(reused.number, pool[2300]);
    assert.equal(reused.reusedFromSessionId, 'old-2300');

    // A number never leased wins even when it comes last.
    const grown = [...pool, '+74959999999'];
    assert.equal(leaseOf(await store.acquire(request('b', minutes(5000), grown))).number, '+74959999999');
  });

  test('ranks numbers whose lease expired unconfirmed last, in every chunk', async () => {
    const store = new RedisLeaseStore(first, prefix());
    const pool = numbers(1500);
    // Every lease ended by minute 35, the last number's confirmed one earliest; two numbers, one in
    // each chunk, ended earlier still but unconfirmed.
    const unconfirmed = new Set([0, 1200]);
    await store.restore(
      pool.map((number, i) =>
        unconfirmed.has(i)
          ? { ...history(number, `bot-${i}`, t0), confirmed: false }
          : history(number, `old-${i}`, minutes(3 - i / 1000)),
      ),
    );
    assert.equal(leaseOf(await store.acquire(request('a', minutes(40), pool))).number, pool[1499]);
  });

  test('keeps a pool in one cluster slot, expires it, and forgets sessions and visitors whose number moved on', async () => {
    const keyPrefix = prefix();
    const key = (name: string) => `${keyPrefix}lease:{pool-1}:${name}`;
    const store = new RedisLeaseStore(first, keyPrefix);
    const pool = numbers(1);
    await store.acquire(request('a', t0, pool));
    const keys = (await first.keys(`${keyPrefix}*`)).sort();
    assert.deepEqual(
      keys,
      ['free', 'leases', 'numbers', 'pool', 'provisional', 'sessions', 'visitors'].map(key),
    );
    for (const key of keys) {
      const ttl = await first.pTTL(key);
      assert.ok(ttl > hold && ttl <= hold + DEFAULT_RETAIN_MS, `${key} expires in ${ttl} ms`);
    }
    // Provisional first: the number is free again 15 s after it was leased.
    assert.equal(await first.zScore(key('free'), pool[0]!), seconds(15).getTime());
    await store.touch('pool-1', 'a', seconds(10));
    assert.equal(await first.zScore(key('free'), pool[0]!), seconds(10).getTime() + hold);
    assert.equal(await first.exists(key('provisional')), 0);

    await store.acquire(request('b', minutes(31), pool));
    assert.deepEqual(await first.hGetAll(key('sessions')), { b: pool[0] });
    assert.deepEqual(await first.hGetAll(key('visitors')), { 'v-b': pool[0] });
    assert.deepEqual(await first.sMembers(key('provisional')), [pool[0]]);
    // A longer hold elsewhere in the pool is not cut short by a later write with a shorter one.
    const long = hold * 100;
    await store.restore([history('+74959999999', 'long', minutes(40), long)]);
    assert.equal((await store.touch('pool-1', 'b', minutes(31.1)))?.number, pool[0]);
    // Confirming b emptied the provisional set, and Redis deletes an empty set.
    assert.equal(await first.exists(key('provisional')), 0);
    for (const key of keys.filter((k) => !k.endsWith(':provisional'))) {
      assert.ok((await first.pTTL(key)) > long, `${key} lost its longer TTL`);
    }
  });

  test('reads leases written before provisional leases existed as confirmed', async () => {
    const keyPrefix = prefix();
    const store = new RedisLeaseStore(first, keyPrefix);
    const pool = numbers(1);
    const base = `${keyPrefix}lease:{pool-1}:`;
    const legacy = ['old', 'a', 'v-a', String(t0.getTime()), String(t0.getTime()), String(hold)];
    await first.hSet(`${base}leases`, pool[0]!, JSON.stringify(legacy));
    await first.hSet(`${base}sessions`, 'a', pool[0]!);
    await first.zAdd(`${base}free`, { score: t0.getTime() + hold, value: pool[0]! });
    const touched = await store.touch('pool-1', 'a', minutes(1));
    assert.equal(touched?.confirmed, true);
    assert.equal(touched?.previousLeaseId, null);
    // Whoever takes the number next gets the old lease back in the new shape.
    await first.hSet(`${base}leases`, pool[0]!, JSON.stringify(legacy));
    await first.hSet(`${base}visitors`, 'v-a', pool[0]!);
    const next = leaseOf(await store.acquire({ ...request('a2', minutes(2), pool), visitorId: 'v-a' }));
    assert.equal(next.previousLeaseId, 'old');
    assert.equal(next.confirmed, true);
  });

  test('runs its scripts again after Redis forgot them', async () => {
    let evals = 0;
    const forgetful = {
      evalSha: async () => {
        throw new Error('NOSCRIPT No matching script. Please use EVAL.');
      },
      eval: (script: string, options: { keys: string[]; arguments: string[] }) => {
        evals += 1;
        return first.eval(script, options);
      },
    };
    const store = new RedisLeaseStore(forgetful, prefix());
    assert.equal(leaseOf(await store.acquire(request('a', t0, numbers(2)))).number, numbers(2)[0]);
    assert.equal((await store.touch('pool-1', 'a', seconds(10)))?.sessionId, 'a');
    assert.equal(evals, 2);
  });
});

/**
 * The Redis lease store against the shared contract, against the memory store operation by operation,
 * and under concurrent use by two clients standing in for two server processes. Needs REDIS_URL.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Lease, LeaseRequest, LeaseResult } from '@calltrail/core';
import { leaseStoreContract } from '@calltrail/core/testing';
import { createClient } from 'redis';
import { MemoryLeaseStore } from '../memory/lease-store.ts';
import { DEFAULT_RETAIN_MS, RedisLeaseStore } from './lease-store.ts';

const url = process.env.REDIS_URL;
const connect = () => createClient({ url }).connect();
type Client = Awaited<ReturnType<typeof connect>>;
const t0 = new Date('2026-01-05T10:00:00Z');
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);
const hold = 30 * 60_000;
const numbers = (count: number) =>
  Array.from({ length: count }, (_, i) => `+7495${String(i + 1).padStart(7, '0')}`);

function request(
  sessionId: string,
  now: Date,
  pool: readonly string[],
  id = `lease-${sessionId}`,
): LeaseRequest {
  return { id, poolId: 'pool-1', sessionId, visitorId: `v-${sessionId}`, numbers: pool, holdMs: hold, now };
}

function leaseOf(result: LeaseResult): Lease {
  assert.ok(result.ok, `expected a lease, got ${JSON.stringify(result)}`);
  return result.lease;
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

if (!url) {
  if (process.env.CI) {
    test('redis lease store', () => {
      assert.fail('REDIS_URL is not set on CI: the Redis lease store would go untested');
    });
  } else {
    // A skipped test rather than a skipped suite, so the run's closing summary counts it.
    test('redis lease store', {
      skip: 'REDIS_URL is not set (e.g. REDIS_URL=redis://127.0.0.1:6379)',
    }, () => {});
  }
} else {
  describe('redis lease store', () => {
    // Every store gets its own prefix under this run's, so runs and tests never see each other's keys.
    const runPrefix = `calltrail-test:${randomUUID()}:`;
    let stores = 0;
    const prefix = () => `${runPrefix}${++stores}:`;
    let first: Client;
    let second: Client;

    before(async () => {
      [first, second] = await Promise.all([connect(), connect()]);
    });

    after(async () => {
      for await (const keys of first.scanIterator({ MATCH: `${runPrefix}*`, COUNT: 500 })) {
        if (keys.length > 0) await first.del(keys);
      }
      await Promise.all([first.close(), second.close()]);
    });

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
        if (result.fresh) fresh += 1;
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
        const touched = await stores[s % 2]!.touch('pool-1', sessionId, minutes(1));
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
      const pools = [all, all, all, all.slice(0, 3), all.slice(1), [...all].reverse(), []];
      let clock = 0;
      for (let step = 0; step < 600; step++) {
        clock += pick([0, 0, 1, 2, 5, 10]);
        const now = minutes(clock);
        const sessionId = `s${Math.floor(next() * 10)}`;
        const operation = next();
        if (operation < 0.6) {
          const acquire: LeaseRequest = {
            ...request(sessionId, now, pick(pools), `lease-${step}`),
            holdMs: pick([10, 20, 30]) * 60_000,
          };
          assert.deepEqual(
            await redis.acquire(acquire),
            await memory.acquire(acquire),
            `step ${step}: acquire`,
          );
        } else if (operation < 0.9) {
          assert.deepEqual(
            await redis.touch('pool-1', sessionId, now),
            await memory.touch('pool-1', sessionId, now),
            `step ${step}: touch`,
          );
        } else {
          // History may be stale or newer than what the store holds; both must keep the newer lease.
          const lastActivityAt = minutes(clock - pick([0, 1, 5, 20, 40]));
          const restored: Lease = {
            id: `restored-${step}`,
            poolId: 'pool-1',
            number: pick(all),
            sessionId,
            visitorId: `v-${sessionId}`,
            startedAt: minutes(clock - 60),
            lastActivityAt,
            holdMs: hold,
          };
          await Promise.all([redis.restore([restored]), memory.restore([restored])]);
        }
      }
    });

    test('restores and scans pools larger than one script chunk', async () => {
      const store = new RedisLeaseStore(first, prefix());
      const pool = numbers(2500);
      // Every number leased, ending at different times; the earliest end sits in the third chunk.
      const ends = pool.map((_, i) => (i === 2300 ? 0 : 1 + ((i * 7919) % 2500)));
      await store.restore(
        pool.map((number, i) => ({
          id: `old-${i}`,
          poolId: 'pool-1',
          number,
          sessionId: `old-${i}`,
          visitorId: `v-old-${i}`,
          startedAt: t0,
          lastActivityAt: minutes(ends[i]!),
          holdMs: hold,
        })),
      );
      assert.deepEqual(await store.acquire(request('a', minutes(30), pool)), {
        ok: false,
        reason: 'pool_exhausted',
      });
      assert.equal(leaseOf(await store.acquire(request('a', minutes(31), pool))).number, pool[2300]);

      // A number never leased wins even when it comes last.
      const grown = [...pool, '+74959999999'];
      assert.equal(leaseOf(await store.acquire(request('b', minutes(5000), grown))).number, '+74959999999');
    });

    test('keeps a pool in one cluster slot, expires it, and forgets sessions whose number moved on', async () => {
      const keyPrefix = prefix();
      const store = new RedisLeaseStore(first, keyPrefix);
      const pool = numbers(1);
      await store.acquire(request('a', t0, pool));
      const keys = (await first.keys(`${keyPrefix}*`)).sort();
      assert.deepEqual(keys, [
        `${keyPrefix}lease:{pool-1}:free`,
        `${keyPrefix}lease:{pool-1}:leases`,
        `${keyPrefix}lease:{pool-1}:sessions`,
      ]);
      for (const key of keys) {
        const ttl = await first.pTTL(key);
        assert.ok(ttl > hold && ttl <= hold + DEFAULT_RETAIN_MS, `${key} expires in ${ttl} ms`);
      }
      assert.equal(await first.zScore(keys[0]!, pool[0]!), minutes(30).getTime());

      await store.acquire(request('b', minutes(31), pool));
      assert.deepEqual(await first.hGetAll(keys[2]!), { b: pool[0] });
      // A longer hold elsewhere in the pool is not cut short by a later write with a shorter one.
      const long = hold * 100;
      await store.restore([
        {
          id: 'long',
          poolId: 'pool-1',
          number: '+74959999999',
          sessionId: 'long',
          visitorId: 'v-long',
          startedAt: minutes(40),
          lastActivityAt: minutes(40),
          holdMs: long,
        },
      ]);
      assert.equal((await store.touch('pool-1', 'b', minutes(45)))?.number, pool[0]);
      for (const key of keys) assert.ok((await first.pTTL(key)) > long, `${key} lost its longer TTL`);
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
      assert.equal((await store.touch('pool-1', 'a', minutes(1)))?.sessionId, 'a');
      assert.equal(evals, 2);
    });
  });
}

/**
 * The Redis lease store against the shared contract, against the memory store operation by operation,
 * and under concurrent use by two clients standing in for two server processes. Needs REDIS_URL.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  type Lease,
  type LeaseOutcome,
  type LeaseRequest,
  type LeaseResult,
  MemoryLeaseStore,
} from '@calltrail/core';
import { leaseStoreContract } from '@calltrail/core/testing';
import { createClient } from 'redis';
import { DEFAULT_RETAIN_MS, type LeaseScriptClient, RedisLeaseStore } from './lease-store.ts';

const url = process.env.REDIS_URL;
const connect = () => createClient({ url }).connect();
type Client = Awaited<ReturnType<typeof connect>>;
const t0 = new Date('2026-01-05T10:00:00Z');
const seconds = (n: number) => new Date(t0.getTime() + n * 1000);
const minutes = (n: number) => seconds(n * 60);
const hold = 30 * 60_000;
const numbers = (count: number) =>
  Array.from({ length: count }, (_, i) => `+7495${String(i + 1).padStart(7, '0')}`);

function request(
  sessionId: string,
  now: Date,
  pool: readonly string[],
  id = `lease-${sessionId}`,
): LeaseRequest {
  return {
    id,
    poolId: 'pool-1',
    sessionId,
    visitorId: `v-${sessionId}`,
    numbers: pool,
    holdMs: hold,
    reuseWhenExhausted: false,
    now,
  };
}

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

    /** A client passing every script call on to `target`, keeping the arguments of each. */
    function recording(target: Client = first): { client: LeaseScriptClient; calls: string[][] } {
      const calls: string[][] = [];
      const client: LeaseScriptClient = {
        evalSha: (sha1, options) => {
          calls.push(options.arguments);
          return target.evalSha(sha1, options);
        },
        eval: (script, options) => {
          calls.push(options.arguments);
          return target.eval(script, options);
        },
      };
      return { client, calls };
    }

    test("a renewal sends none of the pool's numbers, a new lease all of them", async () => {
      const { client, calls } = recording();
      const store = new RedisLeaseStore(client, prefix());
      const pool = numbers(500);
      const leased = leaseOf(await store.acquire(request('a', t0, pool)));
      assert.equal(calls.length, 1);
      assert.ok(pool.every((number) => calls[0]!.includes(number)));
      for (const at of [seconds(5), seconds(65), seconds(125)]) {
        const again = await store.acquire(request('a', at, pool, 'unused'));
        assert.ok(again.ok && again.outcome === 'renewed' && again.lease.id === leased.id);
        assert.deepEqual(again.lease.lastActivityAt, at);
      }
      assert.equal(calls.length, 4);
      for (const args of calls.slice(1))
        assert.ok(args.length < 5, `a renewal sent ${args.length} arguments`);
    });

    /** Which numbers of `pool` each recorded call sent: the list, or none of it. */
    const sent = (calls: string[][], pool: readonly string[]) =>
      calls.map((args) => {
        const count = pool.filter((number) => args.includes(number)).length;
        assert.ok(count === 0 || count === pool.length, `a call sent ${count} of ${pool.length} numbers`);
        return count === 0 ? 'hash' : 'list';
      });

    test('sends a list once, and again only when Redis holds another: a change is seen at once', async () => {
      const shared = prefix();
      const [mine, theirs] = [recording(first), recording(second)];
      const here = new RedisLeaseStore(mine.client, shared);
      const there = new RedisLeaseStore(theirs.client, shared);
      const [a, b, c] = numbers(3) as [string, string, string];
      assert.equal(leaseOf(await here.acquire(request('s1', t0, [a]))).number, a);
      assert.deepEqual(await here.acquire(request('s2', seconds(1), [a])), {
        ok: false,
        reason: 'pool_exhausted',
      });
      assert.deepEqual(sent(mine.calls, [a]), ['list', 'hash']);
      // Another process adds a number: the exhaustion recorded for the old list does not hide it.
      assert.equal(leaseOf(await there.acquire(request('s2', seconds(2), [a, b]))).number, b);
      assert.deepEqual(sent(theirs.calls, [a, b]), ['list']);
      // This process still has the old list: Redis asks for it rather than ranking the other one.
      mine.calls.length = 0;
      assert.deepEqual(await here.acquire(request('s3', seconds(3), [a])), {
        ok: false,
        reason: 'pool_exhausted',
      });
      assert.deepEqual(sent(mine.calls, [a]), ['hash', 'list']);
      // A list new to this process goes with the first acquire, and the content decides, not the array.
      mine.calls.length = 0;
      const grown = [a, b, c];
      assert.equal(leaseOf(await here.acquire(request('s3', seconds(4), grown))).number, c);
      assert.deepEqual(await here.acquire(request('s4', seconds(5), [...grown])), {
        ok: false,
        reason: 'pool_exhausted',
      });
      assert.deepEqual(sent(mine.calls, grown), ['list', 'hash']);
    });

    test('a stale list in Redis never hands out a number the caller removed', async () => {
      const shared = prefix();
      const [mine, theirs] = [recording(first), recording(second)];
      const here = new RedisLeaseStore(mine.client, shared);
      const there = new RedisLeaseStore(theirs.client, shared);
      const memory = new MemoryLeaseStore();
      const [x, y] = numbers(2) as [string, string];
      const both = async (store: RedisLeaseStore, asked: LeaseRequest) => {
        const got = await store.acquire(asked);
        assert.deepEqual(got, await memory.acquire(asked));
        return got;
      };
      assert.equal(leaseOf(await both(there, request('s1', t0, [y]))).number, y);
      // A process that still lists x stores its list (renewing s1 on the way); x was never leased.
      const renewed = await both(here, request('s1', seconds(1), [x, y]));
      assert.ok(renewed.ok && renewed.outcome === 'renewed');
      // `there` believes Redis holds its list without x: the script must not rank the one holding x.
      theirs.calls.length = 0;
      assert.deepEqual(await both(there, request('s2', seconds(2), [y])), {
        ok: false,
        reason: 'pool_exhausted',
      });
      assert.deepEqual(sent(theirs.calls, [y]), ['hash', 'list']);
      assert.equal(leaseOf(await both(here, request('s3', seconds(3), [x, y]))).number, x);
    });

    test('an exhausted pool answers without ranking its numbers until the earliest window ends', async () => {
      const keyPrefix = prefix();
      const key = (name: string) => `${keyPrefix}lease:{pool-1}:${name}`;
      const store = new RedisLeaseStore(first, keyPrefix);
      const memory = new MemoryLeaseStore();
      const pool = numbers(3);
      const both = async (asked: LeaseRequest) => {
        const got = await store.acquire(asked);
        assert.deepEqual(got, await memory.acquire(asked));
        return got;
      };
      const exhausted = { ok: false, reason: 'pool_exhausted' };
      // Confirmed leases ending at 10 s, 5 s and 12 s past the hold: the second number frees first.
      for (const session of ['a', 'b', 'c']) await both(request(session, t0, pool));
      for (const [session, at] of [
        ['a', 10],
        ['b', 5],
        ['c', 12],
      ] as const) {
        await both(request(session, seconds(at), pool));
      }
      const earliest = seconds(5).getTime() + hold;
      assert.deepEqual(await both(request('d', minutes(1), pool)), exhausted);
      assert.equal(await first.hGet(key('pool'), 'full'), String(earliest));

      // Were the numbers ranked, the first would now look free since the epoch: it is not even read.
      await first.zAdd(key('free'), { score: 0, value: pool[0]! });
      assert.deepEqual(await store.acquire(request('e', minutes(2), pool)), exhausted);
      await first.zAdd(key('free'), { score: seconds(10).getTime() + hold, value: pool[0]! });

      assert.deepEqual(await both(request('e', new Date(earliest), pool)), exhausted);
      const freed = leaseOf(await both(request('e', new Date(earliest + 1), pool)));
      assert.equal(freed.number, pool[1]);
    });

    test('a reuse or a shorter hold frees a number before the recorded exhaustion ends', async () => {
      const keyPrefix = prefix();
      const key = (name: string) => `${keyPrefix}lease:{pool-1}:${name}`;
      const store = new RedisLeaseStore(first, keyPrefix);
      const memory = new MemoryLeaseStore();
      const pool = numbers(2);
      const both = async (asked: LeaseRequest) => {
        const got = await store.acquire(asked);
        assert.deepEqual(got, await memory.acquire(asked));
        return got;
      };
      for (const session of ['a', 'b']) {
        await both(request(session, t0, pool));
        await both(request(session, seconds(5), pool));
      }
      assert.equal((await both(request('c', minutes(1), pool))).ok, false);
      assert.equal(await first.hGet(key('pool'), 'full'), String(seconds(5).getTime() + hold));
      // The exhausted pool still reuses; the reused number is provisional and free again 15 s later.
      const reused = await both({ ...request('r', minutes(2), pool), reuseWhenExhausted: true });
      assert.ok(reused.ok && reused.outcome === 'reused');
      assert.equal(await first.hGet(key('pool'), 'full'), String(minutes(2).getTime() + 15_000));
      assert.equal((await both(request('c', minutes(2.25), pool))).ok, false);
      assert.equal(
        leaseOf(await both(request('c', new Date(minutes(2.25).getTime() + 1), pool))).number,
        reused.lease.number,
      );
      await both(request('c', minutes(2.5), pool));
      // A visitor's new session with a much shorter hold takes over a number that then ends sooner.
      const other = pool.find((number) => number !== reused.lease.number)!;
      const owner = other === pool[0] ? 'a' : 'b';
      assert.equal((await both(request('x', minutes(3), pool))).ok, false);
      const switched = await both({
        ...request('s', minutes(3), pool),
        visitorId: `v-${owner}`,
        holdMs: 60_000,
      });
      assert.ok(switched.ok && switched.outcome === 'switched');
      assert.equal(await first.hGet(key('pool'), 'full'), String(minutes(4).getTime()));
      await both({ ...request('s', minutes(3.5), pool), visitorId: `v-${owner}`, holdMs: 60_000 });
      assert.equal((await both(request('x', minutes(4.5), pool))).ok, false);
      assert.equal(
        leaseOf(await both(request('x', new Date(minutes(4.5).getTime() + 1), pool))).number,
        other,
      );
    });

    test('renewals, switches and returning visitors go before the recorded exhaustion', async () => {
      const keyPrefix = prefix();
      const key = (name: string) => `${keyPrefix}lease:{pool-1}:${name}`;
      const setup = new RedisLeaseStore(first, keyPrefix);
      const [a, b] = numbers(2) as [string, string];
      const pool = [a, b];
      await setup.acquire(request('a', t0, pool));
      await setup.acquire(request('a', seconds(10), pool));
      // b's lease is never confirmed, so its number is free from 15 s on.
      await setup.acquire(request('b', t0, pool));
      // Recorded by hand so it outlasts every lease: only the order of the rules lets these through.
      await first.hSet(key('pool'), 'full', String(minutes(1000).getTime()));
      // A store that has seen none of these sessions, so each acquire runs the full script.
      const store = new RedisLeaseStore(second, keyPrefix);
      assert.deepEqual(await store.acquire(request('x', minutes(1), pool)), {
        ok: false,
        reason: 'pool_exhausted',
      });
      const renewed = await store.acquire(request('a', minutes(1), pool));
      assert.ok(renewed.ok && renewed.outcome === 'renewed' && renewed.lease.number === a);
      const switched = await store.acquire({ ...request('a2', minutes(2), pool), visitorId: 'v-a' });
      assert.ok(switched.ok && switched.outcome === 'switched' && switched.lease.number === a);
      const returning = await store.acquire({ ...request('b2', minutes(3), pool), visitorId: 'v-b' });
      assert.ok(returning.ok && returning.outcome === 'returning' && returning.lease.number === b);
    });

    test('a session whose number another process switched away is not renewed from a stale guess', async () => {
      const shared = prefix();
      const [here, there] = [new RedisLeaseStore(first, shared), new RedisLeaseStore(second, shared)];
      const memory = new MemoryLeaseStore();
      const pool = numbers(3);
      const ask = (sessionId: string, now: Date, id: string): LeaseRequest => ({
        ...request(sessionId, now, pool, id),
        visitorId: 'v-one',
      });
      // `here` last saw a's lease live until past minute 30, but `there` gave the number to b meanwhile.
      const steps: [RedisLeaseStore, LeaseRequest][] = [
        [here, ask('a', t0, 'l1')],
        [here, ask('a', seconds(10), 'l2')],
        [there, ask('b', minutes(1), 'l3')],
        [here, ask('a', minutes(2), 'l4')],
        [there, ask('b', minutes(3), 'l5')],
      ];
      const outcomes: string[] = [];
      for (const [store, asked] of steps) {
        const expected = await memory.acquire(asked);
        const got = await store.acquire(asked);
        assert.deepEqual(got, expected);
        outcomes.push(got.ok ? got.outcome : got.reason);
      }
      assert.deepEqual(outcomes, ['fresh', 'renewed', 'switched', 'switched', 'switched']);
    });

    test("a lease renewed through another process is renewed here too, however old this one's view", async () => {
      const shared = prefix();
      const [here, there] = [new RedisLeaseStore(first, shared), new RedisLeaseStore(second, shared)];
      const pool = numbers(2);
      const leased = leaseOf(await here.acquire(request('a', t0, pool)));
      // `here` saw a provisional lease ending at 15 s; `there` confirmed it and kept it alive since.
      for (const at of [seconds(10), minutes(20), minutes(40)])
        await there.acquire(request('a', at, pool, 'x'));
      const again = await here.acquire(request('a', minutes(60), pool, 'y'));
      assert.ok(again.ok && again.outcome === 'renewed');
      assert.equal(again.lease.id, leased.id);
    });

    test('a session whose lease Redis lost gets a new one in the same call', async () => {
      const keyPrefix = prefix();
      const { client, calls } = recording();
      const store = new RedisLeaseStore(client, keyPrefix);
      const pool = numbers(2);
      await store.acquire(request('a', t0, pool));
      await store.acquire(request('a', seconds(10), pool));
      // A failover to a replica that missed the writes, say.
      await first.del(await first.keys(`${keyPrefix}*`));
      const again = await store.acquire(request('a', seconds(20), pool, 'lease-a-again'));
      assert.ok(again.ok && again.outcome === 'fresh');
      assert.equal(again.lease.id, 'lease-a-again');
      // The renewal found nothing, so the full acquire ran, and Redis asked for the list it lost.
      assert.equal(calls.length, 5);
      assert.ok(calls[3]!.length < 10 && pool.every((number) => calls[4]!.includes(number)));
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
}

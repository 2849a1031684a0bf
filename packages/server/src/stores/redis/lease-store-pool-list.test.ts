/**
 * The Redis lease store's handling of a pool's number list (sent once, then named by its hash, and sent
 * again when Redis holds another) and of the exhausted hint (`full`), which answers an exhausted pool
 * without ranking its numbers. Needs REDIS_URL.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type LeaseRequest, MemoryLeaseStore } from '@calltrail/core';
import { RedisLeaseStore } from './lease-store.ts';
import {
  describeWithRedis,
  hold,
  leaseOf,
  minutes,
  numbers,
  recording,
  request,
  seconds,
  t0,
} from './lease-store-testing.ts';

/** Which numbers of `pool` each recorded call sent: the list, or none of it. */
const sent = (calls: string[][], pool: readonly string[]) =>
  calls.map((args) => {
    const count = pool.filter((number) => args.includes(number)).length;
    assert.ok(count === 0 || count === pool.length, `a call sent ${count} of ${pool.length} numbers`);
    return count === 0 ? 'hash' : 'list';
  });

describeWithRedis(
  "redis lease store: the pool's list and the exhausted hint",
  ({ first, second, prefix }) => {
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
  },
);

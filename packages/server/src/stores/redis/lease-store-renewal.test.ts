/**
 * The Redis lease store's renewal shortcut: a session this process saw holding a live lease is renewed
 * by the touch script alone, sending none of the pool's numbers, and a wrong guess (the number moved on,
 * the lease was renewed elsewhere or lost) falls back to the full acquire. Needs REDIS_URL.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type LeaseRequest, MemoryLeaseStore } from '@calltrail/core';
import { RedisLeaseStore } from './lease-store.ts';
import {
  describeWithRedis,
  leaseOf,
  minutes,
  numbers,
  recording,
  request,
  seconds,
  t0,
} from './lease-store-testing.ts';

describeWithRedis('redis lease store: renewals', ({ first, second, prefix }) => {
  test("a renewal sends none of the pool's numbers, a new lease all of them", async () => {
    const { client, calls } = recording(first);
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
    for (const args of calls.slice(1)) assert.ok(args.length < 5, `a renewal sent ${args.length} arguments`);
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
    const { client, calls } = recording(first);
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
});

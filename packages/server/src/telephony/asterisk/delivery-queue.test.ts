/** Specification of delivery to the database and of retry delays: in order, retried, never dropped. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ProviderCallEvent, ProviderOutcome } from '@calltrail/core';
import { backoffDelay } from './backoff.ts';
import { DeliveryQueue } from './delivery-queue.ts';

const outcome = (key: string): ProviderOutcome => ({
  calls: [{ providerCallId: 'c', dedupeKey: key, raw: {}, event: {} as ProviderCallEvent['event'] }],
  recordings: [],
});
const fast = { initialMs: 2, maxMs: 10 };

describe('delivering call events', () => {
  test('a database that fails for a while gets every outcome, in order, once it is back', async () => {
    const stored: string[] = [];
    let failures = 3;
    const logged: string[] = [];
    const queue = new DeliveryQueue(
      {
        deliver: async (item) => {
          if (failures-- > 0) throw new Error('connection refused');
          stored.push(item.calls[0]!.dedupeKey);
        },
      },
      (message) => logged.push(message),
      fast,
    );
    for (const key of ['a', 'b', 'c']) queue.push(outcome(key));
    await queue.drain();
    assert.deepEqual(stored, ['a', 'b', 'c']);
    assert.equal(logged.length, 3);
    assert.equal(queue.pending, 0);
  });

  test('outcomes pushed while one is being stored wait their turn', async () => {
    const stored: string[] = [];
    const queue = new DeliveryQueue(
      {
        deliver: async (item) => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          stored.push(item.calls[0]!.dedupeKey);
        },
      },
      () => {},
      fast,
    );
    queue.push(outcome('a'));
    await new Promise((resolve) => setTimeout(resolve, 1));
    queue.push(outcome('b'));
    await queue.drain();
    assert.deepEqual(stored, ['a', 'b']);
  });

  test('an outcome with nothing in it is not delivered', async () => {
    let deliveries = 0;
    const queue = new DeliveryQueue({ deliver: async () => void deliveries++ }, () => {}, fast);
    queue.push({ calls: [], recordings: [] });
    await queue.drain();
    assert.equal(deliveries, 0);
  });
});

describe('retry delays', () => {
  test('double up to the cap, with half of each step random', () => {
    const backoff = { initialMs: 1000, maxMs: 8000 };
    assert.deepEqual(
      [0, 1, 2, 3, 4, 10].map((attempt) => backoffDelay(attempt, backoff, () => 0)),
      [500, 1000, 2000, 4000, 4000, 4000],
    );
    assert.deepEqual(
      [0, 1, 2, 3, 4, 10].map((attempt) => backoffDelay(attempt, backoff, () => 1)),
      [1000, 2000, 4000, 8000, 8000, 8000],
    );
  });
});

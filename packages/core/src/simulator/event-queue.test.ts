import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventQueue } from './event-queue.ts';
import { createRandom } from './random.ts';

test('items come out in time order, and items due together in the order they were pushed', () => {
  const queue = new EventQueue<string>();
  queue.push(30, 'c');
  queue.push(10, 'a1');
  queue.push(20, 'b');
  queue.push(10, 'a2');
  queue.push(10, 'a3');
  const out: string[] = [];
  for (let item = queue.pop(); item !== undefined; item = queue.pop()) out.push(item);
  assert.deepEqual(out, ['a1', 'a2', 'a3', 'b', 'c']);
});

test('an empty queue has nothing due and pops nothing', () => {
  const queue = new EventQueue<number>();
  assert.equal(queue.peekTime(), Number.POSITIVE_INFINITY);
  assert.equal(queue.pop(), undefined);
});

test('interleaved pushes and pops agree with a stable sort', () => {
  const random = createRandom(3);
  const queue = new EventQueue<number>();
  const popped: number[] = [];
  let id = 0;
  for (let round = 0; round < 5_000; round++) {
    if (random.chance(0.6)) {
      const at = random.below(500);
      queue.push(at, id++);
    } else {
      const item = queue.pop();
      if (item !== undefined) popped.push(item);
    }
  }
  for (let item = queue.pop(); item !== undefined; item = queue.pop()) popped.push(item);
  assert.equal(queue.size, 0);
  // Replay the same operations on a list sorted before every pop.
  const replay = createRandom(3);
  const pending: { at: number; id: number }[] = [];
  const reference: number[] = [];
  let next = 0;
  for (let round = 0; round < 5_000; round++) {
    if (replay.chance(0.6)) {
      pending.push({ at: replay.below(500), id: next++ });
    } else if (pending.length > 0) {
      pending.sort((a, b) => a.at - b.at || a.id - b.id);
      reference.push(pending.shift()!.id);
    }
  }
  pending.sort((a, b) => a.at - b.at || a.id - b.id);
  reference.push(...pending.map((p) => p.id));
  assert.deepEqual(popped, reference);
});

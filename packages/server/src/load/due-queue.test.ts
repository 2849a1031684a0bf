import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DueQueue } from './due-queue.ts';
import { seededRandom } from './seeded-random.ts';

test('items come out earliest first, whatever order they went in', () => {
  const random = seededRandom(11);
  const queue = new DueQueue<number>();
  const times = Array.from({ length: 1000 }, () => random.int(500));
  times.forEach((at, i) => {
    queue.push(at, i);
  });
  const out: number[] = [];
  while (queue.size > 0) {
    const at = queue.nextAt;
    const i = queue.pop() as number;
    assert.equal(times[i], at);
    out.push(at);
  }
  assert.deepEqual(
    out,
    [...times].sort((a, b) => a - b),
  );
  assert.equal(queue.pop(), undefined);
  assert.equal(queue.nextAt, Number.POSITIVE_INFINITY);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fakeClock } from '../testing/fake-clock.ts';
import { RateLimiter } from './rate-limit.ts';

test('a client gets a minute’s allowance at once, then one request per refill interval', () => {
  const clock = fakeClock();
  const limiter = new RateLimiter(60, clock);
  for (let i = 0; i < 60; i++) assert.equal(limiter.take('ip site'), 0, `request ${i}`);
  assert.equal(limiter.take('ip site'), 1);
  clock.advance({ seconds: 1 });
  assert.equal(limiter.take('ip site'), 0);
  assert.equal(limiter.take('ip site'), 1);
});

test('each IP and site has its own bucket', () => {
  const limiter = new RateLimiter(1, fakeClock());
  assert.equal(limiter.take('1.2.3.4 a'), 0);
  assert.equal(limiter.take('1.2.3.4 b'), 0);
  assert.equal(limiter.take('5.6.7.8 a'), 0);
  assert.equal(limiter.take('1.2.3.4 a'), 60);
});

test('a limit of 0 allows everything', () => {
  const limiter = new RateLimiter(0, fakeClock());
  for (let i = 0; i < 1000; i++) assert.equal(limiter.take('k'), 0);
});

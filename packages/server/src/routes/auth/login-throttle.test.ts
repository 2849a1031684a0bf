import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loginThrottle } from './login-throttle.ts';

const at = (minutes: number) => new Date(Date.UTC(2026, 0, 5, 10, minutes));

test('the tenth failure within the window makes the pair wait until the window ends', () => {
  const throttle = loginThrottle({ maxFailures: 10, windowMs: 15 * 60_000 });
  for (let i = 0; i < 9; i++) throttle.failed('a@example.com', '10.0.0.1', at(0));
  assert.equal(throttle.retryAfter('a@example.com', '10.0.0.1', at(1)), 0);
  throttle.failed('A@Example.com ', '10.0.0.1', at(1));
  assert.equal(throttle.retryAfter('a@example.com', '10.0.0.1', at(5)), 600);
  assert.equal(throttle.retryAfter('a@example.com', '10.0.0.2', at(5)), 0, 'another address is not affected');
  assert.equal(throttle.retryAfter('a@example.com', '10.0.0.1', at(15)), 0, 'the window has passed');
});

test('a successful log-in forgets the failures', () => {
  const throttle = loginThrottle({ maxFailures: 2 });
  throttle.failed('a@example.com', 'ip', at(0));
  throttle.succeeded('a@example.com', 'ip');
  throttle.failed('a@example.com', 'ip', at(0));
  assert.equal(throttle.retryAfter('a@example.com', 'ip', at(0)), 0);
});

test('the table stays within its size by dropping expired and then the oldest entries', () => {
  const throttle = loginThrottle({ maxFailures: 1, maxKeys: 3 });
  for (const ip of ['1', '2', '3', '4']) throttle.failed('a@example.com', ip, at(0));
  assert.equal(throttle.retryAfter('a@example.com', '1', at(0)), 0, 'the oldest was dropped');
  assert.ok(throttle.retryAfter('a@example.com', '4', at(0)) > 0);
});

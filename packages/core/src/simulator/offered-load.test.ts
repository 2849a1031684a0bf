import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ArrivalIntensity } from './arrival-intensity.ts';
import { HoldingTimes, offeredLoadByHour } from './offered-load.ts';

const hourMs = 3_600_000;
const start = Date.parse('2026-01-05T00:00:00Z');

/** A steady `perHour` arrivals an hour. */
function steady(perHour: number): ArrivalIntensity {
  return {
    ratesAt: () => Number.POSITIVE_INFINITY,
    expected: (from, to) => (perHour * (to - from)) / hourMs,
  };
}

function holding(...minutes: number[]): HoldingTimes {
  const times = new HoldingTimes();
  for (const m of minutes) times.add(m * 60_000);
  return times;
}

test('a steady load is λ · E[S] once the first holders have had time to arrive', () => {
  const load = offeredLoadByHour(steady(60), holding(30), start, start + 3 * hourMs);
  assert.ok(Math.abs(load[1]! - 30) < 1e-9, `${load[1]}`);
  assert.ok(Math.abs(load[2]! - 30) < 1e-9);
});

test('only the mean holding time matters in steady state, whatever the mix', () => {
  const load = offeredLoadByHour(steady(120), holding(0.25, 10, 0.25, 10), start, start + 2 * hourMs);
  assert.ok(Math.abs(load[1]! - 2 * 5.125) < 1e-9, `${load[1]}`);
});

test('the pools start empty, so the load ramps up over the first holding time', () => {
  // Rising linearly to 30 over the first half hour, then flat: a mean of 22.5 over the first hour.
  const [first] = offeredLoadByHour(steady(60), holding(30), start, start + hourMs);
  assert.ok(Math.abs(first! - 22.5) < 0.5, `${first}`);
});

test('a run that ends mid-hour averages its last hour over the part it ran', () => {
  const load = offeredLoadByHour(steady(60), holding(1), start, start + 1.5 * hourMs);
  assert.equal(load.length, 2);
  assert.ok(Math.abs(load[1]! - 1) < 1e-9, `${load[1]}`);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LatencyHistogram } from './latency-histogram.ts';

test('percentiles are within 1% of the exact ones', () => {
  const histogram = new LatencyHistogram();
  const values = Array.from({ length: 100_000 }, (_, i) => 0.05 + (i % 10_000) * 0.01);
  for (const value of values) histogram.record(value);
  const sorted = [...values].sort((a, b) => a - b);
  for (const q of [0.5, 0.9, 0.99, 0.999]) {
    const exact = sorted[Math.ceil(q * sorted.length) - 1] ?? 0;
    const got = histogram.quantile(q);
    assert.ok(Math.abs(got - exact) / exact < 0.01, `q${q}: ${got} vs ${exact}`);
  }
});

test('the maximum and the mean are exact, and nothing recorded reads as zero', () => {
  const histogram = new LatencyHistogram();
  assert.deepEqual(histogram.stats(), { count: 0, p50: 0, p99: 0, p999: 0, max: 0, mean: 0 });
  for (const ms of [1, 2, 3, 250]) histogram.record(ms);
  const stats = histogram.stats();
  assert.equal(stats.count, 4);
  assert.equal(stats.max, 250);
  assert.equal(stats.mean, 64);
  assert.equal(stats.p999, 250);
});

test('a single value reads back as itself, however it falls in its bucket', () => {
  for (const ms of [0, 0.0004, 0.7, 13.37, 1234.5]) {
    const histogram = new LatencyHistogram();
    histogram.record(ms);
    assert.equal(histogram.quantile(0.5), ms);
  }
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { referenceVisitModel } from './visit-plan.ts';
import { type ScheduleOptions, scheduledRequests, sessionRateFor, visitSchedule } from './visit-schedule.ts';

const options: ScheduleOptions = {
  rate: 10,
  process: 'uniform',
  seed: 1,
  durationS: 10,
  maxVisits: null,
  timeScale: 20,
  model: referenceVisitModel,
};

test('uniform arrivals start visits at exactly the rate, evenly spaced, until the end of the run', () => {
  const visits = [...visitSchedule(options)];
  assert.equal(visits.length, 100);
  visits.forEach((visit, i) => {
    assert.equal(visit.atMs, i * 100);
  });
});

test('Poisson arrivals average the rate', () => {
  const visits = [...visitSchedule({ ...options, process: 'poisson', rate: 100, durationS: 100 })];
  // 10,000 expected; three standard deviations is 300.
  assert.ok(Math.abs(visits.length - 10_000) < 300, `${visits.length} visits`);
});

test('--sessions stops admitting visits before the end of the run', () => {
  assert.equal([...visitSchedule({ ...options, maxVisits: 7 })].length, 7);
});

test('time is compressed: a heartbeat 60 simulated seconds in is due 3 s after the visit starts at scale 20', () => {
  for (const visit of visitSchedule({ ...options, durationS: 100 })) {
    visit.plan.steps.forEach((step, i) => {
      assert.ok(Math.abs((visit.stepsAtMs[i] ?? 0) - (visit.atMs + step.atS * 50)) < 1e-6);
    });
    const first = visit.plan.steps.findIndex((step) => step.kind === 'heartbeat');
    if (first >= 0) assert.ok(Math.abs((visit.stepsAtMs[first] ?? 0) - visit.atMs - 3000) < 1e-6);
  }
});

test('the session rate for a request rate puts that many requests in the measured window', () => {
  const base = { ...options, process: 'poisson' as const, durationS: 15 };
  const rate = sessionRateFor(1000, base, 5);
  const requests = scheduledRequests({ ...base, rate }, 5);
  assert.ok(Math.abs(requests - 10_000) < 200, `${requests} requests at ${rate} visits/s`);
});

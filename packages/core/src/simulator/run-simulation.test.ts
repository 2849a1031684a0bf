import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { erlangB } from '../pool/erlang-b.ts';
import type { ExhaustionPolicy } from '../pool/lease.ts';
import { runSimulation } from './run-simulation.ts';
import { presetConfig, type SimulationConfig } from './scenarios.ts';
import type { SimulationReport } from './simulation-report.ts';

const flat = { dailyProfile: new Array(24).fill(1), weeklyProfile: new Array(7).fill(1) };

function confusionTotal(c: SimulationReport['accuracy']['confusion']): number {
  return (
    c.correct +
    c.misattributed +
    c.uncertainWithTrueSession +
    c.uncertainWithoutTrueSession +
    c.unattributedWithSession +
    c.unattributedNoSession
  );
}

describe('a short simulation (S1, one day)', () => {
  test('puts every call in exactly one cell of the confusion, by kind and by channel too', async () => {
    const report = await runSimulation(presetConfig('s1', { days: 1 }));
    const { accuracy, traffic } = report;
    assert.ok(traffic.calls > 30, `${traffic.calls} calls`);
    assert.equal(accuracy.confusion.calls, traffic.calls);
    assert.equal(confusionTotal(accuracy.confusion), traffic.calls);
    const kinds = Object.values(accuracy.byCallKind);
    assert.equal(
      kinds.reduce((sum, c) => sum + c.calls, 0),
      traffic.calls,
    );
    for (const c of kinds) assert.equal(confusionTotal(c), c.calls);
    const channels = accuracy.channels;
    assert.equal(
      channels.reduce((sum, c) => sum + c.calls, 0),
      traffic.calls,
    );
    for (const c of channels)
      assert.equal(c.correct + c.misattributed + c.uncertain + c.unattributed, c.calls);
    const named = accuracy.calibration.reduce((sum, band) => sum + band.calls, 0);
    const c = accuracy.confusion;
    assert.equal(
      named,
      c.correct + c.misattributed + c.uncertainWithTrueSession + c.uncertainWithoutTrueSession,
    );
    assert.equal(
      Object.values(accuracy.reasons).reduce((sum, n) => sum + (n ?? 0), 0),
      traffic.calls,
    );
  });

  test('gives the same report for the same seed, and another for another seed', async () => {
    const config = presetConfig('s1', { days: 0.5, seed: 4 });
    const first = await runSimulation(config);
    assert.deepEqual(await runSimulation(config), first);
    assert.notDeepEqual(await runSimulation({ ...config, seed: 5 }), first);
  });

  test('a pool with room for everyone serves every request, so no call during a visit is lost or misattributed', async () => {
    // S1 offers about 8 erlangs at a 5-minute hold: 60 numbers never run out.
    const report = await runSimulation(presetConfig('s1', { days: 1, holdMinutes: 5, poolSize: 60 }));
    assert.equal(report.leases.unleasedRequests, 0);
    const during = report.accuracy.byCallKind.during_visit;
    assert.ok(during.calls > 20);
    assert.equal(during.misattributed + during.unattributedWithSession, 0);
  });
});

/**
 * Sessions of two requests 1 ms apart (confirmed at once, so each holds its number for the hold) and
 * a flat profile: an M/G/N/N loss system, whose blocking Erlang B gives exactly.
 */
function lossSystem(poolSize: number, offeredLoad: number, days: number): SimulationConfig {
  const base = presetConfig('s1', { days, holdMinutes: 1, poolSize });
  return {
    ...base,
    traffic: {
      ...base.traffic,
      ...flat,
      sessionsPerDay: offeredLoad * 24 * 60,
      bounceShare: 1,
      firstHeartbeatMaxSeconds: 0.001,
    },
  };
}

describe('the fallback share matches Erlang B under heavy traffic', () => {
  const cases = [
    { numbers: 1, load: 1, days: 7 },
    { numbers: 10, load: 8, days: 2 },
  ];
  for (const { numbers, load, days } of cases) {
    test(`${numbers} number(s) at ${load} erlang(s): B = ${erlangB(load, numbers).toFixed(3)}`, async () => {
      const { busy } = (await runSimulation(lossSystem(numbers, load, days))).blocking;
      assert.ok(busy.share !== null && busy.erlangB !== null && busy.error3Sigma !== null);
      assert.ok(Math.abs(busy.offeredLoad / load - 1) < 0.03, `offered ${busy.offeredLoad}`);
      assert.ok(
        Math.abs(busy.share - busy.erlangB) <= busy.error3Sigma,
        `observed ${busy.share} vs B ${busy.erlangB} ± ${busy.error3Sigma}`,
      );
      assert.equal(busy.withinError, true);
    });
  }
});

describe('an exhausted pool follows its policy', () => {
  const cases: { policy: ExhaustionPolicy; reason: string }[] = [
    { policy: 'fallback', reason: 'fallback_number' },
    { policy: 'overflow', reason: 'overflow_number' },
    { policy: 'reuse', reason: 'reused_number' },
  ];
  for (const { policy, reason } of cases) {
    test(`${policy}: calls on the exhausted pool come out as ${reason}, never silently`, async () => {
      const report = await runSimulation(presetConfig('s1', { days: 1, poolSize: 20, policy, seed: 2 }));
      const { leases, accuracy, blocking } = report;
      assert.ok((blocking.wholeRun.share ?? 0) > 0.05, 'the pool is exhausted often');
      assert.ok((accuracy.reasons[reason as keyof typeof accuracy.reasons] ?? 0) > 0);
      if (policy === 'reuse') {
        assert.equal(leases.unleasedRequests, 0);
        assert.ok(leases.outcomes.reused > 0);
      } else {
        assert.ok(leases.unleasedRequests > 0);
        assert.equal(leases.outcomes.reused, 0);
      }
    });
  }
});

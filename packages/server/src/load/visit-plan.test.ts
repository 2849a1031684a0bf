import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from './seeded-random.ts';
import { planVisit, referenceVisitModel } from './visit-plan.ts';

const plans = (n: number, seed = 7) => {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => planVisit(random));
};

test('a visit on the reference model sends about four requests (one session request, then hits)', () => {
  const sample = plans(20_000);
  const mean = sample.reduce((sum, plan) => sum + 1 + plan.steps.length, 0) / sample.length;
  assert.ok(mean > 3.6 && mean < 4.8, `mean ${mean}`);
});

test('about 45% of visits bounce: the session request and nothing after it', () => {
  const sample = plans(20_000);
  const bounces = sample.filter((plan) => plan.steps.length === 0).length / sample.length;
  assert.ok(bounces > 0.43 && bounces < 0.49, `bounce share ${bounces}`);
});

test('steps are in time order, within the visit, and heartbeats come every 60 simulated seconds', () => {
  for (const plan of plans(2_000)) {
    let previous = 0;
    for (const step of plan.steps) {
      assert.ok(step.atS >= previous && step.atS <= plan.durationS);
      previous = step.atS;
    }
    const beats = plan.steps.filter((s) => s.kind === 'heartbeat').map((s) => s.atS);
    assert.deepEqual(
      beats,
      beats.map((_, i) => (i + 1) * referenceVisitModel.heartbeatS),
    );
  }
});

test('a quarter of visits come from a returning visitor, and every channel of the mix appears', () => {
  const sample = plans(20_000);
  const returning = sample.filter((plan) => plan.returning).length / sample.length;
  assert.ok(returning > 0.23 && returning < 0.27, `returning share ${returning}`);
  const channels = new Set(sample.map((plan) => plan.channel));
  assert.deepEqual([...channels].sort(), referenceVisitModel.channels.map(([c]) => c).sort());
});

test('the same seed gives the same visits, so a run can be repeated', () => {
  assert.deepEqual(plans(50, 3), plans(50, 3));
  assert.notDeepEqual(plans(50, 3), plans(50, 4));
});

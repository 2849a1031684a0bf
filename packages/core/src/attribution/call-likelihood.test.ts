/** The call-timing model reproduces the figures it was taken from (reference §3.3). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  attributionModel,
  lateCallDensity,
  lateCallShareWithin,
  sessionCallRate,
  unknownCallerRate,
} from './call-likelihood.ts';

const near = (actual: number, expected: number, tolerance: number) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not within ${tolerance} of ${expected}`);

describe('the late-call delay', () => {
  const cases = [
    { after: '5 minutes (the median)', seconds: 300, share: 0.5 },
    { after: '15 minutes', seconds: 900, share: 0.23 },
    { after: '30 minutes', seconds: 1800, share: 0.12 },
    { after: '2 hours', seconds: 7200, share: 0.017 },
  ];
  for (const { after, seconds, share } of cases) {
    it(`leaves ${share * 100}% of after-visit calls for later than ${after}`, () => {
      near(1 - lateCallShareWithin(seconds), share, 0.005);
    });
  }

  it('has a density that integrates to the share of calls within a time', () => {
    let integral = 0;
    for (let s = 0.5; s < 1800; s += 1) integral += lateCallDensity(s);
    near(integral, lateCallShareWithin(1800), 0.001);
  });
});

describe('a session’s call rate', () => {
  it('never rises as the visitor stays away', () => {
    let previous = Number.POSITIVE_INFINITY;
    for (let idle = 0; idle <= 6 * 3600; idle += 5) {
      const rate = sessionCallRate(idle);
      assert.ok(rate <= previous, `rises at ${idle} s`);
      previous = rate;
    }
  });

  it('is flat while the visitor is active, and carries the calls made then', () => {
    const { activeWithinSeconds, meanVisitSeconds, duringVisitShare } = attributionModel;
    assert.equal(sessionCallRate(0), sessionCallRate(activeWithinSeconds));
    const activeCalls = sessionCallRate(0) * (meanVisitSeconds + activeWithinSeconds);
    near(
      activeCalls,
      duringVisitShare + (1 - duringVisitShare) * lateCallShareWithin(activeWithinSeconds),
      1e-12,
    );
  });

  it('dwarfs the unknown callers while the visitor is active', () => {
    assert.ok(sessionCallRate(0) / unknownCallerRate(15 * 60) > 100);
  });
});

describe('unknown callers', () => {
  it('make 3% of the calls of a number leased at the assumed utilisation', () => {
    const hold = 30 * 60;
    const { poolUtilisation, meanVisitSeconds } = attributionModel;
    const sessionCallsPerSecond = poolUtilisation / (hold + meanVisitSeconds);
    const unknown = unknownCallerRate(hold);
    near(unknown / (unknown + sessionCallsPerSecond), attributionModel.unknownCallerShare, 1e-12);
  });

  it('are fewer per number when each session holds it longer', () => {
    assert.ok(unknownCallerRate(60 * 60) < unknownCallerRate(15 * 60));
  });
});

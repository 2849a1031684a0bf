/** Specification of pool health: the load estimator, observed vs predicted blocking, handover gaps and alerts. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../errors.ts';
import { erlangB } from './erlang-b.ts';
import {
  binomialUpperTail,
  blockingAboveTarget,
  type HandoverLease,
  handoverGaps,
  leaseHoldingSeconds,
  type PoolHealthInput,
  poolHealth,
} from './pool-health.ts';

const halfHour = 1800;

/** An hour in which every session got a number and held it for half an hour. */
function hour(sessions: number, overrides: Partial<PoolHealthInput> = {}): PoolHealthInput {
  return {
    counts: { sessions, leased: sessions, fallbacks: 0, overflows: 0, reused: 0 },
    leases: { leases: sessions, holdingSeconds: sessions * halfHour, shortestGapSeconds: null },
    poolSize: 30,
    targetBlocking: 0.01,
    fallbackHoldingSeconds: halfHour,
    ...overrides,
  };
}

describe('poolHealth', () => {
  it('estimates the offered load as sessions per second times the mean holding time: 40 half-hour sessions are 20 erlangs', () => {
    const health = poolHealth(hour(40));
    assert.equal(health.offeredLoad, 20);
    assert.equal(health.meanHoldingSeconds, halfHour);
    assert.equal(health.predictedBlocking, erlangB(20, 30));
    assert.equal(health.recommendedSize, 30);
  });

  it('recommends 221 numbers for 200 erlangs at a 1% target, whatever the pool has now', () => {
    const health = poolHealth(hour(400, { poolSize: 150 }));
    assert.equal(health.offeredLoad, 200);
    assert.equal(health.recommendedSize, 221);
    assert.equal(health.predictedBlocking, erlangB(200, 150));
  });

  it('counts blocked sessions in the arrival rate but takes the holding time from the leases alone', () => {
    const health = poolHealth(
      hour(40, {
        counts: { sessions: 40, leased: 30, fallbacks: 6, overflows: 3, reused: 1 },
        leases: { leases: 31, holdingSeconds: 31 * halfHour, shortestGapSeconds: 0 },
      }),
    );
    assert.equal(health.offeredLoad, 20);
    assert.equal(health.blocked, 10);
    assert.equal(health.observedBlocking, 0.25);
  });

  it('sizes to the pool’s own target', () => {
    assert.equal(poolHealth(hour(40, { targetBlocking: 0.001 })).recommendedSize, 35);
  });

  it('scales a partial hour to a rate: 10 sessions in the first quarter hour are 40 an hour', () => {
    assert.equal(poolHealth(hour(10, { observedSeconds: 900 })).offeredLoad, 20);
  });

  it('falls back to the pool’s hold when every session was blocked and no lease says how long one lasts', () => {
    const health = poolHealth(
      hour(40, {
        counts: { sessions: 40, leased: 0, fallbacks: 40, overflows: 0, reused: 0 },
        leases: { leases: 0, holdingSeconds: 0, shortestGapSeconds: null },
        fallbackHoldingSeconds: 900,
      }),
    );
    assert.equal(health.offeredLoad, 10);
    assert.equal(health.observedBlocking, 1);
  });

  it('has no observed blocking in an hour without sessions, and never alerts on one', () => {
    const health = poolHealth(hour(0));
    assert.equal(health.offeredLoad, 0);
    assert.equal(health.observedBlocking, null);
    assert.equal(health.predictedBlocking, 0);
    assert.equal(health.aboveTarget, false);
  });

  it('reads utilisation as the carried load over the pool size: 40 half-hour leases keep 20 of 30 numbers busy', () => {
    assert.equal(poolHealth(hour(40)).utilisation, 20 / 30);
  });

  it('takes utilisation from the leases that got a number, not from the blocked sessions', () => {
    const health = poolHealth(
      hour(40, {
        counts: { sessions: 40, leased: 30, fallbacks: 10, overflows: 0, reused: 0 },
        leases: { leases: 30, holdingSeconds: 30 * halfHour, shortestGapSeconds: null },
      }),
    );
    assert.equal(health.utilisation, 0.5);
  });

  it('caps utilisation at the whole pool, and has none for a pool without numbers', () => {
    assert.equal(poolHealth(hour(10, { observedSeconds: 60 })).utilisation, 1);
    assert.equal(poolHealth(hour(0, { poolSize: 0 })).utilisation, null);
  });

  it('passes the shortest handover gap through', () => {
    const input = hour(40);
    const health = poolHealth({ ...input, leases: { ...input.leases, shortestGapSeconds: 42 } });
    assert.equal(health.shortestGap, 42);
  });

  it('flags blocking above the target beyond chance', () => {
    const above = poolHealth(
      hour(100, { counts: { sessions: 100, leased: 94, fallbacks: 6, overflows: 0, reused: 0 } }),
    );
    assert.equal(above.aboveTarget, true);
    const noise = poolHealth(
      hour(100, { counts: { sessions: 100, leased: 95, fallbacks: 5, overflows: 0, reused: 0 } }),
    );
    assert.equal(noise.aboveTarget, false);
  });

  const invalid: Array<[string, Partial<PoolHealthInput>]> = [
    ['a target of 0', { targetBlocking: 0 }],
    ['a target of 1', { targetBlocking: 1 }],
    ['a negative pool size', { poolSize: -1 }],
    [
      'a fractional session count',
      { counts: { sessions: 1.5, leased: 0, fallbacks: 0, overflows: 0, reused: 0 } },
    ],
    ['no observed time', { observedSeconds: 0 }],
    ['more than an hour observed', { observedSeconds: 3601 }],
  ];
  for (const [name, overrides] of invalid) {
    it(`refuses ${name}`, () => {
      assert.throws(
        () => poolHealth(hour(40, overrides)),
        (error: unknown) => {
          assert.ok(error instanceof AppError);
          assert.equal(error.code, 'VALIDATION_FAILED');
          return true;
        },
      );
    });
  }
});

describe('leaseHoldingSeconds', () => {
  const start = new Date('2026-01-05T10:00:00Z');
  const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);
  const cases = [
    {
      name: 'a confirmed lease holds from its start to its last activity plus the hold',
      lease: { lastActivityAt: at(180), holdMs: 1_800_000, confirmed: true, releasedAt: null },
      seconds: 1980,
    },
    {
      name: 'an unconfirmed lease holds for the provisional 15 s',
      lease: { lastActivityAt: at(0), holdMs: 1_800_000, confirmed: false, releasedAt: null },
      seconds: 15,
    },
    {
      name: 'an unconfirmed lease with a hold under 15 s holds for the hold',
      lease: { lastActivityAt: at(0), holdMs: 10_000, confirmed: false, releasedAt: null },
      seconds: 10,
    },
    {
      name: 'a lease released before its window closed holds until the release',
      lease: { lastActivityAt: at(180), holdMs: 1_800_000, confirmed: true, releasedAt: at(600) },
      seconds: 600,
    },
  ];
  for (const { name, lease, seconds } of cases) {
    it(name, () => assert.equal(leaseHoldingSeconds({ startedAt: start, ...lease }), seconds));
  }
});

describe('handoverGaps', () => {
  const base = new Date('2026-01-05T10:00:00Z').getTime();
  let nextId = 0;
  /** A confirmed lease with a 10-minute hold whose visit lasted `visit` seconds. */
  const lease = (number: string, visitorId: string, startSeconds: number, visit = 0): HandoverLease => ({
    id: `lease_${String(nextId++).padStart(3, '0')}`,
    number,
    visitorId,
    startedAt: new Date(base + startSeconds * 1000),
    lastActivityAt: new Date(base + (startSeconds + visit) * 1000),
    holdMs: 600_000,
    confirmed: true,
    releasedAt: null,
  });

  it('measures from the previous holder’s window end to the next visitor’s start, per number', () => {
    const gaps = handoverGaps([
      lease('+74950000001', 'v2', 1000),
      lease('+74950000001', 'v1', 0, 60),
      lease('+74950000002', 'v3', 0),
      lease('+74950000002', 'v4', 700),
    ]);
    assert.deepEqual(
      gaps.map((g) => [g.number, g.gapSeconds]),
      [
        ['+74950000001', 340],
        ['+74950000002', 100],
      ],
    );
  });

  it('does not count a visitor’s own sessions passing the number along', () => {
    const gaps = handoverGaps([
      lease('+74950000001', 'v1', 0),
      lease('+74950000001', 'v1', 300),
      lease('+74950000001', 'v2', 1000),
    ]);
    assert.deepEqual(
      gaps.map((g) => g.gapSeconds),
      [100],
    );
  });

  it('gives 0 when a number was taken over from a live holder', () => {
    assert.deepEqual(
      handoverGaps([lease('+74950000001', 'v1', 0), lease('+74950000001', 'v2', 60)]).map(
        (g) => g.gapSeconds,
      ),
      [0],
    );
  });

  it('finds no handover on a number leased once', () => {
    assert.deepEqual(handoverGaps([lease('+74950000001', 'v1', 0)]), []);
  });
});

describe('blockingAboveTarget', () => {
  const cases = [
    { sessions: 20, blocked: 3, alert: false },
    { sessions: 20, blocked: 4, alert: true },
    { sessions: 19, blocked: 19, alert: false },
    { sessions: 100, blocked: 5, alert: false },
    { sessions: 100, blocked: 6, alert: true },
    { sessions: 1000, blocked: 21, alert: false },
    { sessions: 1000, blocked: 22, alert: true },
    { sessions: 1000, blocked: 10, alert: false },
  ];
  for (const { sessions, blocked, alert } of cases) {
    it(`${alert ? 'alerts' : 'does not alert'} on ${blocked} blocked of ${sessions} sessions at a 1% target`, () => {
      assert.equal(blockingAboveTarget({ sessions, blocked, target: 0.01 }), alert);
    });
  }

  it('takes a smaller sample or a looser level when told', () => {
    assert.equal(blockingAboveTarget({ sessions: 10, blocked: 3, target: 0.01, minSessions: 10 }), true);
    assert.equal(blockingAboveTarget({ sessions: 100, blocked: 4, target: 0.01, significance: 0.05 }), true);
  });
});

describe('binomialUpperTail', () => {
  function direct(n: number, k: number, p: number): number {
    let total = 0;
    for (let j = k; j <= n; j++) {
      let choose = 1;
      for (let i = 1; i <= j; i++) choose *= (n - j + i) / i;
      total += choose * p ** j * (1 - p) ** (n - j);
    }
    return total;
  }

  for (const [n, k, p] of [
    [20, 3, 0.01],
    [50, 10, 0.1],
    [100, 6, 0.01],
    [30, 30, 0.5],
  ] as const) {
    it(`agrees with the direct sum for n=${n}, k=${k}, p=${p}`, () => {
      const tail = binomialUpperTail(n, k, p);
      assert.ok(Math.abs(tail - direct(n, k, p)) <= 1e-12 * direct(n, k, p), `${tail}`);
    });
  }

  it('stays finite for a million sessions', () => {
    const tail = binomialUpperTail(1_000_000, 10_500, 0.01);
    assert.ok(tail > 0 && tail < 1e-6, `${tail}`);
  });

  it('is 1 from k = 0 and 0 beyond n', () => {
    assert.equal(binomialUpperTail(10, 0, 0.3), 1);
    assert.equal(binomialUpperTail(10, 11, 0.3), 0);
  });
});

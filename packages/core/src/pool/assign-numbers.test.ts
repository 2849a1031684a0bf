import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { factsFor } from '../simulator/channel-facts.ts';
import { assignNumbers, type PoolConfig, type SessionToServe, type SiteNumbers } from './assign-numbers.ts';
import { MemoryLeaseStore } from './memory-lease-store.ts';
import type { SessionFacts } from './routing.ts';

const sales = '+74951110000';
const service = '+74952220000';
const t0 = new Date('2026-01-05T10:00:00Z');

const pool = (over: Partial<PoolConfig> & Pick<PoolConfig, 'id' | 'numbers'>): PoolConfig => ({
  businessNumber: sales,
  position: 0,
  rules: [],
  holdMs: 30 * 60_000,
  exhaustionPolicy: 'fallback',
  fallbackNumber: null,
  overflowNumber: null,
  ...over,
});

/** A Google organic visit landing on "/", as the simulator sees one, with `over` changed. */
const facts = (over: Partial<SessionFacts> = {}): SessionFacts => ({
  ...factsFor('organic_search'),
  ...over,
});

let sessions = 0;
const visit = (over: Partial<SessionFacts> = {}, crawler = false): SessionToServe => {
  sessions += 1;
  return { id: `s${sessions}`, visitorId: `v${sessions}`, facts: facts(over), crawler };
};

function setup(site: SiteNumbers) {
  let ids = 0;
  const deps = { leases: new MemoryLeaseStore(), newLeaseId: () => `l${++ids}` };
  return (session: SessionToServe, now = t0) => assignNumbers(deps, site, session, now);
}

describe('assignNumbers', () => {
  test('a static number for the session’s source wins over the pool, per business number', async () => {
    const serve = setup({
      businessNumbers: [sales, service],
      statics: [{ number: '+74953330000', businessNumber: sales, source: 'Yandex', campaign: null }],
      pools: [
        pool({ id: 'p1', numbers: ['+74950000001'] }),
        pool({ id: 'p2', businessNumber: service, numbers: ['+74950000002'] }),
      ],
    });
    const result = await serve(visit({ source: 'yandex' }));
    assert.deepEqual(
      result.map((a) => [a.businessNumber, a.kind, a.show]),
      [
        [sales, 'static', '+74953330000'],
        [service, 'pool', '+74950000002'],
      ],
    );
  });

  test('a static number bound to a campaign shows only for that campaign', async () => {
    const serve = setup({
      businessNumbers: [sales],
      statics: [{ number: '+74953330000', businessNumber: sales, source: 'google', campaign: 'spring' }],
      pools: [pool({ id: 'p1', numbers: ['+74950000001', '+74950000002'] })],
    });
    assert.equal((await serve(visit({ campaign: 'Spring' })))[0]?.kind, 'static');
    assert.equal((await serve(visit({ campaign: 'autumn' })))[0]?.kind, 'pool');
  });

  test('routing rules pick the pool; a business number with no matching pool is left alone', async () => {
    const serve = setup({
      businessNumbers: [sales],
      statics: [],
      pools: [
        pool({
          id: 'paid',
          numbers: ['+74950000001'],
          rules: [{ conditions: [{ field: 'channel', op: 'is', values: ['paid_search'] }] }],
        }),
      ],
    });
    const paid = await serve(visit({ channel: 'paid_search' }));
    assert.deepEqual(
      paid.map((a) => a.poolId),
      ['paid'],
    );
    assert.deepEqual(await serve(visit({ channel: 'direct' })), []);
  });

  test('an exhausted pool shows its fallback number, or nothing when it has none', async () => {
    const withFallback = setup({
      businessNumbers: [sales],
      statics: [],
      pools: [pool({ id: 'p', numbers: ['+74950000001'], fallbackNumber: '+74959999999' })],
    });
    await withFallback(visit());
    const [blocked] = await withFallback(visit());
    assert.deepEqual(blocked, {
      businessNumber: sales,
      kind: 'fallback',
      show: '+74959999999',
      poolId: 'p',
      reason: 'pool_exhausted',
    });
    const without = setup({
      businessNumbers: [sales],
      statics: [],
      pools: [pool({ id: 'p', numbers: ['+74950000001'] })],
    });
    await without(visit());
    assert.equal((await without(visit()))[0]?.show, null);
  });

  test('the overflow policy shows the overflow number when the pool is exhausted', async () => {
    const serve = setup({
      businessNumbers: [sales],
      statics: [],
      pools: [
        pool({
          id: 'p',
          numbers: ['+74950000001'],
          exhaustionPolicy: 'overflow',
          overflowNumber: '+74958888888',
          fallbackNumber: '+74959999999',
        }),
      ],
    });
    await serve(visit());
    const [overflow] = await serve(visit());
    assert.equal(overflow?.kind, 'overflow');
    assert.equal(overflow?.show, '+74958888888');
  });

  test('the reuse policy takes over the least recently active lease instead of falling back', async () => {
    const serve = setup({
      businessNumbers: [sales],
      statics: [],
      pools: [pool({ id: 'p', numbers: ['+74950000001'], exhaustionPolicy: 'reuse' })],
    });
    const first = visit();
    await serve(first);
    const [taken] = await serve(visit(), new Date(t0.getTime() + 5000));
    assert.equal(taken?.kind, 'pool');
    assert.ok(taken?.kind === 'pool');
    assert.equal(taken.outcome, 'reused');
    assert.equal(taken.lease.reusedFromSessionId, first.id);
  });

  test('a self-declared crawler gets no lease: static numbers and the fallback only', async () => {
    const serve = setup({
      businessNumbers: [sales],
      statics: [],
      pools: [pool({ id: 'p', numbers: ['+74950000001'], fallbackNumber: '+74959999999' })],
    });
    const [bot] = await serve(visit({ device: 'bot' }, true));
    assert.equal(bot?.kind, 'fallback');
    assert.ok(bot?.kind === 'fallback');
    assert.equal(bot.reason, 'crawler');
    // The number is still free for a person.
    assert.equal((await serve(visit()))[0]?.kind, 'pool');
  });
});

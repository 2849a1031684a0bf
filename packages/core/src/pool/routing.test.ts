import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { landingPath, poolServes, type RoutedPool, routeSession, type SessionFacts } from './routing.ts';

const facts = (over: Partial<SessionFacts> = {}): SessionFacts => ({
  channel: 'paid_search',
  source: 'google',
  medium: 'cpc',
  campaign: 'Implants-Moscow',
  term: 'dental implants price',
  landingPage: '/implants?utm_source=google',
  device: 'mobile',
  country: 'RU',
  region: 'MOW',
  city: 'Moscow',
  ...over,
});

type Named = RoutedPool & { name: string };
const pool = (name: string, position: number, rules: Named['rules']): Named => ({ name, position, rules });

describe('a pool serves a session', () => {
  test('when it has no rules: a catch-all', () => {
    assert.equal(poolServes({ rules: [] }, facts()), true);
  });

  test('when every condition of one rule holds', () => {
    const rules = [
      {
        conditions: [
          { field: 'channel' as const, op: 'is' as const, values: ['paid_search'] },
          { field: 'device' as const, op: 'is' as const, values: ['mobile'] },
        ],
      },
    ];
    assert.equal(poolServes({ rules }, facts()), true);
    assert.equal(poolServes({ rules }, facts({ device: 'desktop' })), false);
  });

  test('when any of its rules matches', () => {
    const rules = [
      { conditions: [{ field: 'source' as const, op: 'is' as const, values: ['yandex'] }] },
      { conditions: [{ field: 'source' as const, op: 'is' as const, values: ['google'] }] },
    ];
    assert.equal(poolServes({ rules }, facts()), true);
    assert.equal(poolServes({ rules }, facts({ source: 'bing' })), false);
  });

  test('comparing case-insensitively, any listed value matching', () => {
    const rules = [
      { conditions: [{ field: 'campaign' as const, op: 'is' as const, values: ['x', 'IMPLANTS-moscow'] }] },
    ];
    assert.equal(poolServes({ rules }, facts()), true);
  });

  test('with contains and startsWith on text such as the term and the landing page', () => {
    const term = [{ conditions: [{ field: 'term' as const, op: 'contains' as const, values: ['implant'] }] }];
    const page = [
      { conditions: [{ field: 'landingPage' as const, op: 'startsWith' as const, values: ['/implants'] }] },
    ];
    assert.equal(poolServes({ rules: term }, facts()), true);
    assert.equal(poolServes({ rules: page }, facts()), true);
    assert.equal(poolServes({ rules: page }, facts({ landingPage: '/whitening' })), false);
  });

  test('with isNot holding when no value matches, including when the session lacks the field', () => {
    const rules = [
      { conditions: [{ field: 'country' as const, op: 'isNot' as const, values: ['RU', 'BY'] }] },
    ];
    assert.equal(poolServes({ rules }, facts()), false);
    assert.equal(poolServes({ rules }, facts({ country: 'DE' })), true);
    assert.equal(poolServes({ rules }, facts({ country: null })), true);
  });

  test('never when a positive condition asks about a field the session lacks', () => {
    const rules = [{ conditions: [{ field: 'city' as const, op: 'is' as const, values: ['moscow'] }] }];
    assert.equal(poolServes({ rules }, facts({ city: null })), false);
  });
});

describe('routing picks the first matching pool', () => {
  const paid = pool('paid', 1, [{ conditions: [{ field: 'channel', op: 'is', values: ['paid_search'] }] }]);
  const google = pool('google', 0, [{ conditions: [{ field: 'source', op: 'is', values: ['google'] }] }]);
  const all = pool('all', 0, []);

  test('by position', () => {
    assert.equal(routeSession([paid, google, all], facts())?.name, 'google');
  });

  test('with catch-alls last whatever their position', () => {
    assert.equal(routeSession([all, paid], facts())?.name, 'paid');
    assert.equal(routeSession([all, paid], facts({ channel: 'organic_search' }))?.name, 'all');
  });

  test('in the given order between pools of the same position', () => {
    const first = pool('first', 2, [{ conditions: [{ field: 'source', op: 'is', values: ['google'] }] }]);
    const second = pool('second', 2, [{ conditions: [{ field: 'medium', op: 'is', values: ['cpc'] }] }]);
    assert.equal(routeSession([first, second], facts())?.name, 'first');
    assert.equal(routeSession([second, first], facts())?.name, 'second');
  });

  test('or none, when no pool serves the session and there is no catch-all', () => {
    assert.equal(routeSession([paid], facts({ channel: 'direct' })), null);
  });
});

test('landingPath keeps the path and query of a URL and gives up on garbage', () => {
  assert.equal(landingPath('https://clinic.example/implants?utm_source=x#top'), '/implants?utm_source=x');
  assert.equal(landingPath('not a url'), null);
});

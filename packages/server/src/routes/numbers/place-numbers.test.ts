import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PoolRow, SiteRow, TrackingNumberRow } from '../../stores/sql/sites.ts';
import { placeNumbers } from './place-numbers.ts';
import type { NumberLine } from './read-number-file.ts';

const site = (id: string, name: string) =>
  ({ id, name, businessNumbers: ['+74951234567', '+74951234568'] }) as SiteRow;
const pool = (id: string, name: string) =>
  ({ id, name, siteId: 'site_a', businessNumber: '+74951234568' }) as PoolRow;
const line = (row: number, changes: Partial<NumberLine>): NumberLine => ({
  row,
  number: `+7495700000${row}`,
  kind: 'static',
  channel: 'paid_search',
  source: null,
  campaign: null,
  site: null,
  businessNumber: null,
  pool: null,
  destination: null,
  ...changes,
});
const newRow = (l: NumberLine) =>
  ({ number: l.number, kind: 'static', siteId: null, poolId: null }) as TrackingNumberRow;
const workspace = {
  sites: [site('site_a', 'Clinic'), site('site_b', 'Shop'), site('site_c', 'Shop')],
  pools: [pool('pool_a', 'Paid')],
  taken: new Set<string>(),
};

describe('placing imported numbers in the workspace', () => {
  test('a site or pool is found by id or by a name in any case; the site’s first number is the default', () => {
    const placed = placeNumbers(
      [
        line(2, { site: 'clinic' }),
        line(3, { site: 'site_b', businessNumber: '+74951234568' }),
        line(4, { kind: 'pool', channel: null, pool: 'PAID' }),
      ],
      workspace,
      newRow,
    );
    assert.ok(placed.ok);
    assert.deepEqual(
      placed.rows.map((r) => [r.kind, r.siteId, r.poolId, r.businessNumber]),
      [
        ['static', 'site_a', null, '+74951234567'],
        ['static', 'site_b', null, '+74951234568'],
        ['pool', 'site_a', 'pool_a', '+74951234568'],
      ],
    );
  });

  test('a name two sites share must be given as an id', () => {
    const placed = placeNumbers([line(2, { site: 'Shop' })], workspace, newRow);
    assert.deepEqual(placed, {
      ok: false,
      errors: [{ row: 2, column: 'site', message: '2 sites are named "Shop"; give the id' }],
    });
  });
});

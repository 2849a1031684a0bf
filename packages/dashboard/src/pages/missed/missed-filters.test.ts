/** Specification of the missed-calls worklist's filters in the address bar. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { missedQuery, readMissedFilters, writeMissedFilters } from './missed-filters.ts';

describe('missed-calls filters', () => {
  it('read back what they write', () => {
    const filters = { from: '2026-03-01', to: '2026-03-07', state: 'pending' as const };
    assert.deepEqual(readMissedFilters(new URLSearchParams(writeMissedFilters(filters))), filters);
  });

  it('drop what is not a day or a state', () => {
    assert.deepEqual(readMissedFilters(new URLSearchParams('from=yesterday&to=2026-3-7&state=forgotten')), {
      from: '',
      to: '',
      state: '',
    });
    assert.equal(writeMissedFilters({ from: '', to: '', state: '' }), '');
  });

  it('ask for whole days in the workspace’s time zone, the last day included', () => {
    assert.deepEqual(missedQuery({ from: '2026-03-01', to: '2026-03-07', state: 'lost' }, 'Europe/Moscow'), {
      from: '2026-02-28T21:00:00.000Z',
      to: '2026-03-07T21:00:00.000Z',
      state: 'lost',
    });
  });

  it('leave the period to the API when no day is picked', () => {
    assert.deepEqual(missedQuery({ from: '', to: '', state: '' }, 'Europe/Moscow'), {});
  });
});

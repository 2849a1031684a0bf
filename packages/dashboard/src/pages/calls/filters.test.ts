import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CallFilters, callQuery, hiddenFiltersSet, readFilters, writeFilters } from './filters.ts';

const none = readFilters(new URLSearchParams());

describe('the call log’s filters', () => {
  it('round-trip through the address bar, leaving empty ones out', () => {
    const address = 'from=2026-03-01&channel=paid_search&status=missed&repeat=false&tag=vip&minRating=4';
    const filters = readFilters(new URLSearchParams(address));
    assert.deepEqual(filters, {
      ...none,
      from: '2026-03-01',
      channel: 'paid_search',
      status: 'missed',
      repeat: 'false',
      tag: 'vip',
      minRating: '4',
    });
    assert.equal(writeFilters(filters), `?${address}`);
    assert.equal(writeFilters(none), '');
  });

  it('ignores values a hand-edited address could carry that the API would refuse', () => {
    const filters = readFilters(
      new URLSearchParams(
        'from=yesterday&channel=tv&repeat=maybe&status=lost&direction=sideways&minRating=9&qualified=1',
      ),
    );
    assert.deepEqual(filters, none);
  });

  it('asks for whole days in the workspace’s zone, the last day included', () => {
    const filters: CallFilters = {
      ...none,
      from: '2026-03-01',
      to: '2026-03-01',
      source: ' google ',
      repeat: 'true',
      firstTime: 'false',
      qualified: 'true',
      minRating: '3',
      direction: 'inbound',
    };
    assert.deepEqual(callQuery(filters, 'Europe/Moscow', 'next-page'), {
      limit: 50,
      cursor: 'next-page',
      from: '2026-02-28T21:00:00.000Z',
      to: '2026-03-01T21:00:00.000Z',
      source: 'google',
      repeat: true,
      firstTime: false,
      qualified: true,
      minRating: 3,
      direction: 'inbound',
    });
  });

  it('sends numbers as the API reads them, whatever way they were typed', () => {
    const query = callQuery(
      { ...none, trackingNumber: '+7 (495) 000-11-22', search: '+7 916 123-45' },
      'UTC',
    );
    assert.deepEqual(query, { limit: 50, trackingNumber: '+74950001122', search: '791612345' });
    assert.deepEqual(callQuery({ ...none, search: ' - ' }, 'UTC'), { limit: 50 });
  });

  it('counts the filters set under “more filters”, not the ones always shown', () => {
    assert.equal(hiddenFiltersSet({ ...none, from: '2026-03-01', status: 'missed', search: '916' }), 0);
    assert.equal(hiddenFiltersSet({ ...none, tag: 'vip', agent: 'Anna', status: 'missed' }), 2);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callQuery, readFilters, writeFilters } from './filters.ts';

describe('the call log’s filters', () => {
  it('round-trip through the address bar, leaving empty ones out', () => {
    const filters = readFilters(new URLSearchParams('from=2026-03-01&channel=paid_search&repeat=false'));
    assert.deepEqual(filters, {
      from: '2026-03-01',
      to: '',
      channel: 'paid_search',
      source: '',
      repeat: 'false',
    });
    assert.equal(writeFilters(filters), '?from=2026-03-01&channel=paid_search&repeat=false');
    assert.equal(writeFilters(readFilters(new URLSearchParams())), '');
  });

  it('ignores values a hand-edited address could carry that the API would refuse', () => {
    const filters = readFilters(new URLSearchParams('from=yesterday&channel=tv&repeat=maybe'));
    assert.deepEqual(filters, { from: '', to: '', channel: '', source: '', repeat: '' });
  });

  it('asks for whole days in the workspace’s zone, the last day included', () => {
    const query = callQuery(
      { from: '2026-03-01', to: '2026-03-01', channel: '', source: ' google ', repeat: 'true' },
      'Europe/Moscow',
      'next-page',
    );
    assert.deepEqual(query, {
      limit: 50,
      cursor: 'next-page',
      from: '2026-02-28T21:00:00.000Z',
      to: '2026-03-01T21:00:00.000Z',
      source: 'google',
      repeat: true,
    });
  });
});

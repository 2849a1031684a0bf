import assert from 'node:assert/strict';
import { test } from 'node:test';
import { periodChange, periodChanges } from './period-change.ts';

test('a change is absolute and relative to the previous period', () => {
  assert.deepEqual(periodChange(150, 100), { absolute: 50, relative: 0.5 });
  assert.deepEqual(periodChange(50, 100), { absolute: -50, relative: -0.5 });
});

test('growth from zero has an absolute change but no relative one', () => {
  assert.deepEqual(periodChange(7, 0), { absolute: 7, relative: null });
});

test('a figure unknown in either period has no change', () => {
  assert.deepEqual(periodChange(null, 3), { absolute: null, relative: null });
  assert.deepEqual(periodChange(3, null), { absolute: null, relative: null });
});

test('a fall from a negative ROMI is still measured against its size', () => {
  assert.deepEqual(periodChange(-1, -0.5), { absolute: -0.5, relative: -1 });
});

test('periodChanges compares every field of two records', () => {
  assert.deepEqual(periodChanges({ calls: 2, cpl: null }, { calls: 1, cpl: 10 }), {
    calls: { absolute: 1, relative: 1 },
    cpl: { absolute: null, relative: null },
  });
});

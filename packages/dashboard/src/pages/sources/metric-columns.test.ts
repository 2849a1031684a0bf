import assert from 'node:assert/strict';
import { test } from 'node:test';
import { speech } from '../../i18n.ts';
import { changeTone, formatMetric } from './metric-columns.ts';

const s = speech('en', { timeZone: 'UTC' });

test('more calls is good news, a higher cost per lead bad news, more spend neither', () => {
  assert.equal(changeTone('up', 3), 'good');
  assert.equal(changeTone('up', -3), 'bad');
  assert.equal(changeTone('down', 120), 'bad');
  assert.equal(changeTone('down', -120), 'good');
  assert.equal(changeTone(null, 5000), 'neutral');
  assert.equal(changeTone('up', 0), 'neutral');
  assert.equal(changeTone('up', null), 'neutral');
});

test('figures are written per kind, and an unknown one as a dash', () => {
  assert.equal(formatMetric(s, 'count', 1234, 'RUB'), '1,234');
  assert.equal(formatMetric(s, 'share', 0.25, 'RUB'), '25%');
  assert.equal(formatMetric(s, 'money', 2000, 'USD'), '$2,000.00');
  assert.equal(formatMetric(s, 'seconds', 17.5, 'RUB'), '0:18');
  assert.equal(formatMetric(s, 'money', null, 'RUB'), '—');
});

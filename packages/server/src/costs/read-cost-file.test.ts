/** Reading an ad-spend CSV: columns in any order, both formats of dates and decimals, row errors. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maxListedErrors, readCost, readCostFile, readDay } from './read-cost-file.ts';

test('a day is read from YYYY-MM-DD or DD.MM.YYYY, and must exist', () => {
  assert.equal(readDay('2026-03-01'), '2026-03-01');
  assert.equal(readDay('01.03.2026'), '2026-03-01');
  for (const bad of ['31.02.2026', '2026-13-01', '1.3.2026', '03/01/2026', ''])
    assert.equal(readDay(bad), null, bad);
});

test('a cost is a non-negative number; a decimal comma is read only between semicolons', () => {
  assert.equal(readCost('1500.50', ','), 1500.5);
  assert.equal(readCost('1 500,50', ';'), 1500.5);
  assert.equal(readCost('1\u00a0500', ';'), 1500);
  assert.equal(readCost('1500,50', ','), null);
  assert.equal(readCost('-5', ','), null);
  assert.equal(readCost('abc', ','), null);
});

test('columns are found by name in any order and case; keyword is optional', () => {
  const reading = readCostFile(
    'Cost,CURRENCY,Campaign,medium,source,date\n100,rub,spring,cpc,google,2026-03-01\n',
    'RUB',
  );
  assert.deepEqual(reading, {
    ok: true,
    rows: [
      {
        day: '2026-03-01',
        source: 'google',
        medium: 'cpc',
        campaign: 'spring',
        keyword: '',
        cost: 100,
        currency: 'RUB',
      },
    ],
    errors: [],
  });
});

test('a Russian Excel file: semicolons, DD.MM.YYYY, a decimal comma, a byte order mark', () => {
  const file =
    '\uFEFFдата;date;source;medium;campaign;keyword;cost;currency\r\n;01.03.2026;yandex;cpc;весна;окна;1 234,56;RUB\r\n';
  const reading = readCostFile(file, 'RUB');
  assert.ok(reading.ok);
  assert.deepEqual(reading.rows[0], {
    day: '2026-03-01',
    source: 'yandex',
    medium: 'cpc',
    campaign: 'весна',
    keyword: 'окна',
    cost: 1234.56,
    currency: 'RUB',
  });
});

test('a header without a required column refuses the file, naming what is missing', () => {
  assert.deepEqual(readCostFile('date,source,campaign,cost\n', 'RUB'), {
    ok: false,
    missingColumns: ['medium', 'currency'],
  });
  assert.deepEqual(readCostFile('', 'RUB'), {
    ok: false,
    missingColumns: ['date', 'source', 'medium', 'campaign', 'cost', 'currency'],
  });
});

test('each bad row is reported with its row number (the header is row 1) and left out', () => {
  const file = [
    'date,source,medium,campaign,cost,currency',
    '2026-03-01,google,cpc,spring,100,RUB',
    '2026-02-30,google,cpc,spring,100,RUB',
    '2026-03-02,,cpc,spring,100,RUB',
    '2026-03-02,google,cpc,spring,-3,RUB',
    '2026-03-02,google,cpc,spring,10,USD',
    '2026-03-02,google,cpc,spring,10,рубли',
    '',
    '2026-03-01,google,cpc,spring,150,RUB',
  ].join('\n');
  const reading = readCostFile(file, 'RUB');
  assert.ok(reading.ok);
  assert.equal(reading.rows.length, 1);
  assert.deepEqual(
    reading.errors.map((e) => [e.row, e.column]),
    [
      [3, 'date'],
      [4, 'source'],
      [5, 'cost'],
      [6, 'currency'],
      [7, 'currency'],
      [9, null],
    ],
  );
  assert.match(reading.errors[3]!.message, /USD is not the workspace’s currency RUB/);
  assert.match(reading.errors[5]!.message, /repeats row 2/);
});

test('past the listed errors, one entry counts the rest', () => {
  const bad = Array.from({ length: maxListedErrors + 5 }, () => 'x,google,cpc,spring,1,RUB');
  const reading = readCostFile(['date,source,medium,campaign,cost,currency', ...bad].join('\n'), 'RUB');
  assert.ok(reading.ok);
  assert.equal(reading.errors.length, maxListedErrors + 1);
  assert.deepEqual(reading.errors.at(-1), {
    row: maxListedErrors + 2,
    column: null,
    message: 'this row and 4 more after it have errors, not listed',
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { maxLines, readNumberFile } from './read-number-file.ts';

describe('reading a numbers CSV', () => {
  test('headers are read in any case and with spaces; cells are trimmed and numbers made E.164', () => {
    const reading = readNumberFile(
      '\uFEFFNumber;KIND;Channel;Site;Business number\r\n 8 (495) 700-00-01 ; Static ;Paid_Search; Clinic ;8 495 123-45-67\r\n',
    );
    assert.deepEqual(reading, {
      ok: true,
      lines: [
        {
          row: 2,
          number: '+74957000001',
          kind: 'static',
          channel: 'paid_search',
          source: null,
          campaign: null,
          site: 'Clinic',
          businessNumber: '+74951234567',
          pool: null,
          destination: null,
        },
      ],
    });
  });

  test('blank lines are skipped but keep the row numbers of the lines after them', () => {
    const reading = readNumberFile('number,kind\n\n+74957000001,offline\n,\n+74957000001,offline\n');
    assert.deepEqual(reading, {
      ok: false,
      errors: [{ row: 5, column: 'number', message: '+74957000001 repeats row 3' }],
    });
  });

  test('a file without numbers, or with too many, is refused as a whole', () => {
    assert.deepEqual(readNumberFile('number,kind\n'), {
      ok: false,
      errors: [{ row: 1, column: null, message: 'the file has no numbers' }],
    });
    const lines = Array.from({ length: maxLines + 1 }, (_, i) => `+7495${String(7000000 + i)},offline`);
    const tooMany = readNumberFile(['number,kind', ...lines].join('\n'));
    assert.ok(!tooMany.ok);
    assert.match(tooMany.errors[0]?.message ?? '', /at most 2000/);
  });

  test('a file of nothing but errors lists the first 200 and counts the rest', () => {
    const lines = Array.from({ length: 250 }, () => 'nope,offline');
    const reading = readNumberFile(['number,kind', ...lines].join('\n'));
    assert.ok(!reading.ok);
    assert.equal(reading.errors.length, 201);
    assert.deepEqual(reading.errors[200], {
      row: 202,
      column: null,
      message: 'this row and 49 more after it have errors, not listed',
    });
  });
});

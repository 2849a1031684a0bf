/** The CSV reader: quoting, both delimiters, both line endings. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectDelimiter, readCsv } from './read-csv.ts';

test('the delimiter is the one the header line uses, quotes aside', () => {
  assert.equal(detectDelimiter('date,source,cost\n1;2;3'), ',');
  assert.equal(detectDelimiter('date;source;"a,b,c"\n'), ';');
  assert.equal(detectDelimiter('date'), ',');
});

test('records split on the delimiter and on CRLF or LF, without a trailing empty record', () => {
  assert.deepEqual(readCsv('\uFEFFa;b\r\n1;2,5\n3;\n', ';'), [
    ['a', 'b'],
    ['1', '2,5'],
    ['3', ''],
  ]);
});

test('a quoted cell keeps delimiters, line breaks and doubled quotes', () => {
  assert.deepEqual(readCsv('a,b\n"x, ""y""","two\nlines"', ','), [
    ['a', 'b'],
    ['x, "y"', 'two\nlines'],
  ]);
});

test('a blank line is a record with one empty cell, so row numbers match the file', () => {
  assert.deepEqual(readCsv('a\n\nb', ','), [['a'], [''], ['b']]);
});

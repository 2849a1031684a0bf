/** The CSV writer: quoting per RFC 4180, a byte order mark, and formulas defused in text only. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { byteOrderMark, csvCell, csvLines, csvRow } from './csv.ts';

test('plain text and numbers are written as they are', () => {
  assert.equal(csvRow(['Москва', 42, 1.5, true, null, undefined]), 'Москва,42,1.5,true,,\r\n');
});

test('a cell with a comma, a quote or a line break is quoted, and its quotes doubled', () => {
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell('two\nlines'), '"two\nlines"');
});

test('text that a spreadsheet would run as a formula is prefixed with an apostrophe', () => {
  for (const [text, written] of [
    ['=HYPERLINK("http://evil","x")', `"'=HYPERLINK(""http://evil"",""x"")"`],
    ['+79161234567', "'+79161234567"],
    ['-1+1', "'-1+1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', `"'\rcmd"`],
  ]) {
    assert.equal(csvCell(text), written, text);
  }
});

test('a negative number stays a number: numbers are never escaped, only text is', () => {
  assert.equal(csvCell(-150), '-150');
  assert.equal(csvCell('-150'), "'-150");
});

test('a number that is not finite is left empty rather than written as NaN', () => {
  assert.equal(csvCell(Number.NaN), '');
  assert.equal(csvCell(Number.POSITIVE_INFINITY), '');
});

test('a file opens with the byte order mark and the header, then one line per row', async () => {
  async function* rows() {
    yield ['звонок', 1];
    yield ['call', -2];
  }
  const lines: string[] = [];
  for await (const line of csvLines(['name', 'n'], rows())) lines.push(line);
  assert.deepEqual(lines, [`${byteOrderMark}name,n\r\n`, 'звонок,1\r\n', 'call,-2\r\n']);
});

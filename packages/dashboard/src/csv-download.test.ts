import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvText } from './csv-download.ts';

test('a table’s CSV has the byte order mark, CRLF rows and defused formulas, numbers left as numbers', () => {
  assert.equal(
    csvText(
      ['campaign', 'cost'],
      [
        ['=HYPERLINK("x")', -150],
        ['spring, sale', 1200.5],
      ],
    ),
    '\uFEFFcampaign,cost\r\n"\'=HYPERLINK(""x"")",-150\r\n"spring, sale",1200.5\r\n',
  );
});

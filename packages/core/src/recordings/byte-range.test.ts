import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type ByteRange, formatRange, parseRangeHeader, resolveByteRange } from './byte-range.ts';

describe('a Range header', () => {
  const cases: [string | undefined, ByteRange | null][] = [
    ['bytes=0-', { start: 0 }],
    ['bytes=100-199', { start: 100, end: 199 }],
    ['bytes=-500', { suffix: 500 }],
    ['BYTES=5-5', { start: 5, end: 5 }],
    [' bytes=7- ', { start: 7 }],
    [undefined, null],
    ['bytes=-', null],
    ['bytes=9-3', null],
    ['bytes=0-1,5-6', null],
    ['items=0-1', null],
    ['bytes=a-b', null],
  ];
  for (const [header, expected] of cases) {
    test(`${JSON.stringify(header)} asks for ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(parseRangeHeader(header), expected);
    });
  }

  test('is written back as it was asked', () => {
    assert.equal(formatRange({ start: 3 }), 'bytes=3-');
    assert.equal(formatRange({ start: 3, end: 9 }), 'bytes=3-9');
    assert.equal(formatRange({ suffix: 4 }), 'bytes=-4');
  });
});

describe('a byte range within an object of 10 bytes', () => {
  const cases: [ByteRange, { start: number; end: number } | null][] = [
    [{ start: 0 }, { start: 0, end: 9 }],
    [
      { start: 2, end: 4 },
      { start: 2, end: 4 },
    ],
    [
      { start: 9, end: 9 },
      { start: 9, end: 9 },
    ],
    [
      { start: 5, end: 500 },
      { start: 5, end: 9 },
    ],
    [{ suffix: 3 }, { start: 7, end: 9 }],
    [{ suffix: 30 }, { start: 0, end: 9 }],
    [{ start: 10 }, null],
    [{ suffix: 0 }, null],
  ];
  for (const [range, expected] of cases) {
    test(`${formatRange(range)} covers ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(resolveByteRange(range, 10), expected);
    });
  }

  test('an empty object has no bytes to give', () => {
    assert.equal(resolveByteRange({ start: 0 }, 0), null);
    assert.equal(resolveByteRange({ suffix: 1 }, 0), null);
  });
});

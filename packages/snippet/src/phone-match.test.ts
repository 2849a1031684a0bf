import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matcher, type PhoneSpec } from './phone-match.ts';

const moscow: PhoneSpec = { e: '+74951234567', c: 1, p: '8' };
const freephone: PhoneSpec = { e: '+78005553535', c: 1, p: '8' };
const sanFrancisco: PhoneSpec = { e: '+14155550134', c: 1, p: '1' };
const london: PhoneSpec = { e: '+442079460958', c: 2, p: '0' };

/** Swaps every match in `text` to `show` and returns the result. */
function swapped(specs: PhoneSpec[], text: string, show: Record<string, string>): string {
  const m = matcher(specs, {});
  let out = '';
  let at = 0;
  for (const match of m.find(text)) {
    out +=
      text.slice(at, match.start) +
      m.rewrite(text.slice(match.start, match.end), match.biz, show[match.biz]!);
    at = match.end;
  }
  return out + text.slice(at);
}

describe('finding a business number', () => {
  const found = (text: string, specs = [moscow, freephone, sanFrancisco, london]) =>
    matcher(specs, {})
      .find(text)
      .map((m) => [text.slice(m.start, m.end), m.biz]);

  it('reads the common Russian ways of writing a number', () => {
    for (const written of [
      '+7 (495) 123-45-67',
      '+7 495 123 45 67',
      '+7(495)1234567',
      '8 495 123 45 67',
      '8 (495) 123-45-67',
      '8-495-123-45-67',
      '74951234567',
      '(495) 123-45-67',
      '495.123.45.67',
      '+7\u00a0495\u00a0123\u201145\u201167',
    ]) {
      // An opening bracket is the page's, not the number's: it stays where it is.
      const digitsOn = written.replace(/^\(/, '');
      assert.deepEqual(found(`Звоните: ${written}!`), [[digitsOn, '+74951234567']], written);
    }
    assert.deepEqual(found('8-800-555-35-35'), [['8-800-555-35-35', '+78005553535']]);
  });

  it('reads North American and British formats', () => {
    for (const written of ['+1 (415) 555-0134', '415.555.0134', '(415) 555-0134', '1-415-555-0134']) {
      assert.deepEqual(found(written), [[written.replace(/^\(/, ''), '+14155550134']], written);
    }
    for (const written of ['+44 20 7946 0958', '020 7946 0958', '+44 (0)20 7946 0958'.replace('(0)', '')]) {
      assert.deepEqual(found(written), [[written, '+442079460958']], written);
    }
  });

  it('finds several numbers in one text, in order', () => {
    assert.deepEqual(found('Sales 8 495 123-45-67, free 8 800 555 35 35'), [
      ['8 495 123-45-67', '+74951234567'],
      ['8 800 555 35 35', '+78005553535'],
    ]);
  });

  it('leaves longer digit runs that merely contain the number alone', () => {
    for (const text of [
      'order 84951234567890',
      'id 1234951234567',
      'ref 8-495-123-45-67-89',
      'ref 12.8.495.123.45.67',
      'v4951234567.1',
    ]) {
      assert.deepEqual(found(text), [], text);
    }
  });

  it('leaves other numbers alone', () => {
    assert.deepEqual(found('+7 (495) 765-43-21 and 8 812 123 45 67'), []);
  });

  it('does not read a foreign number as the national form of ours', () => {
    // +1 495 123 4567 is not Moscow's 495 123-45-67 with its country code left out.
    assert.deepEqual(found('+1 495 123 4567', [moscow]), []);
  });

  it('finds a number already swapped, so a page can be swapped again', () => {
    const m = matcher([moscow], { '+74957654321': '+74951234567' });
    const text = 'call 8 (495) 765-43-21';
    assert.deepEqual(
      m.find(text).map((x) => [text.slice(x.start, x.end), x.biz]),
      [['8 (495) 765-43-21', '+74951234567']],
    );
  });
});

describe('rewriting a number', () => {
  const show = { '+74951234567': '+74957654321', '+14155550134': '+14155550199' };

  it('keeps the page’s formatting and prefix, digit for digit', () => {
    assert.equal(swapped([moscow], '+7 (495) 123-45-67', show), '+7 (495) 765-43-21');
    assert.equal(swapped([moscow], '8 (495) 123-45-67', show), '8 (495) 765-43-21');
    assert.equal(swapped([moscow], '(495) 123-45-67', show), '(495) 765-43-21');
    assert.equal(swapped([moscow], '74951234567', show), '74957654321');
    assert.equal(swapped([moscow], '495.123.45.67', show), '495.765.43.21');
    assert.equal(
      swapped([moscow], '+7\u00a0495\u00a0123\u00a045\u00a067', show),
      '+7\u00a0495\u00a0765\u00a043\u00a021',
    );
    assert.equal(swapped([sanFrancisco], '415.555.0134', show), '415.555.0199');
    assert.equal(swapped([sanFrancisco], '+1 (415) 555-0134', show), '+1 (415) 555-0199');
  });

  it('rewrites links and messenger URLs', () => {
    assert.equal(swapped([moscow], 'tel:+74951234567', show), 'tel:+74957654321');
    assert.equal(swapped([moscow], 'tel:84951234567', show), 'tel:84957654321');
    assert.equal(
      swapped([moscow], 'https://wa.me/74951234567?text=hi', show),
      'https://wa.me/74957654321?text=hi',
    );
    assert.equal(
      swapped([moscow], 'https://api.whatsapp.com/send?phone=74951234567', show),
      'https://api.whatsapp.com/send?phone=74957654321',
    );
  });

  it('moves a national number to another area code of a different length', () => {
    // +7 800 555 35 35 → +7 3952 12 34 56 has the same number of digits; a shorter one drops trailing digits.
    assert.equal(swapped([freephone], '8 800 555-35-35', { '+78005553535': '+739521234' }), '8 395 212-34');
    assert.equal(
      swapped([freephone], '8 800 555-35-35', { '+78005553535': '+7395212345678' }),
      '8 395 212-34-5678',
    );
  });

  it('writes a tracking number of another country internationally', () => {
    assert.equal(
      swapped([moscow], '8 (495) 123-45-67', { '+74951234567': '+14155550134' }),
      '+1 (415) 555-01-34',
    );
  });
});

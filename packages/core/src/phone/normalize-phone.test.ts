/** Specification of phone normalisation: the forms Calltrail meets in the wild and what each becomes. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../errors.ts';
import type { CountryCode } from './normalize-phone.ts';
import { normalizePhone, parsePhoneOrError } from './normalize-phone.ts';

interface Case {
  raw: string | null | undefined;
  country?: CountryCode;
  expected: string | null;
  why: string;
}

const accepted: Case[] = [
  { raw: '+7 (495) 123-45-67', expected: '+74951234567', why: 'international with brackets and dashes' },
  { raw: '8 495 123 45 67', expected: '+74951234567', why: 'Russian trunk prefix 8' },
  { raw: '8-800-555-35-35', expected: '+78005553535', why: 'Russian toll-free with dashes' },
  { raw: '74951234567', expected: '+74951234567', why: 'E.164 without the plus' },
  { raw: '4951234567', expected: '+74951234567', why: 'national number without trunk prefix' },
  { raw: '+1 (415) 555-0134', expected: '+14155550134', why: 'a foreign number under the Russian default' },
  { raw: '415.555.0134', country: 'US', expected: '+14155550134', why: 'dotted US national number' },
  { raw: '14155550134', country: 'US', expected: '+14155550134', why: 'US number with country code' },
  {
    raw: '+7\u00a0495\u00a0123\u201145\u201167',
    expected: '+74951234567',
    why: 'non-breaking spaces and hyphens',
  },
  { raw: '\u202f+7 495 123 45 67\u00a0', expected: '+74951234567', why: 'narrow spaces around the number' },
  { raw: 'tel:+7-495-123-45-67', expected: '+74951234567', why: 'tel URI' },
  { raw: 'tel:+74951234567;ext=12', expected: '+74951234567', why: 'tel URI with parameters' },
  { raw: 'sip:+74951234567@pbx.example.com', expected: '+74951234567', why: 'SIP URI' },
  { raw: '<sip:74951234567@pbx.example.com>', expected: '+74951234567', why: 'bracketed SIP URI' },
  {
    raw: 'sip:74951234567@10.0.0.1:5060;user=phone',
    expected: '+74951234567',
    why: 'SIP URI whose host is an IP address and port',
  },
  {
    raw: '"Ivan Petrov" <sip:+74951234567@pbx.example.com>;tag=as1f',
    expected: '+74951234567',
    why: 'SIP header with display name and tag',
  },
  { raw: 'SIP:%2B74951234567@pbx', expected: '+74951234567', why: 'percent-encoded plus in a SIP URI' },
  { raw: '0074951234567', expected: '+74951234567', why: 'international prefix 00' },
  {
    raw: '00 44 20 7946 0018',
    country: 'US',
    expected: '+442079460018',
    why: '00 prefix under a US default',
  },
  { raw: '375291234567', expected: '+375291234567', why: 'foreign E.164 without the plus' },
  { raw: '+7 495 123-45-67 ext. 12', expected: '+74951234567', why: 'extension dropped' },
  { raw: '8 (495) 123-45-67 доб. 12', expected: '+74951234567', why: 'Russian extension marker dropped' },
  { raw: '+7 495 000-00-01', expected: '+74950000001', why: 'fictional tracking number' },
  { raw: '+1 555 010 0134', expected: '+15550100134', why: 'possible but unallocated number' },
  { raw: '+44 20 7946 0018', expected: '+442079460018', why: 'UK number' },
];

const rejected: Case[] = [
  { raw: null, expected: null, why: 'null' },
  { raw: undefined, expected: null, why: 'undefined' },
  { raw: '', expected: null, why: 'empty' },
  { raw: '   ', expected: null, why: 'blank' },
  { raw: '+', expected: null, why: 'a lone plus' },
  { raw: 'anonymous', expected: null, why: 'anonymous caller' },
  { raw: 'Anonymous', expected: null, why: 'capitalised anonymous' },
  { raw: 'withheld', expected: null, why: 'withheld caller' },
  { raw: 'private', expected: null, why: 'private caller' },
  { raw: 'Restricted', expected: null, why: 'restricted caller' },
  { raw: 'unknown', expected: null, why: 'unknown caller' },
  { raw: 'sip:anonymous@anonymous.invalid', expected: null, why: 'anonymous SIP URI' },
  { raw: '"Anonymous" <sip:anonymous@192.168.100.200:5060>', expected: null, why: 'anonymous with IP host' },
  { raw: 'sip:100@pbx.example.com', expected: null, why: 'internal PBX extension' },
  { raw: '123', expected: null, why: 'too short' },
  { raw: '112', expected: null, why: 'emergency short code' },
  { raw: '+7 495 123', expected: null, why: 'truncated number' },
  { raw: '+7 495 123 45 67 89', expected: null, why: 'too many digits' },
  { raw: '12345678901234567', expected: null, why: 'a long digit run' },
  { raw: '+7 000 000 00 00', expected: null, why: 'all zeros' },
  { raw: '+7 111 111 11 11', expected: null, why: 'one repeated digit' },
  { raw: 'abc', expected: null, why: 'letters only' },
  { raw: '12ab34', expected: null, why: 'digits mixed with letters' },
  { raw: '+1 800 FLOWERS', country: 'US', expected: null, why: 'vanity letters' },
  { raw: '%%%', expected: null, why: 'punctuation' },
  { raw: 'tel:%E0%A4%A', expected: null, why: 'broken percent-encoding' },
  {
    raw: '8 800 555 35 35',
    country: 'US',
    expected: null,
    why: 'a spaced national form is not re-read as E.164 missing its plus',
  },
  { raw: '8 800 555 35 35', country: 'XX' as CountryCode, expected: null, why: 'unknown default country' },
];

describe('normalizePhone', () => {
  for (const { raw, country, expected, why } of accepted) {
    it(`normalises ${JSON.stringify(raw)} to ${expected} (${why})`, () => {
      assert.equal(normalizePhone(raw, country), expected);
    });
  }

  for (const { raw, country, why } of rejected) {
    it(`returns null for ${JSON.stringify(raw)} (${why})`, () => {
      assert.equal(normalizePhone(raw, country), null);
    });
  }

  it('assumes Russia when no default country is given', () => {
    assert.equal(normalizePhone('8 (916) 123-45-67'), '+79161234567');
  });

  it('is idempotent on its own output', () => {
    for (const { raw, country, expected } of accepted) {
      assert.equal(normalizePhone(expected, country), expected, String(raw));
    }
  });
});

describe('parsePhoneOrError', () => {
  it('returns E.164 for a good number', () => {
    assert.equal(parsePhoneOrError('8 800 555-35-35', 'RU'), '+78005553535');
  });

  it('defaults to the Russian plan', () => {
    assert.equal(parsePhoneOrError('8 800 555-35-35'), '+78005553535');
  });

  for (const raw of ['', 'anonymous', '123', '+7 000 000 00 00']) {
    it(`throws INVALID_PHONE_NUMBER carrying the input for ${JSON.stringify(raw)}`, () => {
      assert.throws(
        () => parsePhoneOrError(raw, 'RU'),
        (error: unknown) =>
          error instanceof AppError &&
          error.code === 'INVALID_PHONE_NUMBER' &&
          error.status === 400 &&
          error.details?.value === raw,
      );
    });
  }
});

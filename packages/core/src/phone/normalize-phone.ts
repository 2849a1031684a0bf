/** Turns phone numbers as providers and people write them into E.164, the one form Calltrail stores. */
import type { CountryCode } from 'libphonenumber-js/min';
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { AppError } from '../errors.ts';

export type { CountryCode } from 'libphonenumber-js/min';

/** The national plan assumed for numbers written without a country code. */
export const defaultPhoneCountry: CountryCode = 'RU';

/** Unicode spaces that copy-paste and provider panels put between digit groups. */
const unicodeSpaces = /[\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff]/g;
const unicodeDashes = /[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]/g;

/**
 * Returns the number in E.164 (`+74951234567`), or null when `raw` holds no usable number:
 * withheld callers ("anonymous", "private", "restricted"…), empty input, garbage, too few or too
 * many digits. Extensions are dropped because E.164 has none. Never throws: provider payloads are
 * untrusted and a bad caller id must not lose the call.
 *
 * A number counts when the country's plan says it is valid, or when it merely has a possible
 * length and is not a run of one digit: tracking numbers in tests and fresh allocations are often
 * missing from the library's plan, and refusing them would break attribution.
 */
export function normalizePhone(
  raw: string | null | undefined,
  defaultCountry: CountryCode = defaultPhoneCountry,
): string | null {
  if (typeof raw !== 'string') return null;
  try {
    const text = unwrap(raw);
    // Withheld markers ("anonymous", "sip:anonymous@anonymous.invalid", "Restricted") carry no digits.
    if (!/\d/.test(text)) return null;
    return pickNumber(text, defaultCountry);
  } catch {
    return null;
  }
}

/**
 * Like normalizePhone, for numbers an administrator types in, where a wrong number is the
 * caller's mistake to be told about rather than a value to skip.
 */
export function parsePhoneOrError(raw: string, country: CountryCode = defaultPhoneCountry): string {
  const phone = normalizePhone(raw, country);
  if (phone === null) throw new AppError('INVALID_PHONE_NUMBER', { value: raw });
  return phone;
}

/** Strips what surrounds the number itself: SIP and tel URIs, display names, odd spaces and dashes. */
function unwrap(raw: string): string {
  let text = raw.replace(unicodeSpaces, ' ').replace(unicodeDashes, '-').trim();
  // `"Ivan" <sip:+74951234567@pbx>;tag=1`: the address is what sits between the angle brackets.
  const bracketed = /<([^>]*)>/.exec(text);
  if (bracketed) text = bracketed[1]!.trim();
  const uri = /^(sips?|tel):(.*)$/i.exec(text);
  if (uri) {
    let rest = uri[2]!;
    // The SIP host (often an IP address and port) must not be read as digits of the number.
    if (uri[1]!.toLowerCase() !== 'tel') rest = rest.split('@')[0]!;
    text = rest.split(';')[0]!.trim();
    try {
      text = decodeURIComponent(text);
    } catch {
      // A stray '%' is not worth losing the number over.
    }
  }
  // '00' is the international prefix in most of the world but not in every default country's plan.
  return text.replace(/^00[\s.-]*(?=[1-9])/, '+');
}

function pickNumber(text: string, defaultCountry: CountryCode): string | null {
  const national = parsePhoneNumberFromString(text, defaultCountry);
  if (national?.isValid()) return national.number;
  // Providers often send E.164 without its '+' ("375291234567"), always as bare digits; people's
  // spaced national forms ("8 800 …") are left alone, and only a valid reading is trusted, because
  // any long digit string has some possible reading somewhere.
  if (/^\d{8,15}$/.test(text)) {
    const international = parsePhoneNumberFromString(`+${text}`);
    if (international?.isValid()) return international.number;
  }
  if (national?.isPossible() && !/^(\d)\1*$/.test(national.nationalNumber)) return national.number;
  return null;
}

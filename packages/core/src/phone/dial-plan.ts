/** How a number is dialled at home: what the snippet needs to find it written in national form on a page. */
import { Metadata, parsePhoneNumberFromString } from 'libphonenumber-js/min';

export interface DialPlan {
  /** The country calling code without the plus: `7`, `44`, `375`. */
  callingCode: string;
  /** The trunk prefix dialled before a national number (`8` in Russia, `0` in Germany), or ''. */
  nationalPrefix: string;
}

/**
 * The library's typings leave out what its metadata offers at run time: a numbering plan is chosen
 * by country or by calling code, and knows its national prefix.
 */
interface PlanMetadata {
  selectNumberingPlan(countryOrCallingCode: string): void;
  // Minified metadata fills a missing prefix with the number 0.
  numberingPlan?: { nationalPrefix?(): unknown };
}

/** The dial plan of an E.164 number, or null when it is not one. */
export function dialPlan(e164: string): DialPlan | null {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return null;
  const callingCode = parsed.countryCallingCode;
  const metadata = new Metadata() as unknown as PlanMetadata;
  // The number's own country when it can tell (+1 876 is Jamaica), else the calling code's main one.
  metadata.selectNumberingPlan(parsed.country ?? callingCode);
  const prefix = metadata.numberingPlan?.nationalPrefix?.();
  return { callingCode, nationalPrefix: typeof prefix === 'string' ? prefix : '' };
}

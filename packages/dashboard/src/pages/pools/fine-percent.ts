/** Blocking targets are fractions of a percent: shares here keep two decimals where the shell's keep none. */
import type { Locale } from '../../i18n.ts';

const formats = new Map<Locale, Intl.NumberFormat>();

export function finePercent(locale: Locale, share: number | null, none: string): string {
  if (share === null) return none;
  let format = formats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 });
    formats.set(locale, format);
  }
  return format.format(share);
}

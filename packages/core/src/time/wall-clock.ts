/**
 * PBXs stamp events with local wall-clock time ("2026-10-01 12:00:00") and no offset. This reads
 * such a time in an IANA time zone, across daylight-saving changes, using only Intl.
 */

const pattern = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/;

/** The zone's offset from UTC at `utc`, in milliseconds. */
function offsetAt(utc: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utc));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - Math.floor(utc / 1000) * 1000;
}

/**
 * The instant a wall-clock time names in `timeZone`, or null when the text is not such a time or
 * the zone is unknown. PBX strings do not say which of the two hours a DST change repeats is meant:
 * such a time is read as its second occurrence, and a time the change skips as an hour later.
 */
export function wallClockToUtc(text: string, timeZone: string): Date | null {
  const m = pattern.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, fraction = '0'] = m;
  const naive = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const ms = Math.round(Number(`0.${fraction}`) * 1000);
  try {
    // Two passes: the offset at the guessed instant may differ from the one at the true instant.
    let utc = naive - offsetAt(naive, timeZone);
    utc = naive - offsetAt(utc, timeZone);
    return new Date(utc + ms);
  } catch {
    return null;
  }
}

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

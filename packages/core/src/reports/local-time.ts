/** Where an instant falls on a workspace's calendar and clock, in its IANA time zone (Intl only). */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      weekday: 'short',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export interface LocalSlot {
  /** YYYY-MM-DD on the zone's calendar. */
  day: string;
  /** 0-23 on the zone's clock. */
  hour: number;
  /** 0 = Monday … 6 = Sunday (ISO order). */
  weekday: number;
}

export function localSlot(at: Date, timeZone: string): LocalSlot {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(at)) parts[p.type] = p.value;
  return {
    day: `${parts.year}-${parts.month}-${parts.day}`,
    hour: Number(parts.hour),
    weekday: weekdays.indexOf(parts.weekday ?? ''),
  };
}

/** 24 × 7 cells, indexed [weekday][hour], each counting the instants in it. */
export function hourWeekdayGrid<T>(items: readonly T[], at: (item: T) => Date, timeZone: string): number[][] {
  const grid = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  for (const item of items) {
    const slot = localSlot(at(item), timeZone);
    const row = grid[slot.weekday];
    if (row) row[slot.hour] = (row[slot.hour] ?? 0) + 1;
  }
  return grid;
}

/**
 * The local days a period [from, to) touches, first and last inclusive: ad costs are uploaded per day,
 * so a day the period only partly covers is counted whole.
 */
export function periodDays(from: Date, to: Date, timeZone: string): { first: string; last: string } {
  const lastInstant = new Date(Math.max(from.getTime(), to.getTime() - 1));
  return { first: localSlot(from, timeZone).day, last: localSlot(lastInstant, timeZone).day };
}

/** Every calendar day from `first` to `last` (YYYY-MM-DD, both included), for a series with no gaps. */
export function daysBetween(first: string, last: string): string[] {
  const days: string[] = [];
  const end = Date.parse(`${last}T00:00:00Z`);
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= end; t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

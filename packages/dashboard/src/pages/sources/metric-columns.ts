/**
 * The sources table's figures: which metric each column shows, how it is written, and whether a rise
 * is good news (more calls), bad news (a higher cost per lead) or neither (spend).
 */
import type { ReportMetricsBody } from '@calltrail/protocol';
import type { Speech } from '../../i18n.ts';
import type { words } from './words.ts';

type Words = (typeof words)['en'];
type Format = 'count' | 'share' | 'money' | 'seconds';

export interface MetricColumn {
  metric: keyof ReportMetricsBody;
  label: keyof Words;
  format: Format;
  /** Which way is better; null where a change is neither good nor bad in itself. */
  better: 'up' | 'down' | null;
}

export const metricColumns: readonly MetricColumn[] = [
  { metric: 'sessions', label: 'sessions', format: 'count', better: 'up' },
  { metric: 'calls', label: 'calls', format: 'count', better: 'up' },
  { metric: 'uniqueCallers', label: 'uniqueCallers', format: 'count', better: 'up' },
  { metric: 'firstTimeCalls', label: 'firstTimeCalls', format: 'count', better: 'up' },
  { metric: 'conversion', label: 'conversion', format: 'share', better: 'up' },
  { metric: 'qualified', label: 'qualified', format: 'count', better: 'up' },
  { metric: 'qualifiedShare', label: 'qualifiedShare', format: 'share', better: 'up' },
  { metric: 'missedShare', label: 'missedShare', format: 'share', better: 'down' },
  { metric: 'meanWaitSeconds', label: 'meanWait', format: 'seconds', better: 'down' },
  { metric: 'cost', label: 'cost', format: 'money', better: null },
  { metric: 'cpl', label: 'cpl', format: 'money', better: 'down' },
  { metric: 'revenue', label: 'revenue', format: 'money', better: 'up' },
  { metric: 'cpo', label: 'cpo', format: 'money', better: 'down' },
  { metric: 'romi', label: 'romi', format: 'share', better: 'up' },
];

/** A figure as the locale writes it; an unknown one (no sessions, no cost) as a dash. */
export function formatMetric(s: Speech, format: Format, value: number | null, currency: string): string {
  if (value === null) return s.m.none;
  switch (format) {
    case 'share':
      return s.percent(value);
    case 'money':
      return s.money(value, currency);
    case 'seconds':
      return s.seconds(Math.round(value));
    default:
      return s.number(value);
  }
}

/** Good or bad news for a change, or neutral when it did not move or has no direction. */
export function changeTone(
  better: MetricColumn['better'],
  absolute: number | null,
): 'good' | 'bad' | 'neutral' {
  if (better === null || absolute === null || absolute === 0) return 'neutral';
  return absolute > 0 === (better === 'up') ? 'good' : 'bad';
}

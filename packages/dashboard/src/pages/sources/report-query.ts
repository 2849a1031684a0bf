/**
 * The sources report's state lives in the address bar (`?period=90d&compare=1&channel=paid_search`),
 * so a drill-down can be bookmarked and the back button climbs back up; this reads and writes it and
 * turns it into the API's queries.
 */
import { type Channel, channels } from '@calltrail/core';
import type { CustomersGroupBy, ReportGroupBy, SourcesReportQuery } from '@calltrail/protocol';
import {
  type Days,
  instants,
  isDay,
  type PeriodPreset,
  periodPresets,
  presetDays,
  previousDays,
} from '../../period.ts';

/** The drill-down filters, outermost first: each one chosen opens the next level. */
export interface Drilldown {
  channel?: Channel;
  source?: string;
  campaign?: string;
}

export interface ReportState {
  period: PeriodPreset;
  /** Only for the custom period. */
  from: string;
  to: string;
  compare: boolean;
  touch: 'last' | 'first';
  /** The landing-page tab instead of the channel → term drill-down. */
  byLandingPage: boolean;
  drilldown: Drilldown;
  /** How the LTV table groups customers by their first touch. */
  ltv: CustomersGroupBy;
  /** One site's traffic, or '' for the whole workspace. */
  site: string;
}

export function readReportState(search: URLSearchParams): ReportState {
  const period = search.get('period') as PeriodPreset | null;
  const channel = search.get('channel') ?? '';
  const drilldown: Drilldown = {};
  if ((channels as readonly string[]).includes(channel)) {
    drilldown.channel = channel as Channel;
    const source = search.get('source');
    if (source !== null) {
      drilldown.source = source;
      const campaign = search.get('campaign');
      if (campaign !== null) drilldown.campaign = campaign;
    }
  }
  const ltv = search.get('ltv');
  return {
    period: period && periodPresets.includes(period) ? period : '30d',
    from: isDay(search.get('from')) ? (search.get('from') as string) : '',
    to: isDay(search.get('to')) ? (search.get('to') as string) : '',
    compare: search.get('compare') === '1',
    touch: search.get('touch') === 'first' ? 'first' : 'last',
    byLandingPage: search.get('view') === 'landingPage',
    drilldown,
    ltv: ltv === 'source' || ltv === 'campaign' ? ltv : 'channel',
    site: search.get('site') ?? '',
  };
}

/** `/sources?…` with the defaults left out, so the plain page has a plain address. */
export function reportHref(state: ReportState): string {
  const search = new URLSearchParams();
  if (state.period !== '30d') search.set('period', state.period);
  if (state.period === 'custom') {
    if (state.from) search.set('from', state.from);
    if (state.to) search.set('to', state.to);
  }
  if (state.compare) search.set('compare', '1');
  if (state.touch === 'first') search.set('touch', 'first');
  if (state.byLandingPage) search.set('view', 'landingPage');
  const { channel, source, campaign } = state.drilldown;
  if (channel !== undefined) search.set('channel', channel);
  if (source !== undefined) search.set('source', source);
  if (campaign !== undefined) search.set('campaign', campaign);
  if (state.ltv !== 'channel') search.set('ltv', state.ltv);
  if (state.site) search.set('site', state.site);
  const text = search.toString();
  return text ? `/sources?${text}` : '/sources';
}

/** What the drill-down rows stand for at the current depth. */
export function drilldownLevel(drilldown: Drilldown): Exclude<ReportGroupBy, 'landingPage'> {
  if (drilldown.campaign !== undefined) return 'term';
  if (drilldown.source !== undefined) return 'campaign';
  if (drilldown.channel !== undefined) return 'source';
  return 'channel';
}

/** The drill-down one level deeper, through the row whose key was clicked; null at the keyword level. */
export function deeper(drilldown: Drilldown, key: string): Drilldown | null {
  switch (drilldownLevel(drilldown)) {
    case 'channel':
      return (channels as readonly string[]).includes(key) ? { channel: key as Channel } : null;
    case 'source':
      return { ...drilldown, source: key };
    case 'campaign':
      return { ...drilldown, campaign: key };
    default:
      return null;
  }
}

export function reportDays(state: ReportState, today: string): Days {
  return presetDays(state.period, today, { first: state.from, last: state.to });
}

/** The sources report's query for this state; the heat map and the chart take its period and filters. */
export function sourcesQuery(state: ReportState, today: string, timeZone: string): SourcesReportQuery {
  const days = reportDays(state, today);
  const compare = state.compare ? instants(previousDays(days), timeZone) : undefined;
  return {
    ...instants(days, timeZone),
    ...(compare && { compareFrom: compare.from, compareTo: compare.to }),
    groupBy: state.byLandingPage ? 'landingPage' : drilldownLevel(state.drilldown),
    touch: state.touch,
    ...(state.site && { siteId: state.site }),
    ...state.drilldown,
  };
}

/**
 * The sources report: which channels, sources, campaigns and keywords make the phone ring and what
 * the calls bring, with a daily chart, an hour × weekday heat map and LTV by first-touch source.
 */
import type { Channel } from '@calltrail/core';
import { type ComponentChildren, h } from 'preact';
import type { Speech } from '../../i18n.ts';
import { previousDays, todayIn } from '../../period.ts';
import { link } from '../../router.ts';
import { type Loaded, useLoaded } from '../../use-loaded.ts';
import type { PageProps } from '../page-props.ts';
import { CallsChart } from './calls-chart.ts';
import { CustomersTable } from './customers-table.ts';
import { HeatMap } from './heat-map.ts';
import { ReportControls } from './report-controls.ts';
import {
  type Drilldown,
  type ReportState,
  readReportState,
  reportDays,
  reportHref,
  sourcesQuery,
} from './report-query.ts';
import { csvHref, periodQuery, sourcesApi } from './sources-api.ts';
import { SourcesTable } from './sources-table.ts';
import { words } from './words.ts';
import './sources.css';

type Words = (typeof words)['en'];

export function SourcesPage(props: PageProps) {
  const { s, workspace } = props;
  const w = words[s.locale];
  const state = readReportState(props.location.search);
  const today = todayIn(workspace.timeZone);
  const days = reportDays(state, today);
  const query = sourcesQuery(state, today, workspace.timeZone);
  const calendar = periodQuery(query);
  const customersQuery = {
    from: query.from,
    to: query.to,
    groupBy: state.ltv,
    ...(query.siteId && { siteId: query.siteId }),
  };
  // Reload when the workspace changes as well as the query.
  const keyOf = (q: object) => `${workspace.id} ${JSON.stringify(q)}`;
  const [report] = useLoaded(() => sourcesApi.sources(query), keyOf(query));
  const [series] = useLoaded(() => sourcesApi.timeseries(calendar), keyOf(calendar));
  const [heatmap] = useLoaded(() => sourcesApi.heatmap(calendar), keyOf(calendar));
  const [customers] = useLoaded(() => sourcesApi.customers(customersQuery), keyOf(customersQuery));
  const [sites] = useLoaded(() => sourcesApi.sites(), workspace.id);

  return h(
    'section',
    { class: 'sources' },
    h('h1', null, w.title),
    ReportControls({
      s,
      w,
      state,
      days,
      compared: state.compare ? previousDays(days) : null,
      // A site filter is offered only where there is a choice (and only to roles that may list sites).
      sites: sites.state === 'done' ? sites.value.items : [],
    }),
    h(
      'nav',
      { class: 'sources-tabs' },
      h(
        'a',
        {
          ...link(reportHref({ ...state, byLandingPage: false })),
          'aria-current': state.byLandingPage ? undefined : 'page',
        },
        w.byDrilldown,
      ),
      h(
        'a',
        {
          ...link(reportHref({ ...state, byLandingPage: true })),
          'aria-current': state.byLandingPage ? 'page' : undefined,
        },
        w.byLandingPage,
      ),
    ),
    Breadcrumbs({ s, w, state }),
    Section(
      s,
      report,
      (value) =>
        value.rows.length === 0 && value.totals.metrics.calls === 0
          ? h('p', { class: 'muted' }, w.noData)
          : SourcesTable({ s, w, report: value, state }),
      h(
        'a',
        { class: 'button secondary', href: csvHref('sources', query, workspace.id), download: 'sources.csv' },
        s.m.exportCsv,
      ),
    ),
    h('h2', null, w.chartTitle),
    Section(s, series, (value) => h(CallsChart, { s, w, series: value })),
    h('h2', null, w.heatTitle),
    Section(s, heatmap, (value) => h(HeatMap, { s, w, heatmap: value })),
    h('h2', null, w.customersTitle),
    customers.state === 'failed' && customers.status === 404
      ? h('p', { class: 'muted', 'data-missing': 'customers' }, w.customersMissing)
      : Section(
          s,
          customers,
          (value) => CustomersTable({ s, w, report: value, state }),
          h(
            'a',
            {
              class: 'button secondary',
              href: csvHref('customers', customersQuery, workspace.id),
              download: 'customers.csv',
            },
            s.m.exportCsv,
          ),
        ),
  );
}

/** A part of the page that shows its own loading and failure, so one slow report holds up no other. */
function Section<T>(
  s: Speech,
  loaded: Loaded<T>,
  show: (value: T) => ComponentChildren,
  action?: ComponentChildren,
) {
  if (loaded.state === 'loading' && loaded.last === undefined) return h('p', { class: 'muted' }, s.m.loading);
  if (loaded.state === 'failed') return h('p', { class: 'error', role: 'alert' }, loaded.message);
  const loading = loaded.state === 'loading';
  return h(
    'div',
    { class: loading ? 'sources-part stale' : 'sources-part', 'aria-busy': loading },
    action && h('div', { class: 'sources-actions' }, action),
    show(loading ? (loaded.last as T) : loaded.value),
  );
}

/** All channels › Paid search › google › brand: each step back up is a link. */
function Breadcrumbs(props: { s: Speech; w: Words; state: ReportState }) {
  const { s, w, state } = props;
  const { channel, source, campaign } = state.drilldown;
  const steps: { label: string; drilldown: Drilldown }[] = [{ label: w.allChannels, drilldown: {} }];
  if (channel !== undefined) steps.push({ label: s.channel(channel as Channel), drilldown: { channel } });
  if (channel !== undefined && source !== undefined) {
    steps.push({ label: source || w.notSet, drilldown: { channel, source } });
  }
  if (channel !== undefined && source !== undefined && campaign !== undefined) {
    steps.push({ label: campaign || w.notSet, drilldown: { channel, source, campaign } });
  }
  return h(
    'nav',
    { class: 'sources-crumbs', 'aria-label': w.drilldownPath },
    steps.map((step, i) =>
      i === steps.length - 1
        ? h('span', { 'aria-current': 'page' }, step.label)
        : h('a', link(reportHref({ ...state, drilldown: step.drilldown })), step.label),
    ),
  );
}

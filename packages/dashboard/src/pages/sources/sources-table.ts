/**
 * The drill-down table: a row per channel, source, campaign, keyword or landing page, every figure
 * with its change against the comparison period when there is one, and the totals last.
 */
import type { Channel } from '@calltrail/core';
import type { SourcesReport } from '@calltrail/protocol';
import { h } from 'preact';
import type { Speech } from '../../i18n.ts';
import { link } from '../../router.ts';
import { changeTone, formatMetric, type MetricColumn, metricColumns } from './metric-columns.ts';
import { deeper, type ReportState, reportHref } from './report-query.ts';
import type { words } from './words.ts';

type Row = SourcesReport['totals'];

export function SourcesTable(props: {
  s: Speech;
  w: (typeof words)['en'];
  report: SourcesReport;
  state: ReportState;
}) {
  const { s, w, report, state } = props;
  const cells = (row: Row) =>
    metricColumns.map((column) => MetricCell({ s, column, row, currency: report.currency }));
  return h(
    'div',
    { class: 'sources-scroll' },
    h(
      'table',
      { class: 'sources-table', 'data-group-by': report.groupBy },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', null, keyHeading(s, report.groupBy)),
          metricColumns.map((column) =>
            h('th', { class: 'number', 'data-metric': column.metric }, w[column.label]),
          ),
        ),
      ),
      h(
        'tbody',
        null,
        report.rows.map((row) =>
          h(
            'tr',
            { key: row.key ?? '', 'data-key': row.key ?? '' },
            h('th', { scope: 'row' }, KeyCell({ s, w, key: row.key, report, state })),
            cells(row),
          ),
        ),
      ),
      h(
        'tfoot',
        null,
        h('tr', { 'data-total': '' }, h('th', { scope: 'row' }, w.total), cells(report.totals)),
      ),
    ),
  );
}

function keyHeading(s: Speech, groupBy: SourcesReport['groupBy']): string {
  const { m } = s;
  return {
    channel: m.channel,
    source: m.source,
    campaign: m.campaign,
    term: m.term,
    landingPage: m.landingPage,
  }[groupBy];
}

/** The group's name as text (UTM values and URLs are whatever visitors brought), a link one level down. */
function KeyCell(props: {
  s: Speech;
  w: (typeof words)['en'];
  key: string | null;
  report: SourcesReport;
  state: ReportState;
}) {
  const { s, w, key, report, state } = props;
  if (key === null) return h('span', { class: 'muted' }, w.notSet);
  const label = report.groupBy === 'channel' ? s.channel(key as Channel) : key;
  const next = report.groupBy === 'landingPage' ? null : deeper(state.drilldown, key);
  return next ? h('a', link(reportHref({ ...state, drilldown: next })), label) : label;
}

function MetricCell(props: { s: Speech; column: MetricColumn; row: Row; currency: string }) {
  const { s, column, row, currency } = props;
  const value = formatMetric(s, column.format, row.metrics[column.metric], currency);
  const change = row.comparison?.change[column.metric];
  if (!row.comparison || !change) return h('td', { class: 'number', 'data-metric': column.metric }, value);
  const before = formatMetric(s, column.format, row.comparison.metrics[column.metric], currency);
  const tone = changeTone(column.better, change.absolute);
  const arrow = change.absolute === null || change.absolute === 0 ? '' : change.absolute > 0 ? '▲' : '▼';
  return h(
    'td',
    { class: 'number', 'data-metric': column.metric, title: before },
    value,
    h(
      'span',
      { class: `sources-change ${tone}`, 'data-change': '' },
      arrow,
      change.relative === null ? '' : ` ${s.percent(Math.abs(change.relative))}`,
    ),
  );
}

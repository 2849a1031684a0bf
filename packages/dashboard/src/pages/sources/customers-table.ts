/** Repeat calls and revenue per customer (LTV), each customer credited to their first-touch group. */
import type { Channel } from '@calltrail/core';
import type { CustomersGroupBy, CustomersReport } from '@calltrail/protocol';
import { h } from 'preact';
import type { Speech } from '../../i18n.ts';
import { link } from '../../router.ts';
import { type ReportState, reportHref } from './report-query.ts';
import type { words } from './words.ts';

type Words = (typeof words)['en'];
type CustomerFigures = CustomersReport['totals'];

const columns: readonly {
  figure: keyof CustomerFigures;
  label: keyof Words;
  money?: true;
  digits?: number;
}[] = [
  { figure: 'customers', label: 'customers' },
  { figure: 'calls', label: 'calls' },
  { figure: 'repeatCalls', label: 'repeatCalls' },
  { figure: 'callsPerCustomer', label: 'callsPerCustomer', digits: 2 },
  { figure: 'qualifiedCalls', label: 'qualified' },
  { figure: 'deals', label: 'deals' },
  { figure: 'revenue', label: 'revenue', money: true },
  { figure: 'revenuePerCustomer', label: 'revenuePerCustomer', money: true },
];

export function CustomersTable(props: { s: Speech; w: Words; report: CustomersReport; state: ReportState }) {
  const { s, w, report, state } = props;
  const cells = (figures: CustomerFigures) =>
    columns.map((column) => {
      const value = figures[column.figure];
      const text =
        value === null
          ? s.m.none
          : column.money
            ? s.money(value, report.currency)
            : s.number(value, column.digits ?? 0);
      return h('td', { class: 'number', 'data-figure': column.figure }, text);
    });
  const groupLabel = (key: string | null) =>
    key === null ? w.notSet : report.groupBy === 'channel' ? s.channel(key as Channel) : key;
  const groupings: [CustomersGroupBy, string][] = [
    ['channel', s.m.channel],
    ['source', s.m.source],
    ['campaign', s.m.campaign],
  ];
  return h(
    'div',
    null,
    h(
      'nav',
      { class: 'sources-toggle', 'aria-label': w.groupBy },
      groupings.map(([groupBy, label]) =>
        h(
          'a',
          {
            ...link(reportHref({ ...state, ltv: groupBy })),
            class: groupBy === state.ltv ? 'button' : 'button secondary',
            'aria-current': groupBy === state.ltv ? 'true' : undefined,
          },
          label,
        ),
      ),
    ),
    h(
      'div',
      { class: 'sources-scroll' },
      h(
        'table',
        { class: 'sources-customers' },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', null, groupings.find(([groupBy]) => groupBy === report.groupBy)?.[1] ?? ''),
            columns.map((column) => h('th', { class: 'number' }, w[column.label])),
          ),
        ),
        h(
          'tbody',
          null,
          report.rows.map((row) =>
            h(
              'tr',
              { key: row.key ?? '', 'data-key': row.key ?? '' },
              h('th', { scope: 'row' }, groupLabel(row.key)),
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
    ),
  );
}

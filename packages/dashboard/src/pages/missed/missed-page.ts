/**
 * Missed calls as a worklist: the period's summary (missed, recovered, lost, how fast callbacks came)
 * and each missed call with whether and how it was followed up, open ones first.
 */
import type { MissedCall, MissedReport, MissedState } from '@calltrail/protocol';
import { h } from 'preact';
import { link, navigate } from '../../router.ts';
import { usePaged } from '../../use-paged.ts';
import type { PageProps } from '../page-props.ts';
import { callbackText, humanDuration } from './callback-text.ts';
import { missedApi } from './missed-api.ts';
import { missedQuery, missedStates, readMissedFilters, writeMissedFilters } from './missed-filters.ts';
import { words } from './words.ts';
import './missed.css';
import { dataTable } from '../../table.ts';

const pageSize = 50;

/** Calls still to be worked on come first; the sort is stable, so each group stays newest first. */
const open: ReadonlySet<MissedState> = new Set(['pending', 'attempted']);
const openFirst = (items: readonly MissedCall[]) =>
  [...items].sort((a, b) => Number(open.has(b.state)) - Number(open.has(a.state)));

export function MissedPage(props: PageProps) {
  const { s, workspace } = props;
  const w = words[s.locale];
  const filters = readMissedFilters(props.location.search);
  const key = writeMissedFilters(filters);
  const query = missedQuery(filters, workspace.timeZone);
  const {
    page: report,
    error,
    more,
  } = usePaged(
    (cursor) => missedApi.report({ ...query, limit: pageSize, ...(cursor && { cursor }) }),
    `${workspace.id} ${workspace.timeZone} ${key}`,
  );

  function pickPeriod(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const day = (name: string) => String(form.get(name) ?? '');
    navigate(`/missed${writeMissedFilters({ ...filters, from: day('from'), to: day('to') })}`);
  }

  const tab = (state: MissedState | '', label: string) =>
    h(
      'a',
      {
        ...link(`/missed${writeMissedFilters({ ...filters, state })}`),
        class: state === filters.state ? 'missed-tab active' : 'missed-tab',
        'data-state-tab': state || 'all',
        key: state || 'all',
      },
      label,
    );

  return h(
    'section',
    { class: 'missed' },
    h('h1', null, w.title),
    h(
      'form',
      { class: 'filters', onSubmit: pickPeriod, key },
      h('label', null, s.m.from, h('input', { type: 'date', name: 'from', value: filters.from })),
      h('label', null, s.m.to, h('input', { type: 'date', name: 'to', value: filters.to })),
      h('button', { type: 'submit' }, s.m.apply),
      h('a', { ...link('/missed'), class: 'button secondary' }, s.m.reset),
      h(
        'a',
        { href: missedApi.csvUrl(query, workspace.id), class: 'button secondary', download: '' },
        s.m.exportCsv,
      ),
    ),
    !filters.from && !filters.to && h('p', { class: 'muted' }, w.lastWeek),
    error && h('p', { class: 'error', role: 'alert' }, error),
    !report && !error && h('p', { class: 'muted' }, s.m.loading),
    report && h(Summary, { ...props, summary: report.summary }),
    h(
      'nav',
      { class: 'missed-tabs' },
      tab('', w.all),
      missedStates.map((state) => tab(state, w.states[state])),
    ),
    report && report.items.length === 0 && h('p', { class: 'muted' }, w.noMissed),
    report && report.items.length > 0 && h(Worklist, { ...props, items: openFirst(report.items) }),
    report?.nextCursor && h('button', { type: 'button', class: 'secondary', onClick: more }, s.m.more),
  );
}

function Summary(props: PageProps & { summary: MissedReport['summary'] }) {
  const { s, summary } = props;
  const w = words[s.locale];
  const tile = (name: string, label: string, value: string, note?: string) =>
    h(
      'div',
      { class: 'figure', 'data-tile': name },
      h('span', null, label),
      h('strong', null, value),
      note && h('small', null, note),
    );
  return h(
    'div',
    { class: 'figures' },
    tile('missed', w.missed, s.number(summary.missed), `${w.inbound}: ${s.number(summary.inbound)}`),
    tile('missed-share', w.missedShare, s.percent(summary.missedShare)),
    tile('recovered', w.recovered, s.number(summary.recovered)),
    tile('lost', w.lost, s.number(summary.lost), `${s.percent(summary.lostShare)} ${w.lostShare}`),
    tile('pending', w.pending, s.number(summary.pending)),
    tile(
      'median-callback',
      w.medianCallback,
      summary.medianCallbackSeconds === null ? s.m.none : humanDuration(summary.medianCallbackSeconds, w),
    ),
  );
}

function Worklist(props: PageProps & { items: MissedCall[] }) {
  const { s } = props;
  const w = words[s.locale];
  const headings = [w.time, w.caller, w.trackingNumber, w.source, w.wait, w.state, w.callback];
  return dataTable(
    { class: 'missed-worklist' },
    headings,
    props.items.map(({ call, state, callback, attempts }) =>
      h(
        'tr',
        { key: call.id, 'data-call-id': call.id, 'data-state': state },
        h('td', null, h('a', link(`/calls/${encodeURIComponent(call.id)}`), s.dateTime(call.startedAt))),
        h('td', null, call.caller ?? s.m.withheld),
        h('td', null, call.trackingNumber ?? call.trackingNumberRaw),
        h(
          'td',
          null,
          call.channel ? s.channel(call.channel) : s.m.none,
          call.source && h('span', { class: 'muted' }, ` · ${call.source}`),
        ),
        h('td', { class: 'number' }, s.seconds(call.waitSeconds)),
        h('td', null, h('span', { class: `missed-state ${state}` }, w.states[state])),
        h('td', null, callbackText({ callback, attempts }, w) || s.m.none),
      ),
    ),
  );
}

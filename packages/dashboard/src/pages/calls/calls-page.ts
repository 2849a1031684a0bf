/** The call log: filters, a table of calls newest first, cursor paging ("show more") and the CSV. */
import { channels } from '@calltrail/core';
import type { CallRecord } from '@calltrail/protocol';
import { type ComponentChildren, h } from 'preact';
import type { Speech } from '../../i18n.ts';
import { link, navigate } from '../../router.ts';
import { usePaged } from '../../use-paged.ts';
import type { PageProps } from '../page-props.ts';
import { qualifiedText, ratingStars } from './annotation-text.ts';
import { callsApi, exportUrl } from './calls-api.ts';
import {
  type CallFilters,
  callQuery,
  directions,
  hiddenFiltersSet,
  ratings,
  readFilters,
  statuses,
  writeFilters,
} from './filters.ts';
import { words } from './words.ts';
import './calls.css';
import { dataTable } from '../../table.ts';

export function CallsPage(props: PageProps) {
  const { s } = props;
  const { timeZone, id: workspaceId } = props.workspace;
  const { m } = s;
  const filters = readFilters(props.location.search);
  const key = writeFilters(filters);
  const { page, error, more } = usePaged(
    (cursor) => callsApi.calls(callQuery(filters, timeZone, cursor)),
    `${workspaceId} ${timeZone} ${key}`,
  );

  function apply(event: Event) {
    event.preventDefault();
    navigate(`/calls${writeFilters(readFilters(new FormData(event.currentTarget as HTMLFormElement)))}`);
  }

  const { limit: _limit, ...exportQuery } = callQuery(filters, timeZone);
  return h(
    'section',
    { class: 'calls-page' },
    h(
      'div',
      { class: 'calls-heading' },
      h('h1', null, m.calls),
      h(
        'a',
        { class: 'button secondary', href: exportUrl(exportQuery, workspaceId), download: 'calls.csv' },
        m.exportCsv,
      ),
    ),
    // Keyed by the filters so the form shows them again after back/forward.
    h(FilterBar, { s, filters, onSubmit: apply, key }),
    error && h('p', { class: 'error', role: 'alert' }, error),
    !page && !error && h('p', { class: 'muted' }, m.loading),
    page && page.items.length === 0 && h('p', { class: 'muted' }, m.noCalls),
    page && page.items.length > 0 && CallTable({ s, calls: page.items }),
    page?.nextCursor && h('button', { type: 'button', class: 'secondary', onClick: more }, m.more),
  );
}

function FilterBar(props: { s: Speech; filters: CallFilters; onSubmit: (event: Event) => void }) {
  const { s, filters } = props;
  const { m } = s;
  const w = words[s.locale];
  const field = (label: string, control: ComponentChildren) => h('label', null, label, control);
  const input = (name: keyof CallFilters, type = 'search', extra: Record<string, string> = {}) =>
    h('input', { type, name, value: filters[name], ...extra });
  const select = (name: keyof CallFilters, options: [string, string][]) =>
    h(
      'select',
      { name, value: filters[name] },
      [['', m.any] as [string, string], ...options].map(([value, label]) => h('option', { value }, label)),
    );
  const yesNo = (yes: string, no: string): [string, string][] => [
    ['true', yes],
    ['false', no],
  ];
  const hidden = hiddenFiltersSet(filters);

  return h(
    'form',
    { class: 'filters calls-filters', onSubmit: props.onSubmit },
    field(m.from, input('from', 'date')),
    field(m.to, input('to', 'date')),
    field(
      m.channel,
      select(
        'channel',
        channels.map((c) => [c, s.channel(c)]),
      ),
    ),
    field(
      m.status,
      select(
        'status',
        statuses.map((status) => [status, s.status(status)]),
      ),
    ),
    field(w.search, input('search', 'search', { inputmode: 'tel', placeholder: w.searchHint })),
    h('button', { type: 'submit' }, m.apply),
    h('a', { ...link('/calls'), class: 'button secondary' }, m.reset),
    h(
      'details',
      { class: 'calls-more', open: hidden > 0 },
      h('summary', null, hidden > 0 ? `${w.moreFilters} (${hidden})` : w.moreFilters),
      h(
        'div',
        { class: 'calls-more-fields' },
        field(m.source, input('source')),
        field(m.campaign, input('campaign')),
        field(m.term, input('term')),
        field(w.landingPage, input('landingPage')),
        field(
          m.direction,
          select(
            'direction',
            directions.map((d) => [d, d === 'inbound' ? m.inbound : m.outbound]),
          ),
        ),
        field(w.firstTimeFilter, select('firstTime', yesNo(w.firstTimeOnly, w.notFirstTime))),
        field(w.repeatFilter, select('repeat', yesNo(m.repeatOnly, m.notRepeat))),
        field(w.tag, input('tag')),
        field(w.qualified, select('qualified', yesNo(w.yes, w.no))),
        field(
          w.minRating,
          select(
            'minRating',
            ratings.map((r) => [r, w.stars(Number(r))]),
          ),
        ),
        field(m.trackingNumber, input('trackingNumber', 'search', { inputmode: 'tel' })),
        field(m.agent, input('agent')),
      ),
    ),
  );
}

function CallTable(props: { s: Speech; calls: CallRecord[] }) {
  const { s } = props;
  const { m } = s;
  const w = words[s.locale];
  const headings = [
    m.startedAt,
    m.caller,
    m.trackingNumber,
    m.status,
    m.wait,
    m.talk,
    m.channel,
    m.source,
    m.agent,
    w.tags,
    w.rating,
    w.qualified,
  ];
  return dataTable(
    { class: 'calls' },
    headings,
    props.calls.map((call) =>
      h(
        'tr',
        { key: call.id, 'data-call-id': call.id, 'data-status': call.status },
        h('td', null, h('a', link(`/calls/${encodeURIComponent(call.id)}`), s.dateTime(call.startedAt))),
        h(
          'td',
          { class: 'calls-caller' },
          call.caller ?? m.withheld,
          // A callback's "caller" is the business line: say so rather than call it a first-time caller.
          call.direction === 'outbound'
            ? h('span', { class: 'badge' }, m.outbound)
            : (call.repeat || call.firstTime) &&
                h('span', { class: 'badge' }, call.repeat ? m.repeat : m.firstTime),
        ),
        h('td', null, call.trackingNumber ?? call.trackingNumberRaw),
        h('td', null, h('span', { class: `status ${call.status}` }, s.status(call.status))),
        h('td', { class: 'number' }, s.seconds(call.waitSeconds)),
        h('td', { class: 'number' }, s.seconds(call.talkSeconds)),
        h('td', null, call.channel ? s.channel(call.channel) : m.none),
        h('td', null, call.source ?? m.none),
        h('td', null, call.agent ?? m.none),
        h(
          'td',
          null,
          call.tags.length === 0
            ? m.none
            : h(
                'span',
                { class: 'calls-tags' },
                call.tags.map((tag) =>
                  h(
                    'a',
                    { ...link(`/calls?${new URLSearchParams({ tag })}`), class: 'calls-tag', key: tag },
                    tag,
                  ),
                ),
              ),
        ),
        h('td', null, call.rating === null ? m.none : ratingStars(call.rating, w)),
        h('td', null, qualifiedText(w, call.qualified, m.none)),
      ),
    ),
  );
}

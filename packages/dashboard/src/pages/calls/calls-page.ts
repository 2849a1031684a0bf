/** The call log: filters, a table of calls newest first, and cursor paging ("show more"). */
import { type Channel, channels } from '@calltrail/core';
import type { CallRecord } from '@calltrail/protocol';
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.ts';
import type { Speech } from '../../i18n.ts';
import { link, navigate } from '../../router.ts';
import { type CallFilters, callQuery, readFilters, writeFilters } from './filters.ts';

interface Loaded {
  calls: CallRecord[];
  nextCursor: string | null;
}

export function CallsPage(props: {
  s: Speech;
  timeZone: string;
  search: URLSearchParams;
  workspaceId: string;
}) {
  const { s, timeZone } = props;
  const { m } = s;
  const filters = readFilters(props.search);
  const key = writeFilters(filters);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stale = false;
    setLoaded(null);
    setError(null);
    api.calls(callQuery(filters, timeZone)).then(
      (page) => !stale && setLoaded({ calls: page.items, nextCursor: page.nextCursor }),
      (failure: Error) => !stale && setError(failure.message),
    );
    return () => {
      stale = true;
    };
    // The filters are fully described by `key`.
  }, [key, timeZone, props.workspaceId]);

  async function more() {
    if (!loaded?.nextCursor) return;
    const page = await api.calls(callQuery(filters, timeZone, loaded.nextCursor));
    setLoaded({ calls: [...loaded.calls, ...page.items], nextCursor: page.nextCursor });
  }

  function apply(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const read = (name: string) => String(form.get(name) ?? '');
    navigate(
      `/calls${writeFilters({
        from: read('from'),
        to: read('to'),
        channel: read('channel') as Channel | '',
        source: read('source'),
        repeat: read('repeat') as CallFilters['repeat'],
      })}`,
    );
  }

  const select = (name: string, value: string, options: [string, string][]) =>
    h(
      'select',
      { name, value },
      options.map(([optionValue, label]) => h('option', { value: optionValue }, label)),
    );

  return h(
    'section',
    null,
    h('h1', null, m.calls),
    // Keyed by the filters so the form shows them again after back/forward.
    h(
      'form',
      { class: 'filters', onSubmit: apply, key },
      h('label', null, m.from, h('input', { type: 'date', name: 'from', value: filters.from })),
      h('label', null, m.to, h('input', { type: 'date', name: 'to', value: filters.to })),
      h(
        'label',
        null,
        m.channel,
        select('channel', filters.channel, [
          ['', m.any],
          ...channels.map((c): [string, string] => [c, s.channel(c)]),
        ]),
      ),
      h('label', null, m.source, h('input', { type: 'search', name: 'source', value: filters.source })),
      h(
        'label',
        null,
        m.callers,
        select('repeat', filters.repeat, [
          ['', m.any],
          ['true', m.repeatOnly],
          ['false', m.notRepeat],
        ]),
      ),
      h('button', { type: 'submit' }, m.apply),
      h('a', { ...link('/calls'), class: 'button secondary' }, m.reset),
    ),
    error && h('p', { class: 'error', role: 'alert' }, error),
    !loaded && !error && h('p', { class: 'muted' }, m.loading),
    loaded && loaded.calls.length === 0 && h('p', { class: 'muted' }, m.noCalls),
    loaded && loaded.calls.length > 0 && CallTable({ s, calls: loaded.calls }),
    loaded?.nextCursor && h('button', { type: 'button', class: 'secondary', onClick: more }, m.more),
  );
}

function CallTable(props: { s: Speech; calls: CallRecord[] }) {
  const { s } = props;
  const { m } = s;
  const headings = [m.startedAt, m.caller, m.trackingNumber, m.status, m.wait, m.talk, m.channel, m.source];
  return h(
    'table',
    { class: 'calls' },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        headings.map((heading) => h('th', null, heading)),
      ),
    ),
    h(
      'tbody',
      null,
      props.calls.map((call) =>
        h(
          'tr',
          { key: call.id, 'data-call-id': call.id },
          h('td', null, h('a', link(`/calls/${encodeURIComponent(call.id)}`), s.dateTime(call.startedAt))),
          h(
            'td',
            null,
            call.caller ?? m.withheld,
            (call.repeat || call.firstTime) &&
              h('span', { class: 'badge' }, call.repeat ? m.repeat : m.firstTime),
          ),
          h('td', null, call.trackingNumber ?? call.trackingNumberRaw),
          h('td', null, h('span', { class: `status ${call.status}` }, s.status(call.status))),
          h('td', { class: 'number' }, s.seconds(call.waitSeconds)),
          h('td', { class: 'number' }, s.seconds(call.talkSeconds)),
          h('td', null, call.channel ? s.channel(call.channel) : m.none),
          h('td', null, call.session?.touch.source ?? m.none),
        ),
      ),
    ),
  );
}

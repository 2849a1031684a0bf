/** Tracking numbers: the list, one number added by hand, and many from a CSV file. */
import { type Channel, channels } from '@calltrail/core';
import { h } from 'preact';
import { useState } from 'preact/hooks';
import { CsvButton } from '../../csv-download.ts';
import { dataTable } from '../../table.ts';
import { choice, FormError, fieldOf } from './form-parts.ts';
import { settingsApi, type TrackedNumber } from './settings-api.ts';
import type { TabProps } from './tab-props.ts';
import { useResource, useSubmission } from './use-resource.ts';

interface Names {
  sites: Map<string, string>;
  pools: Map<string, string>;
}

async function loadNumbers() {
  const [numbers, sites, pools] = await Promise.all([
    settingsApi.numbers(),
    settingsApi.sites(),
    settingsApi.pools(),
  ]);
  return {
    numbers: numbers.items,
    sites: sites.items,
    names: {
      sites: new Map(sites.items.map((site) => [site.id, site.name])),
      pools: new Map(pools.items.map((pool) => [pool.id, pool.name])),
    },
  };
}

export function NumbersTab(props: TabProps) {
  const { w } = props;
  const loaded = useResource(loadNumbers, []);
  const data = loaded.data;
  return h(
    'div',
    null,
    loaded.error && h('p', { class: 'error', role: 'alert' }, loaded.error),
    !data && !loaded.error && h('p', { class: 'muted' }, w.loading),
    data && data.numbers.length === 0 && h('p', { class: 'muted' }, w.noNumbers),
    data && data.numbers.length > 0 && NumberTable({ ...props, numbers: data.numbers, names: data.names }),
    props.canWrite &&
      data &&
      h(
        'div',
        { class: 'settings-columns' },
        h(AddNumberForm, { ...props, sites: data.sites, onAdded: loaded.reload }),
        h(ImportForm, { ...props, onImported: loaded.reload }),
      ),
  );
}

function NumberTable(props: TabProps & { numbers: TrackedNumber[]; names: Names }) {
  const { s, w, names } = props;
  const kindOf = (n: TrackedNumber) =>
    n.kind === 'static' && n.siteId === null ? w.kinds.offline : w.kinds[n.kind];
  const headings = [w.number, w.kind, w.channel, w.source, w.campaign, w.site, w.pool, w.destination];
  // The columns the CSV import reads, so an exported list can be edited and imported elsewhere.
  const kindColumn = (n: TrackedNumber) => (n.kind === 'static' && n.siteId === null ? 'offline' : n.kind);
  const exportButton = h(CsvButton, {
    label: s.m.exportCsv,
    fileName: 'numbers.csv',
    header: ['number', 'kind', 'channel', 'source', 'campaign', 'site', 'pool', 'destination'],
    rows: () =>
      props.numbers.map((n) => [
        n.number,
        kindColumn(n),
        n.channel,
        n.source,
        n.campaign,
        n.siteId && names.sites.get(n.siteId),
        n.poolId && names.pools.get(n.poolId),
        n.destination,
      ]),
  });
  return h(
    'div',
    null,
    exportButton,
    dataTable(
      { class: 'settings-numbers' },
      headings,
      props.numbers.map((n) =>
        h(
          'tr',
          { key: n.id, 'data-number': n.number },
          h('td', null, n.number),
          h('td', null, kindOf(n)),
          h('td', null, n.channel ? s.channel(n.channel) : w.none),
          h('td', null, n.source ?? w.none),
          h('td', null, n.campaign ?? w.none),
          h('td', null, (n.siteId && names.sites.get(n.siteId)) ?? w.none),
          h('td', null, (n.poolId && names.pools.get(n.poolId)) ?? w.none),
          h('td', null, n.destination ?? w.none),
        ),
      ),
    ),
  );
}

function AddNumberForm(props: TabProps & { sites: { id: string; name: string }[]; onAdded(): void }) {
  const { s, w } = props;
  const submission = useSubmission();
  function add(event: Event) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const field = fieldOf(event);
    const optional = (name: string) => field(name) || undefined;
    return submission.run(async () => {
      await settingsApi.addNumber({
        number: field('number'),
        siteId: optional('siteId'),
        channel: field('channel') as Channel,
        source: optional('source'),
        campaign: optional('campaign'),
        destination: optional('destination'),
      });
      form.reset();
      props.onAdded();
    });
  }
  return h(
    'form',
    { class: 'settings-form', onSubmit: add, 'data-form': 'add-number' },
    h('h2', null, w.addNumber),
    h(
      'label',
      null,
      w.number,
      h('input', { name: 'number', required: true, placeholder: '+7 495 700-00-00' }),
    ),
    h(
      'label',
      null,
      w.site,
      choice('siteId', [['', w.noSite], ...props.sites.map((site) => [site.id, site.name] as const)]),
    ),
    h(
      'label',
      null,
      w.channel,
      choice(
        'channel',
        channels.map((c) => [c, s.channel(c)] as const),
        'offline',
      ),
    ),
    h('label', null, w.source, h('input', { name: 'source', maxLength: 256 })),
    h('label', null, w.campaign, h('input', { name: 'campaign', maxLength: 256 })),
    h('label', null, w.destination, h('input', { name: 'destination' })),
    h('div', null, h('button', { type: 'submit', disabled: submission.busy }, w.add)),
    h(FormError, { w, submission }),
  );
}

function ImportForm(props: TabProps & { onImported(): void }) {
  const { w } = props;
  const submission = useSubmission();
  const [csv, setCsv] = useState('');
  const [imported, setImported] = useState<number | null>(null);
  async function pick(event: Event) {
    const file = (event.currentTarget as HTMLInputElement).files?.[0];
    if (file) setCsv(await file.text());
  }
  function send(event: Event) {
    event.preventDefault();
    setImported(null);
    return submission.run(async () => {
      const result = await settingsApi.importNumbers(csv);
      setImported(result.imported);
      setCsv('');
      props.onImported();
    });
  }
  return h(
    'form',
    { class: 'settings-form', onSubmit: send, 'data-form': 'import-numbers' },
    h('h2', null, w.importCsv),
    h('p', { class: 'muted' }, w.importHint),
    h(
      'label',
      null,
      w.csvText,
      h('textarea', {
        name: 'csv',
        rows: 6,
        spellcheck: false,
        value: csv,
        placeholder: 'number,kind,channel,source,site\n+7 495 700-00-01,static,paid_search,google,example',
        onInput: (event: Event) => setCsv((event.currentTarget as HTMLTextAreaElement).value),
      }),
    ),
    h(
      'label',
      null,
      w.csvFile,
      h('input', { type: 'file', accept: '.csv,text/csv,text/plain', onChange: pick }),
    ),
    h(
      'div',
      null,
      h('button', { type: 'submit', disabled: submission.busy || csv.trim() === '' }, w.import),
      imported !== null && h('span', { class: 'muted', role: 'status' }, ' ', w.imported(imported)),
    ),
    h(FormError, { w, submission }),
  );
}

/** Ad spend: upload a CSV of costs, see what each upload stored or refused, and the costs per campaign. */
import { can } from '@calltrail/core';
import type { CostUploadList } from '@calltrail/protocol';
import { h } from 'preact';
import { CsvButton } from '../../csv-download.ts';
import type { Speech } from '../../i18n.ts';
import { addDays, isDay, todayIn } from '../../period.ts';
import { navigate } from '../../router.ts';
import { useLoaded } from '../../use-loaded.ts';
import type { PageProps } from '../page-props.ts';
import { campaignCosts } from './campaign-costs.ts';
import { costsApi } from './costs-api.ts';
import { RowErrors } from './row-errors.ts';
import { UploadForm } from './upload-form.ts';
import { words } from './words.ts';
import './costs.css';

type Words = (typeof words)['en'];

export function CostsPage(props: PageProps) {
  const { s, workspace } = props;
  const w = words[s.locale];
  const search = props.location.search;
  const today = todayIn(workspace.timeZone);
  const from = isDay(search.get('from')) ? (search.get('from') as string) : addDays(today, -29);
  const to = isDay(search.get('to')) ? (search.get('to') as string) : today;
  const mayUpload = workspace.role !== undefined && can(workspace.role, 'settings:write');
  const [uploads, reloadUploads] = useLoaded(() => costsApi.uploads(), workspace.id);
  const [totals, reloadTotals] = useLoaded(
    () => costsApi.totals({ from, to }),
    `${workspace.id} ${from} ${to}`,
  );

  function choosePeriod(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    navigate(`/costs?${new URLSearchParams({ from: String(form.get('from')), to: String(form.get('to')) })}`);
  }

  return h(
    'section',
    { class: 'costs' },
    h('h1', null, w.title),
    // Uploading changes the workspace's figures: only roles that may change settings see the form.
    mayUpload && h('h2', null, w.uploadTitle),
    mayUpload &&
      h(UploadForm, {
        s,
        w,
        currency: workspace.currency,
        onUploaded: () => {
          reloadUploads();
          reloadTotals();
        },
      }),
    h('h2', null, w.totalsTitle),
    h(
      'form',
      { class: 'filters', onSubmit: choosePeriod, key: `${from} ${to}` },
      h('label', null, s.m.from, h('input', { type: 'date', name: 'from', value: from, required: true })),
      h('label', null, s.m.to, h('input', { type: 'date', name: 'to', value: to, required: true })),
      h('button', { type: 'submit' }, s.m.apply),
    ),
    totals.state === 'loading' && h('p', { class: 'muted' }, s.m.loading),
    totals.state === 'failed' && h('p', { class: 'error', role: 'alert' }, totals.message),
    totals.state === 'done' &&
      CostTable({ s, w, currency: totals.value.currency, items: totals.value.items }),
    h('h2', null, w.uploadsTitle),
    uploads.state === 'loading' && h('p', { class: 'muted' }, s.m.loading),
    uploads.state === 'failed' && h('p', { class: 'error', role: 'alert' }, uploads.message),
    uploads.state === 'done' && UploadList({ s, w, uploads: uploads.value.items }),
  );
}

function CostTable(props: {
  s: Speech;
  w: Words;
  currency: string;
  items: Parameters<typeof campaignCosts>[0];
}) {
  const { s, w, currency } = props;
  const sums = campaignCosts(props.items);
  if (sums.length === 0) return h('p', { class: 'muted' }, w.noCosts);
  const total = sums.reduce((sum, row) => sum + row.cost, 0);
  return h(
    'div',
    null,
    h(CsvButton, {
      label: s.m.exportCsv,
      fileName: 'costs.csv',
      header: ['source', 'medium', 'campaign', 'days', 'cost', 'currency'],
      rows: () => sums.map((row) => [row.source, row.medium, row.campaign, row.days, row.cost, currency]),
    }),
    h(
      'table',
      { class: 'costs-totals' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', null, w.source),
          h('th', null, w.medium),
          h('th', null, w.campaign),
          h('th', { class: 'number' }, w.days),
          h('th', { class: 'number' }, w.cost),
        ),
      ),
      h(
        'tbody',
        null,
        sums.map((row) =>
          h(
            'tr',
            { key: `${row.source} ${row.medium} ${row.campaign}`, 'data-campaign': row.campaign },
            h('td', null, row.source),
            h('td', null, row.medium),
            h('td', null, row.campaign),
            h('td', { class: 'number' }, s.number(row.days)),
            h('td', { class: 'number' }, s.money(row.cost, currency)),
          ),
        ),
      ),
      h(
        'tfoot',
        null,
        h(
          'tr',
          null,
          h('th', { colSpan: 4 }, w.total),
          h('td', { class: 'number' }, s.money(total, currency)),
        ),
      ),
    ),
  );
}

function UploadList(props: { s: Speech; w: Words; uploads: CostUploadList['items'] }) {
  const { s, w, uploads } = props;
  if (uploads.length === 0) return h('p', { class: 'muted' }, w.noUploads);
  return h(
    'table',
    { class: 'costs-uploads' },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', null, w.uploadedAt),
        h('th', null, w.fileName),
        h('th', { class: 'number' }, w.rowsStored),
        h('th', { class: 'number' }, w.rowsRefused),
      ),
    ),
    h(
      'tbody',
      null,
      uploads.map((upload) =>
        h(
          'tr',
          { key: upload.id, 'data-upload-id': upload.id },
          h('td', null, s.dateTime(upload.createdAt)),
          h('td', null, upload.fileName),
          h('td', { class: 'number' }, s.number(upload.rowsAdded)),
          h(
            'td',
            { class: 'number' },
            upload.errors.length === 0
              ? '0'
              : h(
                  'details',
                  null,
                  h('summary', null, `${s.number(upload.errors.length)} · ${w.showErrors}`),
                  RowErrors({ w, errors: upload.errors }),
                ),
          ),
        ),
      ),
    ),
  );
}

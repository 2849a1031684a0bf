/**
 * The costs CSV upload: what the file must look like (with an example to download), and the
 * server's answer: rows stored, and every refused row with its row number, column and problem.
 */
import type { CostUploadResult } from '@calltrail/protocol';
import { h } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError } from '../../api.ts';
import type { Speech } from '../../i18n.ts';
import { costsApi } from './costs-api.ts';
import { RowErrors } from './row-errors.ts';
import type { words } from './words.ts';

type Words = (typeof words)['en'];

type Upload =
  | { state: 'idle' }
  | { state: 'uploading' }
  | { state: 'done'; result: CostUploadResult }
  | { state: 'failed'; code: string; message: string };

export function exampleCsv(currency: string): string {
  return [
    'date,source,medium,campaign,keyword,cost,currency',
    `2026-03-01,google,cpc,brand,,1250.50,${currency}`,
    `2026-03-01,google,cpc,brand,dentist,300,${currency}`,
    `2026-03-02,yandex,cpc,implants,,980,${currency}`,
    '',
  ].join('\n');
}

export function UploadForm(props: { s: Speech; w: Words; currency: string; onUploaded: () => void }) {
  const { s, w, currency } = props;
  const [upload, setUpload] = useState<Upload>({ state: 'idle' });
  const example = exampleCsv(currency);
  // The CSP allows no data: links to download; a Blob URL made here is the page's own.
  const exampleUrl = useMemo(() => URL.createObjectURL(new Blob([example], { type: 'text/csv' })), [example]);
  useEffect(() => () => URL.revokeObjectURL(exampleUrl), [exampleUrl]);

  async function submit(event: Event) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const file = (form.elements.namedItem('file') as HTMLInputElement).files?.[0];
    if (!file) return;
    setUpload({ state: 'uploading' });
    try {
      const result = await costsApi.upload(file, file.name);
      setUpload({ state: 'done', result });
      form.reset();
      props.onUploaded();
    } catch (error) {
      setUpload({
        state: 'failed',
        code: error instanceof ApiError ? error.code : 'HTTP_ERROR',
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  return h(
    'div',
    { class: 'costs-upload' },
    h(
      'form',
      { class: 'filters', onSubmit: submit },
      h(
        'label',
        null,
        w.file,
        h('input', { type: 'file', name: 'file', accept: '.csv,text/csv,text/plain', required: true }),
      ),
      h(
        'button',
        { type: 'submit', disabled: upload.state === 'uploading' },
        upload.state === 'uploading' ? w.uploading : w.upload,
      ),
    ),
    upload.state === 'failed' &&
      h(
        'p',
        { class: 'error', role: 'alert', 'data-code': upload.code },
        `${upload.message} (${upload.code})`,
      ),
    upload.state === 'done' && UploadReport({ s, w, result: upload.result }),
    h(
      'div',
      { class: 'costs-format' },
      h('h3', null, w.formatTitle),
      h('p', { class: 'muted' }, `${w.format} ${currency}.`),
      h('pre', null, example),
      h('a', { href: exampleUrl, download: 'costs-example.csv' }, w.downloadExample),
    ),
  );
}

function UploadReport(props: { s: Speech; w: Words; result: CostUploadResult }) {
  const { s, w, result } = props;
  const refused = result.errors.length;
  return h(
    'div',
    { class: 'costs-result', role: 'status', 'data-rows-added': result.rowsAdded, 'data-refused': refused },
    result.rowsAdded === 0 && refused > 0
      ? h('p', { class: 'error' }, w.nothingStored)
      : h('p', { class: 'costs-ok' }, `${w.stored}: ${s.number(result.rowsAdded)}`),
    refused > 0 && h('p', { class: 'error' }, `${w.refused}: ${s.number(refused)}`),
    refused > 0 && RowErrors({ w, errors: result.errors }),
  );
}

/** The rows a costs file had wrong, as the server reported them: row number, column, problem. */
import type { CostUploadResult } from '@calltrail/protocol';
import { h } from 'preact';
import type { words } from './words.ts';

export function RowErrors(props: { w: (typeof words)['en']; errors: CostUploadResult['errors'] }) {
  const { w, errors } = props;
  return h(
    'table',
    { class: 'costs-errors' },
    h(
      'thead',
      null,
      h('tr', null, h('th', { class: 'number' }, w.row), h('th', null, w.column), h('th', null, w.message)),
    ),
    h(
      'tbody',
      null,
      errors.map((error, i) =>
        h(
          'tr',
          { key: i, 'data-row': error.row },
          h('td', { class: 'number' }, String(error.row)),
          h('td', null, error.column ?? h('span', { class: 'muted' }, w.wholeRow)),
          h('td', null, error.message),
        ),
      ),
    ),
  );
}

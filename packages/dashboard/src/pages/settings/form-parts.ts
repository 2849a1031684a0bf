/** Pieces every settings form uses: the API's refusal shown beside the form, and list fields. */
import { type Role, roles } from '@calltrail/core';
import { h } from 'preact';
import type { Submission } from './use-resource.ts';
import type { Words } from './words.ts';

interface RowError {
  row: number;
  column: string | null;
  message: string;
}

function rowErrorsOf(details: Record<string, unknown> | null): RowError[] {
  const rows = details?.rows;
  return Array.isArray(rows) ? (rows as RowError[]) : [];
}

/** The 4xx message, and the faulty rows when the API lists them (a refused CSV). */
export function FormError(props: { w: Words; submission: Submission }) {
  const { w, submission } = props;
  if (!submission.error) return null;
  const rows = rowErrorsOf(submission.details);
  return h(
    'div',
    { class: 'settings-error', role: 'alert' },
    h('p', { class: 'error' }, submission.error),
    rows.length > 0 &&
      h(
        'table',
        { class: 'settings-row-errors' },
        h(
          'thead',
          null,
          h('tr', null, h('th', null, w.row), h('th', null, w.column), h('th', null, w.problem)),
        ),
        h(
          'tbody',
          null,
          rows.map((row) =>
            h(
              'tr',
              { key: `${row.row}:${row.column}`, 'data-row': row.row },
              h('td', { class: 'number' }, String(row.row)),
              h('td', null, row.column ?? w.none),
              h('td', null, row.message),
            ),
          ),
        ),
      ),
  );
}

/** "a.ru, b.ru" or one per line, as people paste lists; blanks dropped. */
export function splitList(text: string): string[] {
  return text
    .split(/[\n,]+/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export const joinList = (items: readonly string[]) => items.join('\n');

/** A named field's text from a submitted form. */
export function fieldOf(event: Event): (name: string) => string {
  const form = new FormData(event.currentTarget as HTMLFormElement);
  return (name) => String(form.get(name) ?? '').trim();
}

/** A `<select>` from value/label pairs. */
export function choice(name: string, options: readonly (readonly [string, string])[], value?: string) {
  return h(
    'select',
    { name, value },
    options.map(([optionValue, label]) => h('option', { value: optionValue }, label)),
  );
}

/** The workspace roles to pick from, in the user's language. */
export const roleChoice = (w: Words, value: Role) =>
  choice(
    'role',
    roles.map((role) => [role, w.roles[role]] as const),
    value,
  );

/** A table with one heading row: what every list in the dashboard is. */
import { type ComponentChildren, h } from 'preact';

export function dataTable(
  attributes: Record<string, unknown>,
  headings: readonly ComponentChildren[],
  rows: ComponentChildren,
) {
  return h(
    'table',
    attributes,
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        headings.map((heading) => h('th', null, heading)),
      ),
    ),
    h('tbody', null, rows),
  );
}

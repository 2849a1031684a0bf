/** A definition list of label/value pairs, the calls pages' way to show one thing's facts. */
import { type ComponentChildren, h } from 'preact';

/** Leaves out the values a call or session does not have (null, undefined, false, empty). */
export function facts(rows: [string, ComponentChildren][], className?: string) {
  return h(
    'dl',
    { class: className },
    rows
      .filter(([, value]) => value !== null && value !== undefined && value !== false && value !== '')
      .flatMap(([label, value]) => [h('dt', null, label), h('dd', null, value)]),
  );
}

/** One labelled figure in a row of figures; `data-figure` names it for tests. */
import { h } from 'preact';

export function figure(name: string, label: string, value: string) {
  return h('div', { class: 'figure', 'data-figure': name }, h('span', null, label), h('strong', null, value));
}

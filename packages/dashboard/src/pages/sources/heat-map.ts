/**
 * When the phone rings: calls (or missed calls) in each hour of the week on the workspace's clock,
 * as a grid whose cells darken with the count and show it.
 */
import type { Heatmap } from '@calltrail/protocol';
import { h } from 'preact';
import { useState } from 'preact/hooks';
import type { Speech } from '../../i18n.ts';
import type { words } from './words.ts';

/** 2024-01-01 was a Monday: the API counts weekdays from Monday too. */
const aMonday = Date.UTC(2024, 0, 1);
const hours = Array.from({ length: 24 }, (_, hour) => hour);

export function weekdayNames(locale: string): string[] {
  const format = new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' });
  return Array.from({ length: 7 }, (_, day) => format.format(new Date(aMonday + day * 86_400_000)));
}

export function HeatMap(props: { s: Speech; w: (typeof words)['en']; heatmap: Heatmap }) {
  const { s, w, heatmap } = props;
  const [shown, setShown] = useState<'calls' | 'missed'>('calls');
  const max = Math.max(1, ...heatmap.cells.map((cell) => cell[shown]));
  const names = weekdayNames(s.locale);
  const toggle = (value: 'calls' | 'missed', label: string) =>
    h(
      'button',
      {
        type: 'button',
        class: value === shown ? '' : 'secondary',
        'aria-pressed': value === shown,
        onClick: () => setShown(value),
      },
      label,
    );
  return h(
    'div',
    { class: 'sources-heat', 'data-shown': shown },
    h('div', { class: 'sources-toggle' }, toggle('calls', w.heatCalls), toggle('missed', w.heatMissed)),
    h(
      'div',
      { class: 'sources-heat-grid', role: 'table' },
      h(
        'div',
        { class: 'sources-heat-row', role: 'row' },
        h('span', { role: 'columnheader', class: 'sources-heat-corner' }, w.hour),
        hours.map((hour) => h('span', { role: 'columnheader', class: 'sources-heat-hour' }, String(hour))),
      ),
      names.map((name, weekday) =>
        h(
          'div',
          { class: 'sources-heat-row', role: 'row', key: name },
          h('span', { role: 'rowheader', class: 'sources-heat-day' }, name),
          hours.map((hour) => {
            const count = heatmap.cells[weekday * 24 + hour]?.[shown] ?? 0;
            return h(
              'span',
              {
                role: 'cell',
                // Past half the scale the cell is dark enough to need light digits.
                class: `sources-heat-cell ${shown}${count / max > 0.5 ? ' strong' : ''}`,
                'data-weekday': weekday,
                'data-hour': hour,
                title: `${name} ${hour}:00 — ${s.number(count)}`,
                // Set through the CSSOM, which the style-src policy allows.
                style: { '--heat': String(count / max) },
              },
              count > 0 ? s.number(count) : '',
            );
          }),
        ),
      ),
    ),
    h('p', { class: 'muted' }, `${w.timeZoneNote}: ${heatmap.timeZone}`),
  );
}

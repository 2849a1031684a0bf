/** The report's period, comparison and touch model, each change written to the address bar. */
import { h } from 'preact';
import type { Speech } from '../../i18n.ts';
import { type Days, type PeriodPreset, periodPresets } from '../../period.ts';
import { link, navigate } from '../../router.ts';
import { type ReportState, reportHref } from './report-query.ts';
import type { words } from './words.ts';

type Words = (typeof words)['en'];

const presetLabels: Record<PeriodPreset, keyof Words> = {
  '7d': 'last7',
  '30d': 'last30',
  '90d': 'last90',
  thisMonth: 'thisMonth',
  lastMonth: 'lastMonth',
  custom: 'custom',
};

export function ReportControls(props: {
  s: Speech;
  w: Words;
  state: ReportState;
  days: Days;
  compared: Days | null;
  sites: readonly { id: string; name: string }[];
}) {
  const { s, w, state, days, compared, sites } = props;
  const go = (change: Partial<ReportState>) => navigate(reportHref({ ...state, ...change }));
  const readValue = (event: Event) => (event.currentTarget as HTMLInputElement).value;
  return h(
    'div',
    { class: 'filters sources-controls' },
    sites.length > 1 &&
      h(
        'label',
        null,
        w.site,
        h(
          'select',
          { name: 'site', value: state.site, onChange: (event: Event) => go({ site: readValue(event) }) },
          h('option', { value: '' }, w.allSites),
          sites.map((site) => h('option', { value: site.id }, site.name)),
        ),
      ),
    h(
      'label',
      null,
      w.period,
      h(
        'select',
        {
          name: 'period',
          value: state.period,
          // A custom period starts from the days shown, so only the end that changes needs picking.
          onChange: (event: Event) =>
            go({ period: readValue(event) as PeriodPreset, from: days.first, to: days.last }),
        },
        periodPresets.map((preset) => h('option', { value: preset }, w[presetLabels[preset]])),
      ),
    ),
    state.period === 'custom' &&
      h(
        'label',
        null,
        s.m.from,
        h('input', {
          type: 'date',
          name: 'from',
          value: days.first,
          max: days.last,
          onChange: (event: Event) => go({ from: readValue(event), to: days.last }),
        }),
      ),
    state.period === 'custom' &&
      h(
        'label',
        null,
        s.m.to,
        h('input', {
          type: 'date',
          name: 'to',
          value: days.last,
          min: days.first,
          onChange: (event: Event) => go({ from: days.first, to: readValue(event) }),
        }),
      ),
    h(
      'label',
      { class: 'sources-check' },
      h('input', {
        type: 'checkbox',
        name: 'compare',
        checked: state.compare,
        onChange: (event: Event) => go({ compare: (event.currentTarget as HTMLInputElement).checked }),
      }),
      w.compare,
    ),
    h(
      'nav',
      { class: 'sources-toggle', 'aria-label': w.touch },
      (['last', 'first'] as const).map((touch) =>
        h(
          'a',
          {
            ...link(reportHref({ ...state, touch })),
            class: touch === state.touch ? 'button' : 'button secondary',
            'aria-current': touch === state.touch ? 'true' : undefined,
          },
          touch === 'last' ? w.lastTouch : w.firstTouch,
        ),
      ),
    ),
    h(
      'p',
      { class: 'muted sources-days' },
      `${s.date(days.first)} – ${s.date(days.last)}`,
      compared && ` · ${w.comparedWith} ${s.date(compared.first)} – ${s.date(compared.last)}`,
    ),
  );
}

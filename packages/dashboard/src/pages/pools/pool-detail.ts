/**
 * One pool: its numbers and settings, utilisation and blocking per hour (observed against Erlang B),
 * the size its busy hour calls for, the shortest reuse gap, its alerts and the what-if calculator.
 */
import type { AlertList, Pool, PoolHealth, PoolHealthHour } from '@calltrail/protocol';
import { h } from 'preact';
import { useMemo } from 'preact/hooks';
import { CsvButton } from '../../csv-download.ts';
import { link } from '../../router.ts';
import { useLoaded } from '../../use-loaded.ts';
import type { PageProps } from '../page-props.ts';
import { figure } from './figure.ts';
import { finePercent } from './fine-percent.ts';
import { HourChart, type HourSeries } from './hour-chart.ts';
import { shortestGap, summarisePool } from './pool-summary.ts';
import { poolsApi } from './pools-api.ts';
import { whatIfDefaults } from './what-if.ts';
import { WhatIfCalculator } from './what-if-calculator.ts';
import { words } from './words.ts';

/** The pool's hours as they export: every figure the API gives, under its API name. */
const hourColumns = [
  'hour',
  'sessions',
  'leased',
  'fallbacks',
  'overflows',
  'reused',
  'blocked',
  'poolSize',
  'meanHoldingSeconds',
  'offeredLoad',
  'utilisation',
  'observedBlocking',
  'predictedBlocking',
  'recommendedSize',
  'shortestGap',
  'aboveTarget',
] as const satisfies readonly (keyof PoolHealthHour)[];

/** The periods offered, in hours; the API answers at most 31 days. */
export const periods = [24, 7 * 24, 30 * 24] as const;
const hourMs = 3_600_000;

interface LoadedPool {
  pool: Pool;
  health: PoolHealth;
  alerts: AlertList;
}

async function loadPool(id: string, hours: number): Promise<LoadedPool> {
  const to = new Date(Math.ceil(Date.now() / hourMs) * hourMs);
  const from = new Date(to.getTime() - hours * hourMs);
  const [pool, health, alerts] = await Promise.all([
    poolsApi.pool(id),
    poolsApi.health(id, { from: from.toISOString(), to: to.toISOString() }),
    poolsApi.alerts(id),
  ]);
  return { pool, health, alerts };
}

export function PoolDetail(props: PageProps & { id: string }) {
  const requested = Number(props.location.search.get('hours'));
  const hours = (periods as readonly number[]).includes(requested) ? requested : periods[0];
  const [loaded] = useLoaded(() => loadPool(props.id, hours), `${props.workspace.id}/${props.id}/${hours}`);
  const w = words[props.s.locale];
  return h(
    'section',
    { class: 'pools' },
    h('a', link('/pools'), w.back),
    loaded.state === 'loading' && h('p', { class: 'muted' }, props.s.m.loading),
    loaded.state === 'failed' && h('p', { class: 'error', role: 'alert' }, loaded.message),
    loaded.state === 'done' && h(PoolView, { ...props, view: loaded.value, hours }),
  );
}

function PoolView(props: PageProps & { view: LoadedPool; hours: number }) {
  const { s } = props;
  const { pool, health, alerts } = props.view;
  const w = words[s.locale];
  const share = (value: number | null) => finePercent(s.locale, value, s.m.none);
  const summary = summarisePool(health.hours);
  const gap = shortestGap(health.hours);
  const utilisation = utilisationOf(health.hours);
  const charts = useMemo(() => chartSeries(health.hours, w), [health, w]);
  const base = `/pools/${encodeURIComponent(pool.id)}`;
  return h(
    'div',
    null,
    h('h1', null, pool.name),
    h(
      'nav',
      { class: 'pools-periods' },
      periods.map((period) =>
        h(
          'a',
          {
            ...link(period === periods[0] ? base : `${base}?hours=${period}`),
            class: period === props.hours ? 'button' : 'button secondary',
            key: period,
          },
          period === 24 ? w.oneDay : w.days(period / 24),
        ),
      ),
    ),
    h(
      'div',
      { class: 'figures' },
      figure('size', w.size, s.number(health.poolSize)),
      figure('target', w.target, share(health.targetBlocking)),
      figure('hold', w.hold, `${s.number(pool.holdMinutes)} ${w.minutes}`),
      figure('utilisation', w.meanUtilisation, share(utilisation.mean)),
      figure('peak-utilisation', w.peakUtilisation, share(utilisation.peak)),
      figure('observed', w.observed, share(summary.observedBlocking)),
      figure('predicted', w.predicted, share(summary.predictedBlocking)),
      figure(
        'recommended',
        w.recommended,
        summary.recommendedSize === null ? s.m.none : s.number(summary.recommendedSize),
      ),
      figure('shortest-gap', w.shortestGap, gap === null ? w.noGap : s.seconds(Math.round(gap))),
    ),
    h(CsvButton, {
      label: s.m.exportCsv,
      fileName: 'pool-hours.csv',
      header: [...hourColumns],
      rows: () => health.hours.map((hour) => hourColumns.map((column) => hour[column])),
    }),
    h('h2', null, w.utilisationChart),
    h(HourChart, {
      name: 'utilisation',
      hours: charts.hours,
      series: charts.utilisation,
      timeZone: props.workspace.timeZone,
      formatShare: share,
    }),
    h('h2', null, w.blockingChart),
    h(HourChart, {
      name: 'blocking',
      hours: charts.hours,
      series: charts.blocking,
      timeZone: props.workspace.timeZone,
      formatShare: share,
    }),
    h('h2', null, w.alerts),
    alerts.items.length === 0
      ? h('p', { class: 'muted' }, w.noAlerts)
      : h(
          'ul',
          { class: 'pools-alerts' },
          alerts.items.map((alert) =>
            h(
              'li',
              { key: alert.id, 'data-alert-id': alert.id },
              h('strong', null, s.dateTime(alert.hour)),
              ' ',
              w.aboveTarget,
              ': ',
              w.observedAlert(share(alert.observed), share(alert.target)),
              alert.recommendedSize !== null && ` · ${w.recommended}: ${s.number(alert.recommendedSize)}`,
            ),
          ),
        ),
    h(WhatIfCalculator, { s, initial: whatIfDefaults(pool, health) }),
    h('h2', null, w.numbers),
    h('p', { class: 'pools-numbers' }, pool.numbers.join(', ')),
  );
}

/** Mean and highest utilisation over the hours that have one; a quiet night drags the mean down. */
function utilisationOf(hours: readonly PoolHealthHour[]): { mean: number | null; peak: number | null } {
  const values = hours.map((hour) => hour.utilisation).filter((value): value is number => value !== null);
  if (values.length === 0) return { mean: null, peak: null };
  return { mean: values.reduce((sum, value) => sum + value, 0) / values.length, peak: Math.max(...values) };
}

function chartSeries(hours: readonly PoolHealthHour[], w: (typeof words)['en']) {
  const utilisation: HourSeries[] = [
    { label: w.utilisation, color: '#2958d6', values: hours.map((hour) => hour.utilisation) },
  ];
  const blocking: HourSeries[] = [
    { label: w.observed, color: '#c0362c', values: hours.map((hour) => hour.observedBlocking) },
    {
      label: w.predicted,
      color: '#667085',
      dashed: true,
      values: hours.map((hour) => (hour.sessions > 0 ? hour.predictedBlocking : null)),
    },
  ];
  return { hours: hours.map((hour) => hour.hour), utilisation, blocking };
}

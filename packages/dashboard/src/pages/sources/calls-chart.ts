/**
 * Calls per day as bars and conversion to call as a line on a second axis (uPlot), sized to its
 * container and redrawn when the page resizes.
 */
import type { Timeseries } from '@calltrail/protocol';
import { h } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Speech } from '../../i18n.ts';
import type { words } from './words.ts';

const height = 260;
const daySeconds = 86_400;
const wholeSteps = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000];

export function CallsChart(props: { s: Speech; w: (typeof words)['en']; series: Timeseries }) {
  const { s, w, series } = props;
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    // Days are calendar days: keep them at midnight UTC and read them in UTC, whatever the browser's zone.
    const days = new Intl.DateTimeFormat(s.locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
    const dayOf = (seconds: number) => days.format(new Date(seconds * 1000));
    const data: uPlot.AlignedData = [
      series.days.map((d) => Date.parse(`${d.day}T00:00:00Z`) / 1000),
      series.days.map((d) => d.calls),
      series.days.map((d) => d.conversion),
    ];
    const plot = new uPlot(
      {
        width: Math.max(element.clientWidth, 300),
        height,
        tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC'),
        scales: { x: { time: true, range: (_u, min, max) => [min - daySeconds / 2, max + daySeconds / 2] } },
        series: [
          { label: w.day, value: (_u, v) => (v === null ? s.m.none : dayOf(v)) },
          {
            label: w.calls,
            scale: 'calls',
            stroke: '#2958d6',
            fill: 'rgba(41, 88, 214, 0.35)',
            paths: uPlot.paths.bars?.({ size: [0.7, 40] }),
            points: { show: false },
            value: (_u, v) => (v === null ? s.m.none : s.number(v)),
          },
          {
            label: w.conversion,
            scale: 'share',
            stroke: '#1e7f4f',
            width: 2,
            spanGaps: true,
            value: (_u, v) => (v === null ? s.m.none : s.percent(v)),
          },
        ],
        axes: [
          { values: (_u, splits) => splits.map(dayOf) },
          // Calls are whole: no ticks at half a call.
          { scale: 'calls', incrs: wholeSteps, values: (_u, splits) => splits.map((v) => s.number(v)) },
          {
            scale: 'share',
            side: 1,
            grid: { show: false },
            values: (_u, splits) => splits.map((v) => s.percent(v)),
          },
        ],
      },
      data,
      element,
    );
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: Math.max(element.clientWidth, 300), height }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [series, s]);
  return h('div', { class: 'sources-chart', ref: box });
}

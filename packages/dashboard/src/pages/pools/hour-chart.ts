/** A uPlot line chart of shares per hour (utilisation, blocking): one line per series, time along x. */
import { h } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface HourSeries {
  label: string;
  color: string;
  /** One share (0 to 1) per hour; null where there is none (no sessions). */
  values: (number | null)[];
  dashed?: boolean;
}

export function HourChart(props: {
  name: string;
  /** Hour starts, ISO 8601. */
  hours: string[];
  series: HourSeries[];
  timeZone: string;
  formatShare: (share: number) => string;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const data: uPlot.AlignedData = [
      props.hours.map((hour) => Date.parse(hour) / 1000),
      ...props.series.map((series) => series.values),
    ];
    const chart = new uPlot(
      {
        width: Math.max(320, element.clientWidth),
        height: 220,
        // Hours on the axis are the workspace's hours, not the browser's.
        tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), props.timeZone),
        scales: { y: { range: (_u, _min, max) => [0, Math.max(max ?? 0, 0.01) * 1.1] } },
        axes: [{}, { values: (_u, ticks) => ticks.map((tick) => props.formatShare(tick)), size: 60 }],
        series: [
          {},
          ...props.series.map((series) => ({
            label: series.label,
            stroke: series.color,
            width: 2,
            ...(series.dashed ? { dash: [6, 4] } : {}),
            value: (_u: uPlot, value: number | null) => (value === null ? '—' : props.formatShare(value)),
          })),
        ],
      },
      data,
      element,
    );
    // The page's width changes with the window; the canvas does not follow by itself. Only a new
    // width resizes it: the chart's own height change notifies the observer too.
    const resize = new ResizeObserver(() => {
      const width = Math.max(320, element.clientWidth);
      if (width !== chart.width) chart.setSize({ width, height: 220 });
    });
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [props.hours, props.series, props.timeZone]);
  return h('div', { ref: box, class: 'pools-chart', 'data-chart': props.name });
}

/** Report math: figures per group, period changes, first vs last touch, local hours and days. */
export * from './local-time.ts';
export * from './period-change.ts';
export * from './report-metrics.ts';
export * from './touch-credit.ts';

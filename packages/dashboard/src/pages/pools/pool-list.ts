/** Every pool with its size, target and the last 24 hours' blocking against Erlang B's, and its alerts. */
import type { Pool, PoolHealth } from '@calltrail/protocol';
import { h } from 'preact';
import { link } from '../../router.ts';
import { useLoaded } from '../../use-loaded.ts';
import type { PageProps } from '../page-props.ts';
import { finePercent } from './fine-percent.ts';
import { summarisePool } from './pool-summary.ts';
import { poolsApi } from './pools-api.ts';
import { words } from './words.ts';

interface PoolRow {
  pool: Pool;
  health: PoolHealth;
  alerts: number;
}

async function loadRows(): Promise<PoolRow[]> {
  const [pools, alerts] = await Promise.all([poolsApi.pools(), poolsApi.alerts()]);
  // One health request per pool: a workspace has a handful of pools, each answered from hourly rows.
  const healths = await Promise.all(pools.items.map((pool) => poolsApi.health(pool.id)));
  return pools.items.map((pool, i) => {
    const health = healths[i]!;
    // The badge is for the day shown beside it; older alerts stay on the pool's own page.
    const recent = alerts.items.filter(
      (alert) => alert.poolId === pool.id && Date.parse(alert.hour) >= Date.parse(health.from),
    );
    return { pool, health, alerts: recent.length };
  });
}

export function PoolList(props: PageProps) {
  const { s } = props;
  const w = words[s.locale];
  const [loaded] = useLoaded(loadRows, props.workspace.id);
  const share = (value: number | null) => finePercent(s.locale, value, s.m.none);
  return h(
    'section',
    { class: 'pools' },
    h('h1', null, w.title),
    loaded.state === 'loading' && h('p', { class: 'muted' }, s.m.loading),
    loaded.state === 'failed' && h('p', { class: 'error', role: 'alert' }, loaded.message),
    loaded.state === 'done' && loaded.value.length === 0 && h('p', { class: 'muted' }, w.noPools),
    loaded.state === 'done' &&
      loaded.value.length > 0 &&
      h(
        'table',
        { class: 'pools-list' },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', null, w.pool),
            h('th', { class: 'number' }, w.size),
            h('th', { class: 'number' }, w.target),
            h('th', { class: 'number' }, `${w.sessions}, ${w.last24h}`),
            h('th', { class: 'number' }, `${w.observed}, ${w.last24h}`),
            h('th', { class: 'number' }, `${w.predicted}, ${w.last24h}`),
            h('th', { class: 'number' }, w.recommended),
            h('th', null, w.alerts),
          ),
        ),
        h(
          'tbody',
          null,
          loaded.value.map(({ pool, health, alerts }) => {
            const summary = summarisePool(health.hours);
            const short = summary.recommendedSize !== null && summary.recommendedSize > health.poolSize;
            return h(
              'tr',
              { key: pool.id, 'data-pool-id': pool.id },
              h('td', null, h('a', link(`/pools/${encodeURIComponent(pool.id)}`), pool.name)),
              h('td', { class: 'number', 'data-field': 'size' }, s.number(health.poolSize)),
              h('td', { class: 'number' }, share(pool.targetBlocking)),
              h('td', { class: 'number' }, s.number(summary.sessions)),
              h('td', { class: 'number', 'data-field': 'observed' }, share(summary.observedBlocking)),
              h('td', { class: 'number', 'data-field': 'predicted' }, share(summary.predictedBlocking)),
              h(
                'td',
                { class: `number${short ? ' pools-short' : ''}`, 'data-field': 'recommended' },
                summary.recommendedSize === null ? s.m.none : s.number(summary.recommendedSize),
              ),
              h(
                'td',
                null,
                (alerts > 0 || summary.aboveTarget) &&
                  h(
                    'span',
                    { class: 'pools-alert', 'data-alert': pool.id },
                    `${w.alert}${alerts > 0 ? ` · ${alerts}` : ''}`,
                  ),
              ),
            );
          }),
        ),
      ),
  );
}

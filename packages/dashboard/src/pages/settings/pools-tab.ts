/** Pools: the list, and one pool's rules, hold, exhaustion policy and numbers to change (?pool=<id>). */
import type { Pool } from '@calltrail/protocol';
import { h } from 'preact';
import { link } from '../../router.ts';
import { dataTable } from '../../table.ts';
import { PoolEditor } from './pool-editor.ts';
import { settingsApi } from './settings-api.ts';
import type { TabProps } from './tab-props.ts';
import { useResource } from './use-resource.ts';

async function loadPools() {
  const [pools, sites] = await Promise.all([settingsApi.pools(), settingsApi.sites()]);
  return { pools: pools.items, siteNames: new Map(sites.items.map((site) => [site.id, site.name])) };
}

export function PoolsTab(props: TabProps) {
  const { w } = props;
  const loaded = useResource(loadPools, []);
  const data = loaded.data;
  const openId = props.search.get('pool');
  const open = data?.pools.find((pool) => pool.id === openId);
  return h(
    'div',
    null,
    loaded.error && h('p', { class: 'error', role: 'alert' }, loaded.error),
    !data && !loaded.error && h('p', { class: 'muted' }, w.loading),
    data && data.pools.length === 0 && h('p', { class: 'muted' }, w.noPools),
    data &&
      data.pools.length > 0 &&
      PoolTable({ ...props, pools: data.pools, siteNames: data.siteNames, openId }),
    // Keyed by the pool as saved: after a save the editor starts again from what the server kept.
    open && h(PoolEditor, { ...props, key: JSON.stringify(open), pool: open, onSaved: loaded.reload }),
  );
}

function PoolTable(
  props: TabProps & { pools: Pool[]; siteNames: Map<string, string>; openId: string | null },
) {
  const { s, w } = props;
  const headings = [w.name, w.site, w.businessNumber, w.numbers, w.exhaustionPolicy, w.rulesHeading, ''];
  return dataTable(
    { class: 'settings-pools' },
    headings,
    props.pools.map((pool) =>
      h(
        'tr',
        { key: pool.id, 'data-pool-id': pool.id, class: pool.id === props.openId ? 'open' : undefined },
        h('td', null, pool.name),
        h('td', null, props.siteNames.get(pool.siteId) ?? pool.siteId),
        h('td', null, pool.businessNumber),
        h('td', { class: 'number' }, s.number(pool.numbers.length)),
        h('td', null, w.policies[pool.exhaustionPolicy]),
        h('td', { class: 'number' }, s.number(pool.rules.length)),
        h('td', null, h('a', link(`/settings/pools?pool=${encodeURIComponent(pool.id)}`), w.edit)),
      ),
    ),
  );
}

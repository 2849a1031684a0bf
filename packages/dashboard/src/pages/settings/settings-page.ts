/**
 * Settings, one tab per concern at /settings/<tab>: sites, numbers, pools, telephony, users, API
 * tokens. A tab shows only what the user's role may do; the server enforces it anyway.
 */
import { can, type Permission } from '@calltrail/core';
import { type ComponentType, h } from 'preact';
import { link } from '../../router.ts';
import type { PageProps } from '../page-props.ts';
import { NumbersTab } from './numbers-tab.ts';
import { PoolsTab } from './pools-tab.ts';
import { SitesTab } from './sites-tab.ts';
import type { TabProps } from './tab-props.ts';
import { TelephonyTab } from './telephony-tab.ts';
import { TokensTab } from './tokens-tab.ts';
import { UsersTab } from './users-tab.ts';
import { words } from './words.ts';
import './settings.css';

const tabs: readonly {
  id: keyof (typeof words)['en']['tabs'];
  needs: Permission;
  tab: ComponentType<TabProps>;
}[] = [
  { id: 'sites', needs: 'settings:read', tab: SitesTab },
  { id: 'numbers', needs: 'settings:read', tab: NumbersTab },
  { id: 'pools', needs: 'settings:read', tab: PoolsTab },
  { id: 'telephony', needs: 'settings:read', tab: TelephonyTab },
  { id: 'users', needs: 'members:manage', tab: UsersTab },
  { id: 'tokens', needs: 'members:manage', tab: TokensTab },
];

export function SettingsPage(props: PageProps) {
  const w = words[props.s.locale];
  const role = props.workspace.role ?? 'operator';
  const open = tabs.filter((tab) => can(role, tab.needs));
  const requested = /^\/settings\/([^/]+)/.exec(props.location.path)?.[1];
  const current = open.find((tab) => tab.id === requested) ?? open[0];
  const canWrite = can(role, 'settings:write');
  return h(
    'section',
    { class: 'settings' },
    h('h1', null, w.title),
    !current && h('p', { class: 'muted' }, w.noAccess),
    current &&
      h(
        'nav',
        { class: 'settings-tabs' },
        open.map((tab) =>
          h(
            'a',
            {
              ...link(`/settings/${tab.id}`),
              class: tab === current ? 'active' : undefined,
              'data-tab': tab.id,
            },
            w.tabs[tab.id],
          ),
        ),
      ),
    current && !canWrite && current.needs === 'settings:read' && h('p', { class: 'muted' }, w.readOnly),
    current &&
      h(current.tab, {
        key: `${current.id}:${props.workspace.id}`,
        s: props.s,
        w,
        workspace: props.workspace,
        userId: props.me.user.id,
        search: props.location.search,
        canWrite,
      }),
  );
}

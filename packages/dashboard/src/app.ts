/**
 * The shell: who is logged in (GET /auth/me), which workspace they look at, the language, and the
 * navigation around the pages.
 */
import { can, type Permission } from '@calltrail/core';
import { type ComponentType, h } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, api, type Me, useSession } from './api.ts';
import { initialLocale, type Locale, locales, speech } from './i18n.ts';
import { CallPage } from './pages/calls/call-page.ts';
import { CallsPage } from './pages/calls/calls-page.ts';
import { LoginPage } from './pages/login/login-page.ts';
import type { PageProps } from './pages/page-props.ts';
import { link, navigate, useLocation } from './router.ts';

/**
 * A page loaded on first visit, in its own chunk, so the calls page (the one opened most) does not
 * carry the charts and settings forms.
 */
function lazyPage(load: () => Promise<ComponentType<PageProps>>): ComponentType<PageProps> {
  let loaded: ComponentType<PageProps> | undefined;
  return function LazyPage(props: PageProps) {
    const [Page, setPage] = useState(() => loaded);
    const [failure, setFailure] = useState<string | null>(null);
    useEffect(() => {
      if (Page) return;
      load().then(
        (component) => {
          loaded = component;
          setPage(() => component);
        },
        (error: unknown) => setFailure((error as Error).message),
      );
    }, []);
    if (failure) return h('p', { class: 'error' }, failure);
    return Page ? h(Page, props) : h('p', { class: 'muted' }, props.s.m.loading);
  };
}

/** The sections in the navigation, in order; each path prefix belongs to one page. */
const sections = [
  { path: '/calls', label: 'calls', permission: 'calls:read' },
  {
    path: '/sources',
    label: 'sources',
    permission: 'reports:read',
    page: lazyPage(() => import('./pages/sources/sources-page.ts').then((m) => m.SourcesPage)),
  },
  {
    path: '/missed',
    label: 'missed',
    permission: 'calls:read',
    page: lazyPage(() => import('./pages/missed/missed-page.ts').then((m) => m.MissedPage)),
  },
  {
    path: '/costs',
    label: 'costs',
    permission: 'reports:read',
    page: lazyPage(() => import('./pages/costs/costs-page.ts').then((m) => m.CostsPage)),
  },
  {
    path: '/pools',
    label: 'pools',
    permission: 'reports:read',
    page: lazyPage(() => import('./pages/pools/pools-page.ts').then((m) => m.PoolsPage)),
  },
  {
    path: '/settings',
    label: 'settings',
    permission: 'settings:read',
    page: lazyPage(() => import('./pages/settings/settings-page.ts').then((m) => m.SettingsPage)),
  },
] as const satisfies readonly {
  path: string;
  label: string;
  permission: Permission;
  page?: ComponentType<PageProps>;
}[];

const sectionOf = (path: string) =>
  sections.find((section) => path === section.path || path.startsWith(`${section.path}/`));

const localeKey = 'calltrail.locale';
const workspaceKey = 'calltrail.workspace';

export function App() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [failure, setFailure] = useState<string | null>(null);
  const [locale, setLocale] = useState<Locale>(() =>
    initialLocale(localStorage.getItem(localeKey), navigator.language),
  );
  const [workspaceId, setWorkspaceId] = useState<string>(() => localStorage.getItem(workspaceKey) ?? '');
  const location = useLocation();

  useEffect(() => {
    api.me().then(setMe, (error: unknown) => {
      // 401 is the expected "not logged in"; anything else (server down, 5xx) is shown as it is.
      if (error instanceof ApiError && error.status === 401) setMe(null);
      else setFailure((error as Error).message);
    });
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
    localStorage.setItem(localeKey, locale);
  }, [locale]);

  // The remembered workspace, unless the user has since left it.
  const workspace = me?.workspaces.find((w) => w.id === workspaceId) ?? me?.workspaces[0];
  useSession(me?.csrfToken ?? '', workspace?.id ?? '');
  const s = useMemo(() => speech(locale, { timeZone: workspace?.timeZone ?? 'UTC' }), [locale, workspace]);
  const { m } = s;

  const languageSwitch = h(
    'select',
    {
      'aria-label': m.language,
      class: 'language',
      value: locale,
      onChange: (event: Event) => setLocale((event.currentTarget as HTMLSelectElement).value as Locale),
    },
    locales.map((code) => h('option', { value: code }, code === 'ru' ? 'Русский' : 'English')),
  );

  if (failure) return h('main', null, h('h1', null, m.errorTitle), h('p', { class: 'error' }, failure));
  if (me === undefined) return h('p', { class: 'muted' }, m.loading);
  if (me === null || !workspace) {
    return h(LoginPage, { m, languageSwitch, onLoggedIn: (loggedIn: Me) => setMe(loggedIn) });
  }

  function switchWorkspace(event: Event) {
    const id = (event.currentTarget as HTMLSelectElement).value;
    localStorage.setItem(workspaceKey, id);
    setWorkspaceId(id);
    // A call or a pool belongs to one workspace: its page makes no sense in another, so go up to the
    // section's own page.
    const home = sectionOf(location.path)?.path ?? '/calls';
    if (location.path !== home) navigate(home);
  }

  async function logOut() {
    await api.logOut();
    setMe(null);
  }

  const section = sectionOf(location.path) ?? sections[0];
  const callMatch = /^\/calls\/([^/]+)$/.exec(location.path);
  const page =
    'page' in section
      ? h(section.page, { s, me, workspace, location })
      : callMatch?.[1]
        ? h(CallPage, { s, me, workspace, location, id: decodeURIComponent(callMatch[1]) })
        : h(CallsPage, { s, me, workspace, location });

  return h(
    'div',
    { class: 'shell' },
    h(
      'header',
      null,
      h('strong', { class: 'brand' }, m.appName),
      h(
        'nav',
        null,
        // The server enforces permissions anyway; the navigation only leaves out what would answer 403.
        sections
          .filter((item) => !workspace.role || can(workspace.role, item.permission))
          .map((item) =>
            h('a', { ...link(item.path), class: item === section ? 'active' : undefined }, m[item.label]),
          ),
      ),
      h('span', { class: 'spacer' }),
      me.workspaces.length > 1
        ? h(
            'select',
            { 'aria-label': m.workspace, value: workspace.id, onChange: switchWorkspace },
            me.workspaces.map((w) => h('option', { value: w.id }, w.name)),
          )
        : h('span', { class: 'workspace' }, workspace.name),
      languageSwitch,
      h('span', { class: 'muted' }, me.user.email),
      h('button', { type: 'button', class: 'secondary', onClick: logOut }, m.logOut),
    ),
    // Keyed by workspace: a switch starts every page afresh, so nothing of the last workspace lingers.
    h('main', { key: workspace.id }, page),
  );
}

/**
 * The shell: who is logged in (GET /auth/me), which workspace they look at, the language, and the
 * navigation around the pages.
 */
import { h } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, api, type Me, useSession } from './api.ts';
import { initialLocale, type Locale, locales, speech } from './i18n.ts';
import { CallPage } from './pages/calls/call-page.ts';
import { CallsPage } from './pages/calls/calls-page.ts';
import { LoginPage } from './pages/login/login-page.ts';
import { link, navigate, useLocation } from './router.ts';

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
    // A call belongs to one workspace: its page makes no sense in another.
    if (location.path !== '/calls') navigate('/calls');
  }

  async function logOut() {
    await api.logOut();
    setMe(null);
  }

  const callMatch = /^\/calls\/([^/]+)$/.exec(location.path);
  const page = callMatch?.[1]
    ? h(CallPage, { s, id: decodeURIComponent(callMatch[1]), workspaceId: workspace.id })
    : h(CallsPage, { s, timeZone: workspace.timeZone, search: location.search, workspaceId: workspace.id });

  return h(
    'div',
    { class: 'shell' },
    h(
      'header',
      null,
      h('strong', { class: 'brand' }, m.appName),
      h('nav', null, h('a', { ...link('/calls'), class: 'active' }, m.calls)),
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
    h('main', null, page),
  );
}

/** Email and password, exchanged for the session cookie by POST /api/v1/auth/login. */
import { type ComponentChildren, h } from 'preact';
import { useState } from 'preact/hooks';
import { api, type Me } from '../../api.ts';
import type { Messages } from '../../i18n.ts';

export function LoginPage(props: {
  m: Messages;
  onLoggedIn: (me: Me) => void;
  languageSwitch: ComponentChildren;
}) {
  const { m } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(null);
    try {
      props.onLoggedIn(await api.logIn(String(form.get('email')), String(form.get('password'))));
    } catch (failure) {
      setError((failure as Error).message);
      setBusy(false);
    }
  }

  return h(
    'main',
    { class: 'login' },
    h(
      'form',
      { onSubmit: submit, class: 'card' },
      h('h1', null, m.appName),
      h(
        'label',
        null,
        m.email,
        h('input', { name: 'email', type: 'email', required: true, autocomplete: 'username' }),
      ),
      h(
        'label',
        null,
        m.password,
        h('input', { name: 'password', type: 'password', required: true, autocomplete: 'current-password' }),
      ),
      error && h('p', { class: 'error', role: 'alert' }, error),
      h('button', { type: 'submit', disabled: busy }, busy ? m.loggingIn : m.logIn),
      props.languageSwitch,
    ),
  );
}

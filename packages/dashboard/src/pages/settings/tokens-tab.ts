/** API tokens: the live ones, a new one whose secret is shown once, and revoking one. */
import type { Role } from '@calltrail/core';
import { h } from 'preact';
import { useState } from 'preact/hooks';
import { dataTable } from '../../table.ts';
import { CopyField } from './copy-field.ts';
import { FormError, fieldOf, roleChoice } from './form-parts.ts';
import { type NewToken, settingsApi, type Token } from './settings-api.ts';
import type { TabProps } from './tab-props.ts';
import { useResource, useSubmission } from './use-resource.ts';

export function TokensTab(props: TabProps) {
  const { s, w } = props;
  const tokens = useResource(settingsApi.tokens, []);
  const creation = useSubmission();
  const revocation = useSubmission();
  // Only in this component's state: leaving the tab forgets the secret, as the server has.
  const [created, setCreated] = useState<NewToken | null>(null);
  function create(event: Event) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const field = fieldOf(event);
    return creation.run(async () => {
      setCreated(await settingsApi.createToken({ name: field('name'), role: field('role') as Role }));
      form.reset();
      tokens.reload();
    });
  }
  function revoke(token: Token) {
    if (!window.confirm(w.confirmRevoke(token.name))) return;
    return revocation.run(async () => {
      await settingsApi.revokeToken(token.id);
      if (created?.id === token.id) setCreated(null);
      tokens.reload();
    });
  }
  const items = tokens.data?.items;
  return h(
    'div',
    null,
    h('h2', null, w.tokens),
    tokens.error && h('p', { class: 'error', role: 'alert' }, tokens.error),
    items && items.length === 0 && h('p', { class: 'muted' }, w.noTokens),
    items &&
      items.length > 0 &&
      dataTable(
        { class: 'settings-tokens' },
        [w.name, w.role, w.created, w.lastUsed, ''],
        items.map((token) =>
          h(
            'tr',
            { key: token.id, 'data-token-id': token.id },
            h('td', null, token.name),
            h('td', null, w.roles[token.role]),
            h('td', null, s.dateTime(token.createdAt)),
            h('td', null, token.lastUsedAt ? s.dateTime(token.lastUsedAt) : w.never),
            h(
              'td',
              null,
              h(
                'button',
                { type: 'button', class: 'secondary danger', onClick: () => revoke(token) },
                w.revoke,
              ),
            ),
          ),
        ),
      ),
    h(FormError, { w, submission: revocation }),
    created &&
      h(
        'div',
        { class: 'settings-detail settings-secret', 'data-new-token': created.id },
        h('p', null, h('strong', null, w.tokenOnce)),
        h(CopyField, { w, label: created.name, text: created.token, id: 'token' }),
      ),
    h(
      'form',
      { class: 'settings-form', onSubmit: create, 'data-form': 'new-token' },
      h('h2', null, w.createToken),
      h('label', null, w.name, h('input', { name: 'name', required: true, maxLength: 200 })),
      h('label', null, w.role, roleChoice(w, 'analyst')),
      h('div', null, h('button', { type: 'submit', disabled: creation.busy }, w.createToken)),
      h(FormError, { w, submission: creation }),
    ),
  );
}

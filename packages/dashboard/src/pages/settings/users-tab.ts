/** Members of the workspace with their roles, and adding one (a new user gets a password). */
import type { Role } from '@calltrail/core';
import { h } from 'preact';
import { dataTable } from '../../table.ts';
import { FormError, fieldOf, roleChoice } from './form-parts.ts';
import { settingsApi } from './settings-api.ts';
import type { TabProps } from './tab-props.ts';
import { useResource, useSubmission } from './use-resource.ts';

export function UsersTab(props: TabProps) {
  const { w } = props;
  const members = useResource(settingsApi.members, []);
  const submission = useSubmission();
  function add(event: Event) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const field = fieldOf(event);
    return submission.run(async () => {
      await settingsApi.addMember({
        email: field('email'),
        role: field('role') as Role,
        ...(field('name') ? { name: field('name') } : {}),
        ...(field('password') ? { password: field('password') } : {}),
      });
      form.reset();
      members.reload();
    });
  }
  return h(
    'div',
    null,
    h('h2', null, w.members),
    members.error && h('p', { class: 'error', role: 'alert' }, members.error),
    members.data &&
      dataTable(
        { class: 'settings-members' },
        [w.email, w.name, w.role],
        members.data.items.map((member) =>
          h(
            'tr',
            { key: member.userId, 'data-user-id': member.userId },
            h('td', null, member.email),
            h('td', null, member.name || w.none),
            h('td', null, w.roles[member.role]),
          ),
        ),
      ),
    h('p', { class: 'muted' }, w.membersHint),
    h(
      'form',
      { class: 'settings-form', onSubmit: add, 'data-form': 'add-member' },
      h('h2', null, w.addMember),
      h('label', null, w.email, h('input', { name: 'email', type: 'email', required: true })),
      h('label', null, w.name, h('input', { name: 'name', maxLength: 200 })),
      h(
        'label',
        null,
        w.password,
        h('input', { name: 'password', type: 'password', minLength: 10, autocomplete: 'new-password' }),
      ),
      h('label', null, w.role, roleChoice(w, 'analyst')),
      h('div', null, h('button', { type: 'submit', disabled: submission.busy }, w.add)),
      h(FormError, { w, submission }),
    ),
  );
}

/**
 * Members of the workspace with their roles: changing a role (saved on change), removing a member
 * after an inline confirmation, and adding one (a new user gets a password).
 */
import { type Role, roles } from '@calltrail/core';
import { h } from 'preact';
import { useState } from 'preact/hooks';
import { dataTable } from '../../table.ts';
import { FormError, fieldOf, roleChoice } from './form-parts.ts';
import { type MemberRow, settingsApi } from './settings-api.ts';
import type { TabProps } from './tab-props.ts';
import { useResource, useSubmission } from './use-resource.ts';
import type { Words } from './words.ts';

export function UsersTab(props: TabProps) {
  const { w } = props;
  const members = useResource(settingsApi.members, []);
  const submission = useSubmission();
  const change = useSubmission();
  const [confirming, setConfirming] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  // The server says no to an admin touching an owner anyway; this only spares them the controls.
  const isOwner = props.workspace.role === 'owner';
  const grantable = isOwner ? roles : roles.filter((role) => role !== 'owner');
  function changed(action: () => Promise<unknown>) {
    setSaved(false);
    return (
      change
        .run(async () => {
          await action();
          setSaved(true);
        })
        // Also after a refusal: the select goes back to the stored role.
        .finally(members.reload)
    );
  }
  function controls(member: MemberRow) {
    if (member.role === 'owner' && !isOwner) return [h('td', null, w.roles.owner), h('td', null)];
    return [
      h(
        'td',
        null,
        h(
          'select',
          {
            name: 'role',
            value: member.role,
            'aria-label': w.roleOf(member.email),
            disabled: change.busy,
            onChange: (event: Event) => {
              const role = (event.currentTarget as HTMLSelectElement).value as Role;
              return changed(() => settingsApi.changeMemberRole(member.userId, role));
            },
          },
          grantable.map((role) => h('option', { value: role }, w.roles[role])),
        ),
      ),
      h(
        'td',
        null,
        confirming === member.userId
          ? removalQuestion(w, member, {
              yes: () =>
                changed(async () => {
                  await settingsApi.removeMember(member.userId);
                  // Having left the workspace, nothing here is theirs to see: start over, in another.
                  if (member.userId === props.userId) window.location.assign('/');
                }).finally(() => setConfirming(null)),
              no: () => setConfirming(null),
            })
          : h(
              'button',
              {
                type: 'button',
                class: 'secondary danger',
                onClick: () => {
                  setSaved(false);
                  setConfirming(member.userId);
                },
              },
              w.remove,
            ),
      ),
    ];
  }
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
        [w.email, w.name, w.role, ''],
        members.data.items.map((member) =>
          h(
            'tr',
            { key: member.userId, 'data-user-id': member.userId },
            h('td', null, member.email),
            h('td', null, member.name || w.none),
            ...controls(member),
          ),
        ),
      ),
    saved && h('p', { class: 'muted', role: 'status' }, w.saved),
    // A refusal of an earlier change would read as the answer to the question being asked.
    confirming === null && h(FormError, { w, submission: change }),
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

/** "Remove x? Yes / No" in place of the button: no modal dialog, and a mis-click costs nothing. */
function removalQuestion(w: Words, member: MemberRow, answer: { yes: () => void; no: () => void }) {
  return h(
    'span',
    { class: 'settings-confirm', 'data-confirm-remove': member.userId },
    h('span', null, w.confirmRemove(member.email)),
    h('button', { type: 'button', class: 'secondary danger', onClick: answer.yes }, w.yes),
    h('button', { type: 'button', class: 'secondary', onClick: answer.no }, w.no),
  );
}

/**
 * Telephony connections: each with its status and the webhook URLs to paste into the provider,
 * a new one with the provider's credentials (write-only: never shown back), disconnecting one, and
 * the generic webhook for any other PBX.
 */
import type { TelephonyConnection, TelephonyProvider } from '@calltrail/protocol';
import { h } from 'preact';
import { useState } from 'preact/hooks';
import { CopyField } from './copy-field.ts';
import { FormError, fieldOf } from './form-parts.ts';
import { credentialInputs, credentialsOf, timeZoneAsked } from './provider-fields.ts';
import { settingsApi } from './settings-api.ts';
import type { TabProps } from './tab-props.ts';
import { useResource, useSubmission } from './use-resource.ts';

export function TelephonyTab(props: TabProps) {
  const { w } = props;
  const connections = useResource(settingsApi.connections, []);
  const providers = useResource(settingsApi.providers, []);
  const removal = useSubmission();
  function disconnect(connection: TelephonyConnection) {
    if (!window.confirm(w.confirmDisconnect(connection.name))) return;
    return removal.run(async () => {
      await settingsApi.disconnect(connection.id);
      connections.reload();
    });
  }
  const items = connections.data?.items;
  const known = providers.data?.items ?? [];
  return h(
    'div',
    null,
    h('h2', null, w.connections),
    connections.error && h('p', { class: 'error', role: 'alert' }, connections.error),
    !items && !connections.error && h('p', { class: 'muted' }, w.loading),
    items && items.length === 0 && h('p', { class: 'muted' }, w.noConnections),
    items?.map((connection) =>
      ConnectionCard({ ...props, connection, providers: known, onDisconnect: disconnect }),
    ),
    h(FormError, { w, submission: removal }),
    providers.error && h('p', { class: 'error', role: 'alert' }, providers.error),
    props.canWrite &&
      known.length > 0 &&
      h(NewConnectionForm, { ...props, providers: known, onConnected: connections.reload }),
    props.canWrite && h(GenericWebhook, props),
  );
}

function ConnectionCard(
  props: TabProps & {
    connection: TelephonyConnection;
    providers: readonly TelephonyProvider[];
    onDisconnect(connection: TelephonyConnection): void;
  },
) {
  const { s, w, connection } = props;
  return h(
    'div',
    { class: 'settings-detail', key: connection.id, 'data-connection-id': connection.id },
    h(
      'h3',
      null,
      connection.name,
      h(
        'span',
        { class: 'badge' },
        props.providers.find((p) => p.id === connection.provider)?.title ?? connection.provider,
      ),
      h(
        'span',
        { class: `settings-status ${connection.lastEventAt ? 'live' : 'waiting'}` },
        connection.lastEventAt ? w.lastEvent(s.dateTime(connection.lastEventAt)) : w.waiting,
      ),
    ),
    connection.credentialsSet.length > 0 &&
      h('p', { class: 'muted' }, `${w.credentialsSet}: ${connection.credentialsSet.join(', ')}`),
    h('h4', null, w.webhookUrls),
    connection.webhookUrls.length === 0 && h('p', { class: 'muted' }, w.noWebhook),
    connection.webhookUrls.map((hook) =>
      h(CopyField, { w, label: hook.purpose, text: hook.url, id: 'webhook-url' }),
    ),
    props.canWrite &&
      h(
        'button',
        { type: 'button', class: 'secondary danger', onClick: () => props.onDisconnect(connection) },
        w.disconnect,
      ),
  );
}

function NewConnectionForm(
  props: TabProps & { providers: readonly TelephonyProvider[]; onConnected(): void },
) {
  const { w, providers } = props;
  const submission = useSubmission();
  const [providerId, setProviderId] = useState<TelephonyProvider['id']>('mango');
  const provider = providers.find((p) => p.id === providerId) ?? providers[0];
  if (!provider) return null;
  const timeZone = timeZoneAsked(provider.settings);
  const connect = (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const field = fieldOf(event);
    const zone = field('timeZone');
    return submission.run(async () => {
      await settingsApi.connect({
        provider: provider.id,
        name: field('name'),
        credentials: credentialsOf(provider.credentials, field),
        ...(timeZone !== 'none' && zone ? { settings: { timeZone: zone } } : {}),
      });
      form.reset();
      props.onConnected();
    });
  };
  return h(
    'form',
    { class: 'settings-form', onSubmit: connect, 'data-form': 'new-connection', key: provider.id },
    h('h2', null, w.newConnection),
    h(
      'label',
      null,
      w.provider,
      h(
        'select',
        {
          name: 'provider',
          value: provider.id,
          onChange: (event: Event) =>
            setProviderId((event.currentTarget as HTMLSelectElement).value as TelephonyProvider['id']),
        },
        providers.map((p) => h('option', { value: p.id }, p.title)),
      ),
    ),
    h(
      'label',
      null,
      w.name,
      h('input', { name: 'name', required: true, maxLength: 200, value: provider.title }),
    ),
    credentialInputs(provider.credentials),
    timeZone !== 'none' &&
      h(
        'label',
        null,
        w.timeZone,
        h('input', {
          name: 'timeZone',
          required: timeZone === 'required',
          value: props.workspace.timeZone,
        }),
      ),
    h('p', { class: 'muted' }, w.writeOnly),
    h('div', null, h('button', { type: 'submit', disabled: submission.busy }, w.connect)),
    h(FormError, { w, submission }),
  );
}

function GenericWebhook(props: TabProps) {
  const { w } = props;
  const webhook = useResource(settingsApi.genericWebhook, []);
  if (!webhook.data) return webhook.error ? h('p', { class: 'error' }, webhook.error) : null;
  return h(
    'div',
    { class: 'settings-detail' },
    h('h2', null, w.genericWebhook),
    h(CopyField, { w, label: 'URL', text: webhook.data.url, id: 'generic-webhook' }),
    h(CopyField, { w, label: w.secret, text: webhook.data.secret, id: 'generic-secret' }),
  );
}

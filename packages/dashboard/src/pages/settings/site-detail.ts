/** One site: its settings to change (PATCH) and the snippet tags to paste into its pages. */
import type { Site } from '@calltrail/protocol';
import { h } from 'preact';
import { useState } from 'preact/hooks';
import { link } from '../../router.ts';
import { CopyField } from './copy-field.ts';
import { choice, FormError, fieldOf, joinList, splitList } from './form-parts.ts';
import { type SiteChanges, settingsApi } from './settings-api.ts';
import type { TabProps } from './tab-props.ts';
import { useResource, useSubmission } from './use-resource.ts';

export function SiteDetail(props: TabProps & { site: Site; onSaved(): void }) {
  const { w, site } = props;
  const install = useResource(() => settingsApi.install(site.id), [site.id]);
  return h(
    'div',
    { class: 'settings-detail', 'data-open-site': site.id },
    h('h2', null, site.name, ' ', h('a', { ...link('/settings/sites'), class: 'settings-close' }, w.cancel)),
    h('h3', null, w.install),
    install.error && h('p', { class: 'error' }, install.error),
    install.data &&
      h(
        'div',
        { class: 'settings-install' },
        h(CopyField, { w, label: w.scriptTag, text: install.data.scriptTag, id: 'script-tag' }),
        h(CopyField, { w, label: w.pinnedTag, text: install.data.pinnedTag, id: 'pinned-tag' }),
      ),
    props.canWrite && h(SiteForm, props),
  );
}

function SiteForm(props: TabProps & { site: Site; onSaved(): void }) {
  const { w, site } = props;
  const submission = useSubmission();
  const [saved, setSaved] = useState(false);
  function save(event: Event) {
    event.preventDefault();
    const field = fieldOf(event);
    setSaved(false);
    const changes: SiteChanges = {
      name: field('name'),
      domains: splitList(field('domains').toLowerCase()),
      businessNumbers: splitList(field('businessNumbers')),
      consentMode: field('consentMode') === 'wait' ? 'wait' : 'none',
      consentCookie: field('consentCookie') || null,
      extraParams: splitList(field('extraParams')),
      extraCookies: splitList(field('extraCookies')),
      swapAttributes: splitList(field('swapAttributes')),
    };
    return submission.run(async () => {
      await settingsApi.updateSite(site.id, changes);
      setSaved(true);
      props.onSaved();
    });
  }
  const list = (name: keyof Site, label: string, items: readonly string[]) =>
    h('label', null, `${label} (${w.listHint})`, h('textarea', { name, rows: 2, value: joinList(items) }));
  return h(
    'form',
    { class: 'settings-form', onSubmit: save, 'data-form': 'site' },
    h('h3', null, w.siteSettings),
    h('label', null, w.name, h('input', { name: 'name', required: true, value: site.name })),
    list('domains', w.domains, site.domains),
    list('businessNumbers', w.businessNumbers, site.businessNumbers),
    h(
      'label',
      null,
      w.consentMode,
      choice(
        'consentMode',
        [
          ['none', w.consentNone],
          ['wait', w.consentWait],
        ],
        site.consentMode,
      ),
    ),
    h('label', null, w.consentCookie, h('input', { name: 'consentCookie', value: site.consentCookie ?? '' })),
    list('extraParams', w.extraParams, site.extraParams),
    list('extraCookies', w.extraCookies, site.extraCookies),
    list('swapAttributes', w.swapAttributes, site.swapAttributes),
    h(
      'div',
      null,
      h('button', { type: 'submit', disabled: submission.busy }, w.save),
      saved && h('span', { class: 'muted', role: 'status' }, ' ', w.saved),
    ),
    h(FormError, { w, submission }),
  );
}

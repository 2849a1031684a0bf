/** Sites: the list, a new site, and one site's settings and snippet tags (?site=<id>). */
import type { Site } from '@calltrail/protocol';
import { h } from 'preact';
import { link, navigate } from '../../router.ts';
import { dataTable } from '../../table.ts';
import { FormError, fieldOf, splitList } from './form-parts.ts';
import { settingsApi } from './settings-api.ts';
import { SiteDetail } from './site-detail.ts';
import type { TabProps } from './tab-props.ts';
import { useResource, useSubmission } from './use-resource.ts';

export function SitesTab(props: TabProps) {
  const { w } = props;
  const sites = useResource(settingsApi.sites, []);
  const openId = props.search.get('site');
  const open = sites.data?.items.find((site) => site.id === openId);
  return h(
    'div',
    null,
    sites.error && h('p', { class: 'error', role: 'alert' }, sites.error),
    !sites.data && !sites.error && h('p', { class: 'muted' }, w.loading),
    sites.data && sites.data.items.length === 0 && h('p', { class: 'muted' }, w.noSites),
    sites.data && sites.data.items.length > 0 && SiteTable({ ...props, sites: sites.data.items, openId }),
    open && h(SiteDetail, { ...props, key: open.id, site: open, onSaved: sites.reload }),
    props.canWrite && h(NewSiteForm, { ...props, onCreated: sites.reload }),
  );
}

function SiteTable(props: TabProps & { sites: Site[]; openId: string | null }) {
  const { w } = props;
  return dataTable(
    { class: 'settings-sites' },
    [w.name, w.domains, w.businessNumbers, w.consentMode, ''],
    props.sites.map((site) =>
      h(
        'tr',
        { key: site.id, 'data-site-id': site.id, class: site.id === props.openId ? 'open' : undefined },
        h('td', null, site.name),
        h('td', null, site.domains.join(', ')),
        h('td', null, site.businessNumbers.join(', ')),
        h('td', null, site.consentMode === 'wait' ? w.consentWait : w.consentNone),
        h(
          'td',
          null,
          h(
            'a',
            link(`/settings/sites?site=${encodeURIComponent(site.id)}`),
            props.canWrite ? w.edit : w.install,
          ),
        ),
      ),
    ),
  );
}

function NewSiteForm(props: TabProps & { onCreated(): void }) {
  const { w } = props;
  const submission = useSubmission();
  function create(event: Event) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const field = fieldOf(event);
    return submission.run(async () => {
      const site = await settingsApi.createSite({
        name: field('name'),
        domains: splitList(field('domains').toLowerCase()),
        businessNumbers: splitList(field('businessNumbers')),
      });
      form.reset();
      props.onCreated();
      // Straight to its snippet tags: what one needs right after creating a site.
      navigate(`/settings/sites?site=${encodeURIComponent(site.id)}`);
    });
  }
  return h(
    'form',
    { class: 'settings-form', onSubmit: create, 'data-form': 'new-site' },
    h('h2', null, w.newSite),
    h('label', null, w.name, h('input', { name: 'name', required: true, maxLength: 200 })),
    h(
      'label',
      null,
      `${w.domains} (${w.listHint})`,
      h('textarea', { name: 'domains', required: true, rows: 2, placeholder: 'example.com\n*.example.com' }),
    ),
    h(
      'label',
      null,
      `${w.businessNumbers} (${w.listHint})`,
      h('textarea', { name: 'businessNumbers', required: true, rows: 2, placeholder: '+7 495 123-45-67' }),
    ),
    h('div', null, h('button', { type: 'submit', disabled: submission.busy }, w.createSite)),
    h(FormError, { w, submission }),
  );
}

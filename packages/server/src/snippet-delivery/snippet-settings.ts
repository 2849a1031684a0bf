/**
 * A site's settings as the browser script reads them. Optional keys are left out when empty: the
 * script and its settings share a byte budget, and `/s/<siteKey>.js` carries them on every page.
 */
import { dialPlan } from '@calltrail/core';
import type { SnippetSettings } from '@calltrail/protocol';
import type { SiteRow } from '../stores/sql/sites.ts';
import { visitorCookieDomain } from '../tracking/visitor-cookie.ts';

/** The settings of `site` for a script reached as `host` (no port): a subdomain of the site sets `vc`. */
export function snippetSettings(site: SiteRow, host: string): SnippetSettings {
  const settings: SnippetSettings = {
    k: site.key,
    // Stored numbers are E.164 already; one the dial plan cannot read is left for the page to show.
    n: site.businessNumbers.flatMap((e) => {
      const plan = dialPlan(e);
      return plan ? [{ e, c: plan.callingCode.length, p: plan.nationalPrefix }] : [];
    }),
  };
  if (site.consentMode === 'wait') settings.c = site.consentCookie ? { ck: site.consentCookie } : {};
  if (site.extraParams.length > 0) settings.xq = site.extraParams;
  if (site.extraCookies.length > 0) settings.xc = site.extraCookies;
  if (site.swapAttributes.length > 0) settings.a = site.swapAttributes;
  if (visitorCookieDomain(host, site.domains) !== null) settings.vc = 1;
  return settings;
}

/**
 * The `<script>` tag entry. `/s/<siteKey>.js` passes the site's settings as CALLTRAIL_SETTINGS;
 * the pinned build passes none and names its site in `data-site`. The page gets one global,
 * `calltrail`; a page that queued commands before the script loaded (`calltrail=[]`,
 * `calltrail.push('consent')`) has them run.
 */
import type { SnippetSettings } from '@calltrail/protocol';
import { consent, getNumbers, onSwap, start, swap } from './tracker.ts';

declare const CALLTRAIL_SETTINGS: SnippetSettings | undefined;

try {
  performance.mark('calltrail:start');
  const script = document.currentScript as HTMLScriptElement | null;
  const holder = window as unknown as { calltrail?: unknown };
  const queued = holder.calltrail;
  const site = CALLTRAIL_SETTINGS?.k ?? script?.dataset.site;
  if (script && site && (queued === undefined || Array.isArray(queued))) {
    holder.calltrail = { consent, getNumbers, onSwap, swap };
    if (Array.isArray(queued) && queued.includes('consent')) consent();
    start({
      site,
      server: script.src.slice(0, script.src.lastIndexOf('/s/')),
      settings: CALLTRAIL_SETTINGS,
      debug: /[?&]calltrail_debug=1/.test(location.search),
    });
  }
} catch {
  // Never into the page.
}

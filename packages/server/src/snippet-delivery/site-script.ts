/**
 * The scripts `/s/...` serves, kept as text and gzipped once on first demand: the pinned build for
 * the life of the process, and a site's settings and script for as long as its setup stays in the
 * site cache, so an edit to the site shows in the next script the cache loads.
 */
import { constants, gzipSync } from 'node:zlib';
import type { SnippetSettings } from '@calltrail/protocol';
import type { SnippetBuild } from '@calltrail/snippet/build';
import type { SiteSetup } from '../tracking/site-setup.ts';
import { snippetSettings } from './snippet-settings.ts';

export class ScriptBody {
  readonly text: string;
  #gzipped: Buffer | null = null;

  constructor(text: string) {
    this.text = text;
  }

  get gzipped(): Buffer {
    this.#gzipped ??= gzipSync(this.text, { level: constants.Z_BEST_COMPRESSION });
    return this.#gzipped;
  }
}

const pinnedBodies = new WeakMap<SnippetBuild, ScriptBody>();

export function pinnedScript(build: SnippetBuild): ScriptBody {
  let body = pinnedBodies.get(build);
  if (!body) {
    body = new ScriptBody(build.pinned);
    pinnedBodies.set(build, body);
  }
  return body;
}

/** A site's settings as reached through one kind of host, and its script made from them on demand. */
export class SiteScript {
  readonly settings: SnippetSettings;
  #body: ScriptBody | null = null;

  constructor(settings: SnippetSettings) {
    this.settings = settings;
  }

  body(build: SnippetBuild): ScriptBody {
    this.#body ??= new ScriptBody(build.withSettings(JSON.stringify(this.settings)));
    return this.#body;
  }
}

// Settings depend on the host only through whether it is a subdomain of the site: two variants.
const siteScripts = new WeakMap<SiteSetup, { own?: SiteScript; subdomain?: SiteScript }>();

/** The site's script for a request to `host` (no port); gone with the setup it was made from. */
export function siteScript(setup: SiteSetup, host: string): SiteScript {
  let variants = siteScripts.get(setup);
  if (!variants) {
    variants = {};
    siteScripts.set(setup, variants);
  }
  const variant = setup.visitorCookieDomain(host) === null ? 'own' : 'subdomain';
  variants[variant] ??= new SiteScript(snippetSettings(setup.site, host));
  return variants[variant];
}

/** Whether an Accept-Encoding header takes gzip (and does not refuse it with q=0). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  for (const part of header.split(',')) {
    const [coding = '', ...params] = part.split(';');
    if (coding.trim().toLowerCase() !== 'gzip') continue;
    const q = params.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  }
  return false;
}

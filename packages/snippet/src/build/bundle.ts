/**
 * Builds the browser script once per process. The bundle reads its settings from a parameter named
 * `CALLTRAIL_SETTINGS`: the pinned build passes nothing (and fetches the settings named by its
 * `data-site` attribute), and `/s/<siteKey>.js` passes the site's settings, so both are the same
 * bytes around one wrapper and only the pinned one needs a stable hash for SRI.
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { VERSION } from '../version.ts';

export interface SnippetBuild {
  /** The path segment of the immutable build: the version and the start of its content hash. */
  buildId: string;
  /** `/s/v/<buildId>/calltrail.min.js`: fetches its settings, so its bytes never change. */
  pinned: string;
  /** The Subresource Integrity value of `pinned`. */
  integrity: string;
  /** The script with a site's settings (a JSON text) inlined. */
  withSettings(settingsJson: string): string;
}

const open = '!function(CALLTRAIL_SETTINGS){';

async function bundle(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('../browser.ts', import.meta.url))],
    bundle: true,
    write: false,
    minify: true,
    format: 'iife',
    target: ['es2020', 'safari14'],
    legalComments: 'none',
    logLevel: 'silent',
  });
  const [file] = result.outputFiles;
  if (!file) throw new Error('esbuild produced no output for the snippet');
  return file.text.trim();
}

async function make(): Promise<SnippetBuild> {
  const body = await bundle();
  const pinned = `${open}${body}}();\n`;
  const hash = createHash('sha384').update(pinned).digest();
  return {
    buildId: `${VERSION}-${hash.toString('hex').slice(0, 8)}`,
    pinned,
    integrity: `sha384-${hash.toString('base64')}`,
    withSettings: (settingsJson) => `${open}${body}}(${settingsJson});\n`,
  };
}

let built: Promise<SnippetBuild> | null = null;

/** The build, made on first use and shared by every caller in the process. */
export function snippetBuild(): Promise<SnippetBuild> {
  if (!built) {
    built = make();
    // A failed build (a broken checkout) is retried on the next request rather than cached.
    built.catch(() => {
      built = null;
    });
  }
  return built;
}

/** What a site owner pastes into their pages: the script tag, and the pinned build with its integrity hash. */
import type { SiteInstall } from '@calltrail/protocol';
import type { SnippetBuild } from '@calltrail/snippet/build';

/** The URLs and tags of `siteKey`'s snippet on the server reached at `publicUrl` (no trailing slash). */
export function siteInstall(publicUrl: string, siteKey: string, build: SnippetBuild): SiteInstall {
  const scriptUrl = `${publicUrl}/s/${siteKey}.js`;
  const pinnedUrl = `${publicUrl}/s/v/${build.buildId}/calltrail.min.js`;
  return {
    buildId: build.buildId,
    scriptUrl,
    scriptTag: `<script async src="${scriptUrl}"></script>`,
    pinnedUrl,
    // A cross-origin script is checked against its hash only when fetched with CORS.
    pinnedTag: `<script async src="${pinnedUrl}" data-site="${siteKey}" integrity="${build.integrity}" crossorigin="anonymous"></script>`,
    integrity: build.integrity,
    settingsUrl: `${publicUrl}/s/v1/config/${siteKey}`,
  };
}

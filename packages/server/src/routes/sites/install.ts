/** How to put a site's snippet on its pages: the tags to paste, with the current build's integrity hash. */
import { AppError } from '@calltrail/core';
import { IdParams, SiteInstall } from '@calltrail/protocol';
import { snippetBuild } from '@calltrail/snippet/build';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RouteDeps } from '../../app.ts';
import { siteInstall } from '../../snippet-delivery/site-install.ts';
import { getSite } from '../../stores/sql/sites.ts';
import { security } from '../security.ts';

export function siteInstallRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/:id/install',
      {
        schema: {
          tags: ['sites'],
          summary: 'The snippet tags for a site',
          description:
            'scriptTag always runs the newest build with the site’s settings; pinnedTag runs this build ' +
            'only, checked by the browser against its integrity hash, and must be replaced after an upgrade.',
          security,
          params: IdParams,
          response: { 200: SiteInstall },
        },
        preHandler: deps.auth.workspace('settings:read'),
      },
      async (request) => {
        const site = await getSite(deps.database.db, request.auth.workspaceId, request.params.id);
        if (!site) throw new AppError('SITE_NOT_FOUND', { id: request.params.id });
        return siteInstall(deps.config.publicUrl, site.key, await snippetBuild());
      },
    );
  };
}

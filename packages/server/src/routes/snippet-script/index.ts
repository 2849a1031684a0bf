/**
 * The browser script and its settings, under `/s`: `/s/<siteKey>.js` with the site's settings
 * inlined, `/s/v/<buildId>/calltrail.min.js` (the pinned build, for Subresource Integrity) and
 * `/s/v1/config/<siteKey>`, which the pinned build fetches. Any page may load them.
 */
import { AppError } from '@calltrail/core';
import { ErrorBody, SnippetSettings } from '@calltrail/protocol';
import { snippetBuild } from '@calltrail/snippet/build';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { RouteDeps } from '../../app.ts';
import {
  acceptsGzip,
  pinnedScript,
  type ScriptBody,
  siteScript,
} from '../../snippet-delivery/site-script.ts';

const SiteKeyParams = Type.Object({ siteKey: Type.String({ minLength: 1, maxLength: 64 }) });
const BuildParams = Type.Object({ buildId: Type.String({ maxLength: 64 }) });

/** A site's edits reach pages within this; the site cache is far shorter. */
const siteCacheControl = 'public, max-age=300';

function sendScript(request: FastifyRequest, reply: FastifyReply, body: ScriptBody, cacheControl: string) {
  reply
    .header('content-type', 'application/javascript; charset=utf-8')
    .header('cache-control', cacheControl)
    .header('vary', 'accept-encoding');
  // Fastify compresses nothing by itself.
  if (acceptsGzip(request.headers['accept-encoding'])) {
    return reply.header('content-encoding', 'gzip').send(body.gzipped);
  }
  return reply.send(body.text);
}

export function snippetScriptRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  const setupOf = async (siteKey: string) => {
    const setup = await deps.tracking.sites.get(siteKey);
    if (!setup) throw new AppError('UNKNOWN_SITE_KEY');
    return setup;
  };
  return async (app) => {
    // Errors too: a page's fetch of the settings must be able to read why it failed.
    app.addHook('onRequest', (_request, reply, done) => {
      reply.header('access-control-allow-origin', '*').header('x-content-type-options', 'nosniff');
      done();
    });

    app.get(
      '/:siteKey.js',
      {
        schema: {
          tags: ['snippet'],
          summary: 'The snippet with the site’s settings inlined',
          description: 'Cached for 5 minutes; served gzipped when the client accepts it.',
          params: SiteKeyParams,
          response: { 404: ErrorBody },
        },
      },
      async (request, reply) => {
        const setup = await setupOf(request.params.siteKey);
        const build = await snippetBuild();
        return sendScript(request, reply, siteScript(setup, request.hostname).body(build), siteCacheControl);
      },
    );

    app.get(
      '/v/:buildId/calltrail.min.js',
      {
        schema: {
          tags: ['snippet'],
          summary: 'One build of the snippet, never changed: load it with its integrity hash',
          description:
            'It fetches its settings from /s/v1/config/<data-site>. A server serves only its current build: 404 SNIPPET_BUILD_NOT_FOUND names it.',
          params: BuildParams,
          response: { 404: ErrorBody },
        },
      },
      async (request, reply) => {
        const build = await snippetBuild();
        if (request.params.buildId !== build.buildId) {
          throw new AppError('SNIPPET_BUILD_NOT_FOUND', {
            requested: request.params.buildId,
            current: build.buildId,
          });
        }
        return sendScript(request, reply, pinnedScript(build), 'public, max-age=31536000, immutable');
      },
    );

    app.get(
      '/v1/config/:siteKey',
      {
        schema: {
          tags: ['snippet'],
          summary: 'The site’s snippet settings, for the pinned build',
          params: SiteKeyParams,
          response: { 200: SnippetSettings, 404: ErrorBody },
        },
      },
      async (request, reply) => {
        const setup = await setupOf(request.params.siteKey);
        reply.header('cache-control', siteCacheControl);
        return siteScript(setup, request.hostname).settings;
      },
    );
  };
}

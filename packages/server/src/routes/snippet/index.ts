/**
 * Snippet API v1. Bodies are JSON sent as text/plain so browsers skip the CORS preflight; the
 * answer names the calling origin only when it is one of the site's domains.
 */

import { AppError } from '@calltrail/core';
import { ErrorBody, HitReply, HitRequest, SessionReply, SessionRequest } from '@calltrail/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RouteDeps } from '../../app.ts';
import { type Geo, type RequestMeta, trackHit, trackSession } from '../../tracking/track-session.ts';
import { visitorCookieName, visitorCookieOptions } from '../../tracking/visitor-cookie.ts';

function header(request: FastifyRequest, name: string): string | null {
  const value = request.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return null;
  try {
    return decodeURIComponent(text).slice(0, 128);
  } catch {
    // A malformed escape from the proxy means no geo, not a failed page view.
    return null;
  }
}

/**
 * Geo comes from the reverse proxy (Cloudflare's CF-IPCountry, or X-Geo-* set by nginx's GeoIP2
 * module): only behind a trusted proxy, since a client can send any header it likes.
 */
function geo(request: FastifyRequest, trustProxy: boolean): Geo {
  if (!trustProxy) return { country: null, region: null, city: null };
  const country = header(request, 'x-geo-country') ?? header(request, 'cf-ipcountry');
  return {
    // "XX" and "T1" are Cloudflare's unknown and Tor.
    country: country && /^[A-Za-z]{2}$/.test(country) && country !== 'XX' ? country.toUpperCase() : null,
    region: header(request, 'x-geo-region'),
    city: header(request, 'x-geo-city'),
  };
}

function allowOrigin(request: FastifyRequest, reply: FastifyReply): void {
  const origin = request.headers.origin;
  if (origin) {
    reply.header('access-control-allow-origin', origin);
    // The script sends the visitor cookie (credentials) when served from a subdomain of the site.
    reply.header('access-control-allow-credentials', 'true');
    reply.header('vary', 'Origin');
  }
  // Numbers are per visitor: no cache, shared or private, may keep them.
  reply.header('cache-control', 'no-store');
}

/** The visitor id of the cookie the server set, when it is one the body could have sent. */
function cookieVisitor(request: FastifyRequest): string | undefined {
  const vid = request.cookies[visitorCookieName];
  return vid && vid.length <= 64 ? vid : undefined;
}

export function snippetRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  const trackingDeps = {
    db: deps.database.db,
    clock: deps.clock,
    leases: deps.leases,
    sites: deps.tracking.sites,
    live: deps.tracking.live,
    journal: deps.tracking.journal,
  };
  const meta = (request: FastifyRequest): RequestMeta => ({
    origin: request.headers.origin,
    userAgent: request.headers['user-agent'],
    geo: geo(request, deps.config.trustProxy),
  });
  // After validation, so the key is the site the body names.
  const rateLimit = (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => {
    // Both bodies are validated by now and carry the site key.
    const { k } = request.body as { k: string };
    const wait = deps.tracking.limiter.take(`${request.ip} ${k}`);
    if (wait === 0) return done();
    reply.header('retry-after', String(wait));
    done(new AppError('RATE_LIMITED'));
  };
  return async (app) => {
    app.removeContentTypeParser('text/plain');
    app.addContentTypeParser(
      'text/plain',
      { parseAs: 'string', bodyLimit: 16 * 1024 },
      (_request, body, done) => {
        try {
          done(null, JSON.parse(body as string));
        } catch (error) {
          done(error as Error, undefined);
        }
      },
    );
    // A client that sends application/json preflights; answer it for the site's origins.
    app.options('/*', { schema: { hide: true } }, async (request, reply) => {
      allowOrigin(request, reply);
      reply.header('access-control-allow-methods', 'POST');
      reply.header('access-control-allow-headers', 'content-type');
      reply.header('access-control-max-age', '86400');
      return reply.status(204).send();
    });
    // Callback style: an async hook costs every request a promise, which the snippet API notices.
    app.addHook('onSend', (request, reply, payload, done) => {
      // Errors are readable by the page too, so the snippet can tell "start a new session" apart.
      if (reply.statusCode !== 403 && !reply.hasHeader('access-control-allow-origin'))
        allowOrigin(request, reply);
      done(null, payload);
    });

    app.post(
      '/session',
      {
        schema: {
          tags: ['snippet'],
          summary: 'Start or continue a visitor session and get its numbers',
          description: 'Send as text/plain JSON. A visitor id is created when none is sent.',
          body: SessionRequest,
          response: { 200: SessionReply, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 429: ErrorBody },
        },
        preHandler: rateLimit,
      },
      async (request, reply) => {
        // Reached through a subdomain of the site, the server keeps the visitor id in a cookie of its own.
        const setup = await deps.tracking.sites.get(request.body.k);
        const cookieDomain = setup?.visitorCookieDomain(request.hostname) ?? null;
        if (cookieDomain === null) return trackSession(trackingDeps, request.body, meta(request));
        const session = await trackSession(
          trackingDeps,
          { ...request.body, vid: request.body.vid || cookieVisitor(request) },
          meta(request),
        );
        const secure = deps.config.cookieSecure || request.protocol === 'https';
        reply.setCookie(visitorCookieName, session.vid, visitorCookieOptions(cookieDomain, secure));
        return session;
      },
    );

    app.post(
      '/hit',
      {
        schema: {
          tags: ['snippet'],
          summary: 'Record a page view or heartbeat; renews the session’s leases',
          description: '404 SESSION_NOT_FOUND when the session ended: start a new one with /session.',
          body: HitRequest,
          response: { 200: HitReply, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 429: ErrorBody },
        },
        preHandler: rateLimit,
      },
      async (request) => trackHit(trackingDeps, request.body, meta(request)),
    );
  };
}

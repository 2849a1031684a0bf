/**
 * Serves the built dashboard at `/`: hashed assets cached for a year, index.html revalidated on every
 * load (so a deploy is picked up at once), and index.html for any other page path, as the dashboard
 * routes in the browser. A strict Content-Security-Policy covers every dashboard response.
 */
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '@calltrail/core';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';

/** Where `npm run build -w @calltrail/dashboard` writes the bundle. */
export const defaultDashboardDist = fileURLToPath(new URL('../../../../dashboard/dist/', import.meta.url));

// Everything comes from this origin; user-supplied values are rendered as text, and this forbids
// the rest (inline scripts, plugins, framing) in case one ever slipped through.
export const dashboardCsp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "media-src 'self'",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const contentTypes: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

// Paths that belong to the server, never to the dashboard: an unknown one is a 404, not the app.
const serverPrefixes = ['/api/', '/s/', '/hooks/', '/healthz', '/readyz'];

const missingBuild = `<!doctype html>
<meta charset="utf-8">
<title>Calltrail: dashboard not built</title>
<h1>The dashboard is not built</h1>
<p>Run <code>npm run build -w @calltrail/dashboard</code> (or <code>npm install</code>, which builds it), then reload.</p>
<p>The REST API works meanwhile: see <a href="/api/docs">/api/docs</a>.</p>
`;

async function readOrNull(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function secure(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', dashboardCsp)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin');
}

export function dashboardRoutes(options: { dist?: string } = {}): FastifyPluginAsync {
  const dist = options.dist ?? defaultDashboardDist;

  return async (app) => {
    async function sendIndex(reply: FastifyReply) {
      // Read on each request (it is small), so rebuilding the dashboard needs no server restart.
      const html = await readOrNull(join(dist, 'index.html'));
      secure(reply).header('cache-control', 'no-cache');
      if (!html) return reply.status(503).type('text/html; charset=utf-8').send(missingBuild);
      return reply.type('text/html; charset=utf-8').send(html);
    }

    app.get('/assets/:file', { schema: { hide: true } }, async (request, reply) => {
      const { file } = request.params as { file: string };
      const type = contentTypes[extname(file)];
      // Vite names assets `name-hash.ext`; anything else (dots, slashes, encoded tricks) is not ours.
      const body =
        /^[\w-]+(\.[\w-]+)*$/.test(file) && type ? await readOrNull(join(dist, 'assets', file)) : null;
      if (!body) throw new AppError('ROUTE_NOT_FOUND');
      return secure(reply)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .type(type as string)
        .send(body);
    });

    app.get('/', { schema: { hide: true } }, async (_request, reply) => sendIndex(reply));
    app.get('/*', { schema: { hide: true } }, async (request, reply) => {
      const path = request.url.split('?')[0] ?? '/';
      if (serverPrefixes.some((prefix) => path.startsWith(prefix))) {
        throw new AppError('ROUTE_NOT_FOUND', undefined, `No route GET ${path}`);
      }
      return sendIndex(reply);
    });
  };
}

/**
 * Builds the Calltrail HTTP app from its dependencies without listening, so tests drive it with
 * `app.inject()` and main.ts is the only place that opens a socket.
 */

import type { Clock, LeaseStore, RecordingStore } from '@calltrail/core';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { createAuthenticator } from './auth/authenticate.ts';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import { installErrorHandlers } from './http/error-handler.ts';
import { apiRoutes } from './routes/api.ts';
import { dashboardRoutes } from './routes/dashboard/index.ts';
import { healthRoutes } from './routes/health/index.ts';
import { hookRoutes } from './routes/hooks/index.ts';
import { providerHookRoutes } from './routes/hooks/provider-hooks.ts';
import { snippetRoutes } from './routes/snippet/index.ts';
import { snippetScriptRoutes } from './routes/snippet-script/index.ts';
import type { SecretBox } from './secrets/secret-box.ts';
import { LiveSessions } from './tracking/live-sessions.ts';
import { RateLimiter } from './tracking/rate-limit.ts';
import { SiteSetupCache } from './tracking/site-setup.ts';
import { TrackingJournal } from './tracking/tracking-journal.ts';

export interface AppDeps {
  config: Config;
  database: Database;
  clock: Clock;
  leases: LeaseStore;
  /** Seals provider credentials at rest. */
  secrets: SecretBox;
  /** Where call recordings' audio is kept. */
  recordings: RecordingStore;
  /** Told when a telephony connection is created, changed or deleted (the connector runner syncs). */
  onConnectionsChanged?: () => void;
  /** pino options, or false to stay quiet (tests). */
  logger?: boolean | { level: string };
}

/** What route modules receive: narrow, explicit dependencies. */
export interface RouteDeps {
  config: Config;
  database: Database;
  clock: Clock;
  leases: LeaseStore;
  secrets: SecretBox;
  recordings: RecordingStore;
  onConnectionsChanged: () => void;
  auth: ReturnType<typeof createAuthenticator>;
  tracking: Tracking;
}

/** The snippet API's state beside the database: caches, the write-behind journal, the rate limit. */
export interface Tracking {
  sites: SiteSetupCache;
  live: LiveSessions;
  journal: TrackingJournal;
  limiter: RateLimiter;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Writes the lease activity the tracking journal still holds in memory. */
    flushLeaseHistory(): Promise<void>;
  }
}

export const apiVersion = '0.1.0';

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: 256 * 1024,
    trustProxy: deps.config.trustProxy,
    return503OnClosing: true,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  installErrorHandlers(app);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Calltrail API',
        version: apiVersion,
        description:
          'REST API of Calltrail, the self-hosted call-tracking platform. Authenticate with ' +
          '`Authorization: Bearer <API token>`, or with the session cookie plus `X-CSRF-Token` from the dashboard.',
      },
      servers: [{ url: deps.config.publicUrl }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'calltrail_session' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  const journal = new TrackingJournal(deps.database.db, {
    flushMs: deps.config.trackingFlushMs,
    // Redis means several server processes (the in-memory lease store means one).
    sessionsBeforeReply: deps.config.redisUrl !== null,
    onError: (error) => app.log.error({ err: error }, 'writing lease history and activity failed; retrying'),
  });
  journal.start();
  // Registered before the routes so it runs after they stop taking requests.
  app.addHook('onClose', async () => journal.stop());
  // Calls that arrive outside HTTP (connectors) must see the lease activity the journal still holds.
  app.decorate('flushLeaseHistory', () => journal.flush());
  const routeDeps: RouteDeps = {
    config: deps.config,
    database: deps.database,
    clock: deps.clock,
    leases: deps.leases,
    secrets: deps.secrets,
    recordings: deps.recordings,
    onConnectionsChanged: deps.onConnectionsChanged ?? (() => {}),
    auth: createAuthenticator({ db: deps.database.db, clock: deps.clock }),
    tracking: {
      sites: new SiteSetupCache(deps.database.db, deps.clock, deps.config.siteCacheMs),
      live: new LiveSessions(),
      journal,
      limiter: new RateLimiter(deps.config.snippetRateLimit, deps.clock),
    },
  };
  await app.register(healthRoutes(routeDeps));
  await app.register(snippetRoutes(routeDeps), { prefix: '/s/v1' });
  await app.register(snippetScriptRoutes(routeDeps), { prefix: '/s' });
  await app.register(hookRoutes(routeDeps), { prefix: '/hooks/v1' });
  await app.register(providerHookRoutes(routeDeps), { prefix: '/hooks/v1' });
  await app.register(apiRoutes(routeDeps), { prefix: '/api/v1' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(dashboardRoutes());
  return app;
}

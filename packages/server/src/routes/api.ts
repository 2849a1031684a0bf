/** The REST API v1: every resource lives in the caller's current workspace. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RouteDeps } from '../app.ts';
import { alertRoutes } from './alerts/index.ts';
import { authRoutes } from './auth/index.ts';
import { callRoutes } from './calls/index.ts';
import { costRoutes } from './costs/index.ts';
import { memberRoutes } from './members/index.ts';
import { numberRoutes } from './numbers/index.ts';
import { poolHealthRoutes } from './pool-health/index.ts';
import { poolRoutes } from './pools/index.ts';
import { reportRoutes } from './reports/index.ts';
import { siteRoutes } from './sites/index.ts';
import { siteInstallRoutes } from './sites/install.ts';
import { telephonyRoutes } from './telephony/index.ts';
import { telephonyProviderRoutes } from './telephony/providers.ts';
import { tokenRoutes } from './tokens/index.ts';
import { workspaceRoutes } from './workspaces/index.ts';

export function apiRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    await app.register(authRoutes(deps), { prefix: '/auth' });
    await app.register(workspaceRoutes(deps));
    await app.register(memberRoutes(deps), { prefix: '/members' });
    await app.register(tokenRoutes(deps), { prefix: '/tokens' });
    await app.register(siteRoutes(deps), { prefix: '/sites' });
    await app.register(siteInstallRoutes(deps), { prefix: '/sites' });
    await app.register(poolRoutes(deps), { prefix: '/pools' });
    await app.register(poolHealthRoutes(deps), { prefix: '/pools' });
    await app.register(numberRoutes(deps), { prefix: '/numbers' });
    await app.register(callRoutes(deps), { prefix: '/calls' });
    await app.register(costRoutes(deps), { prefix: '/costs' });
    await app.register(alertRoutes(deps), { prefix: '/alerts' });
    await app.register(telephonyRoutes(deps), { prefix: '/telephony/connections' });
    await app.register(telephonyProviderRoutes(deps), { prefix: '/telephony/providers' });
    await app.register(reportRoutes(deps), { prefix: '/reports' });
  };
}

/**
 * The reports API: sources (drill-down, touch model, period comparison), missed calls, customers (LTV),
 * hour × weekday heat map, daily series.
 */
import { daysBetween, periodDays, ratioOrNull } from '@calltrail/core';
import { Heatmap, ReportPeriodQuery, Timeseries } from '@calltrail/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RouteDeps } from '../../app.ts';
import { dailyCounts, hourWeekdayCounts } from '../../reports/calendar-counts.ts';
import { security } from '../security.ts';
import { customersRoutes } from './customers.ts';
import { missedRoutes } from './missed.ts';
import { reportPeriod, reportWorkspace } from './report-request.ts';
import { sourcesRoutes } from './sources.ts';

export function reportRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  const { db } = deps.database;
  const calendarScope = async (workspaceId: string, q: ReportPeriodQuery) => {
    const { timeZone } = await reportWorkspace(db, workspaceId);
    return {
      workspaceId,
      timeZone,
      touch: q.touch ?? 'last',
      channel: q.channel,
      source: q.source,
      campaign: q.campaign,
      siteId: q.siteId,
    };
  };
  return async (app) => {
    await app.register(sourcesRoutes(deps));
    await app.register(missedRoutes(deps));
    await app.register(customersRoutes(deps));

    app.get(
      '/heatmap',
      {
        schema: {
          tags: ['reports'],
          summary: 'Calls and missed calls per hour and weekday',
          description:
            'Inbound calls of the period in each of the 168 hours of the week, read on the workspace’s clock ' +
            '(its IANA time zone, daylight saving included). Filters apply to the touch credited with each call.',
          security,
          querystring: ReportPeriodQuery,
          response: { 200: Heatmap },
        },
        preHandler: deps.auth.workspace('reports:read'),
      },
      async (request) => {
        const period = reportPeriod(request.query.from, request.query.to);
        const scope = await calendarScope(request.auth.workspaceId, request.query);
        const counted = await hourWeekdayCounts(db, scope, period.from, period.to);
        const at = new Map(counted.map((c) => [c.weekday * 24 + c.hour, c]));
        const cells = Array.from({ length: 168 }, (_, i) => {
          const weekday = Math.floor(i / 24);
          const hour = i % 24;
          const cell = at.get(i);
          return { weekday, hour, calls: cell?.calls ?? 0, missed: cell?.missed ?? 0 };
        });
        return {
          timeZone: scope.timeZone,
          from: period.from.toISOString(),
          to: period.to.toISOString(),
          cells,
        };
      },
    );

    app.get(
      '/timeseries',
      {
        schema: {
          tags: ['reports'],
          summary: 'Sessions, calls and conversion per day',
          description:
            'Every local day the period touches, in the workspace’s time zone: sessions by their own touch, ' +
            'inbound calls by the touch credited with them, and calls / sessions.',
          security,
          querystring: ReportPeriodQuery,
          response: { 200: Timeseries },
        },
        preHandler: deps.auth.workspace('reports:read'),
      },
      async (request) => {
        const period = reportPeriod(request.query.from, request.query.to);
        const scope = await calendarScope(request.auth.workspaceId, request.query);
        const counted = new Map(
          (await dailyCounts(db, scope, period.from, period.to)).map((d) => [d.day, d]),
        );
        const { first, last } = periodDays(period.from, period.to, scope.timeZone);
        const days = daysBetween(first, last).map((day) => {
          const { sessions = 0, calls = 0 } = counted.get(day) ?? {};
          return { day, sessions, calls, conversion: ratioOrNull(calls, sessions) };
        });
        return {
          timeZone: scope.timeZone,
          from: period.from.toISOString(),
          to: period.to.toISOString(),
          days,
        };
      },
    );
  };
}

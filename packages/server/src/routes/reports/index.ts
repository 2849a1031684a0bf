/** The reports API: sources (drill-down, touch model, period comparison), hour × weekday heat map, daily series. */
import { AppError, daysBetween, periodDays, ratioOrNull } from '@calltrail/core';
import {
  Heatmap,
  ReportPeriodQuery,
  SourcesReport,
  SourcesReportQuery,
  Timeseries,
} from '@calltrail/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RouteDeps } from '../../app.ts';
import { dailyCounts, hourWeekdayCounts } from '../../reports/calendar-counts.ts';
import { type Period, sourcesReport } from '../../reports/sources-report.ts';
import { getWorkspace } from '../../stores/sql/workspaces.ts';
import { security } from '../security.ts';

/** A year and a day: last year against this one, leap years included, and a bound on one request. */
export const maxReportDays = 366;
const dayMs = 86_400_000;

/** A period from two query timestamps, checked; `names` say which fields the error points at. */
export function reportPeriod(from: string, to: string, names = { from: 'from', to: 'to' }): Period {
  const period = { from: new Date(from), to: new Date(to) };
  if (period.to <= period.from) throw new AppError('INVALID_PERIOD', { [names.from]: from, [names.to]: to });
  if (period.to.getTime() - period.from.getTime() > maxReportDays * dayMs) {
    throw new AppError(
      'PERIOD_TOO_LONG',
      { maxDays: maxReportDays },
      `The period is longer than ${maxReportDays} days`,
    );
  }
  return period;
}

export function reportRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  const { db } = deps.database;
  const workspaceOf = async (workspaceId: string) => {
    const workspace = await getWorkspace(db, workspaceId);
    if (!workspace) throw new AppError('WORKSPACE_NOT_FOUND', { id: workspaceId });
    return workspace;
  };
  const calendarScope = async (workspaceId: string, q: ReportPeriodQuery) => {
    const { timeZone } = await workspaceOf(workspaceId);
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
    app.get(
      '/sources',
      {
        schema: {
          tags: ['reports'],
          summary: 'Sessions, calls, costs and revenue per channel, source, campaign, term or landing page',
          description:
            'Drill down channel → source → campaign → term by passing the chosen values as filters and the next ' +
            'level as groupBy. Sessions count by their own touch; inbound calls by the touch credited with them ' +
            '(touch=last: the session attribution matched; touch=first: the visitor’s earliest session ever); ' +
            'costs by UTM source, medium and campaign (and keyword by term) over the local days the period touches. ' +
            `Periods are at most ${maxReportDays} days; with compareFrom and compareTo each row carries the ` +
            'comparison period’s figures and the change.',
          security,
          querystring: SourcesReportQuery,
          response: { 200: SourcesReport },
        },
        preHandler: deps.auth.workspace('reports:read'),
      },
      async (request) => {
        const q = request.query;
        const period = reportPeriod(q.from, q.to);
        if ((q.compareFrom === undefined) !== (q.compareTo === undefined)) {
          throw new AppError('INVALID_PERIOD', { compareFrom: q.compareFrom, compareTo: q.compareTo });
        }
        const comparePeriod =
          q.compareFrom !== undefined && q.compareTo !== undefined
            ? reportPeriod(q.compareFrom, q.compareTo, { from: 'compareFrom', to: 'compareTo' })
            : undefined;
        const workspace = await workspaceOf(request.auth.workspaceId);
        const groupBy = q.groupBy ?? 'channel';
        const touch = q.touch ?? 'last';
        const report = await sourcesReport(
          db,
          {
            workspaceId: workspace.id,
            timeZone: workspace.timeZone,
            currency: workspace.currency,
            groupBy,
            touch,
            channel: q.channel,
            source: q.source,
            campaign: q.campaign,
            siteId: q.siteId,
          },
          period,
          comparePeriod,
        );
        return {
          groupBy,
          touch,
          from: period.from.toISOString(),
          to: period.to.toISOString(),
          ...(comparePeriod && {
            compareFrom: comparePeriod.from.toISOString(),
            compareTo: comparePeriod.to.toISOString(),
          }),
          currency: workspace.currency,
          ...report,
        };
      },
    );

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

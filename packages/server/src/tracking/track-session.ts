/**
 * The snippet's two calls: `session` starts or continues a visitor's session and hands out its
 * numbers; `hit` records a page view or heartbeat in a live session and renews its leases.
 */
import {
  AppError,
  arrivalClickIds,
  continuesSession,
  defaultInactivityMs,
  describeArrival,
  deviceOf,
  landingPath,
  type SessionFacts,
} from '@calltrail/core';
import type { HitReply, HitRequest, SessionReply, SessionRequest } from '@calltrail/protocol';
import type { Db } from '../db/database.ts';
import { newId } from '../ids.ts';
import {
  getSession,
  type SessionRow,
  sessionTouch,
  visitorWithLatestSession,
} from '../stores/sql/sessions.ts';
import type { LiveSessions } from './live-sessions.ts';
import { type SessionNumbersDeps, sessionNumbers } from './session-numbers.ts';
import type { SiteSetup, SiteSetupCache } from './site-setup.ts';

export interface TrackingDeps extends SessionNumbersDeps {
  db: Db;
  sites: SiteSetupCache;
  live: LiveSessions;
}

/** Geo as the reverse proxy reported it; null fields when it did not. */
export interface Geo {
  country: string | null;
  region: string | null;
  city: string | null;
}

export interface RequestMeta {
  origin: string | undefined;
  userAgent: string | undefined;
  geo: Geo;
}

async function siteFor(deps: TrackingDeps, key: string, meta: RequestMeta): Promise<SiteSetup> {
  const setup = await deps.sites.get(key);
  if (!setup) throw new AppError('UNKNOWN_SITE_KEY');
  if (meta.origin !== undefined && !setup.allowsOrigin(meta.origin)) {
    throw new AppError('ORIGIN_NOT_ALLOWED', { origin: meta.origin });
  }
  return setup;
}

function sessionFacts(session: SessionRow): SessionFacts {
  return {
    channel: session.channel,
    source: session.source,
    medium: session.medium,
    campaign: session.campaign,
    term: session.term,
    landingPage: landingPath(session.landingPage),
    device: session.device,
    country: session.country,
    region: session.region,
    city: session.city,
  };
}

function toServe(session: SessionRow, isNew: boolean) {
  return {
    id: session.id,
    visitorId: session.visitorId,
    facts: sessionFacts(session),
    crawler: session.device === 'bot',
    isNew,
  };
}

export async function trackSession(
  deps: TrackingDeps,
  request: SessionRequest,
  meta: RequestMeta,
): Promise<SessionReply> {
  const setup = await siteFor(deps, request.k, meta);
  const { site } = setup;
  const now = deps.clock.now();
  const referrer = request.r ? request.r : null;
  const arrival = { url: request.u, referrer, clickIds: request.ck ?? {} };
  const touch = describeArrival(arrival);
  const clickIds = arrivalClickIds(arrival);
  const { known, previous } = await visitorOf(deps, site.id, request.vid);

  let session: SessionRow;
  let isNew = false;
  if (
    previous &&
    continuesSession(
      { lastActivityAt: previous.lastActivityAt, touch: sessionTouch(previous), clickIds: previous.clickIds },
      { touch, clickIds },
      now,
    )
  ) {
    session = { ...previous, lastActivityAt: now, exitPage: request.u, pageViews: previous.pageViews + 1 };
    await deps.journal.activity(session, now, request.u);
  } else {
    const visitorId = known ?? newId('vis');
    session = {
      id: newId('ses'),
      workspaceId: site.workspaceId,
      siteId: site.id,
      visitorId,
      startedAt: now,
      lastActivityAt: now,
      landingPage: request.u,
      exitPage: request.u,
      referrer,
      ...touch,
      clickIds,
      gaClientId: request.ga?.cid ?? null,
      gaSessionId: request.ga?.sid ?? null,
      metricaClientId: request.ym ?? null,
      extras: request.x ?? {},
      userAgent: meta.userAgent?.slice(0, 512) ?? null,
      device: deviceOf(meta.userAgent),
      ...meta.geo,
      pageViews: 1,
    };
    isNew = true;
    const newVisitor = known
      ? null
      : {
          id: visitorId,
          workspaceId: site.workspaceId,
          siteId: site.id,
          firstSeenAt: now,
          lastSeenAt: now,
          firstSessionId: null,
          lastSessionId: null,
          lastTouchSessionId: null,
        };
    // Before the reply when several server processes share the database, else in the next batch.
    // A copy: the live cache's row moves on with later page views, which the batch counts as activity.
    await deps.journal.session({ session: { ...session }, newVisitor });
  }
  deps.live.put(session);
  return {
    vid: session.visitorId,
    sid: session.id,
    hb: setup.heartbeatSeconds,
    numbers: await sessionNumbers(deps, setup, toServe(session, isNew)),
  };
}

export async function trackHit(
  deps: TrackingDeps,
  request: HitRequest,
  meta: RequestMeta,
): Promise<HitReply> {
  const setup = await siteFor(deps, request.k, meta);
  const { site } = setup;
  const now = deps.clock.now();
  const live = (row: SessionRow | null | undefined): row is SessionRow =>
    !!row &&
    row.siteId === site.id &&
    row.visitorId === request.vid &&
    now.getTime() - row.lastActivityAt.getTime() <= defaultInactivityMs;
  let stored: SessionRow | null | undefined = deps.live.get(request.sid);
  // Another process may have seen later activity than this one's copy: ask the database before refusing.
  if (!live(stored)) stored = await getSession(deps.db, site.workspaceId, request.sid);
  // An ended session is not revived by a stray heartbeat: the snippet starts a new one instead.
  if (!live(stored)) throw new AppError('SESSION_NOT_FOUND');
  const page = request.t === 'page' ? request.u : null;
  // The cached row is this process's copy: moved forward in place, as a heartbeat comes every few seconds.
  const session = stored;
  session.lastActivityAt = now;
  if (page) {
    session.exitPage = page;
    session.pageViews += 1;
  }
  deps.live.put(session);
  await deps.journal.activity(session, now, page);
  return { numbers: await sessionNumbers(deps, setup, toServe(session, false)) };
}

/** The visitor the snippet names, if it is this site's, with its latest session. */
async function visitorOf(
  deps: TrackingDeps,
  siteId: string,
  visitorId: string | undefined,
): Promise<{ known: string | null; previous: SessionRow | null }> {
  if (!visitorId) return { known: null, previous: null };
  const cached = deps.live.latestOf(visitorId);
  if (cached?.siteId === siteId) return { known: visitorId, previous: cached };
  const { exists, latest } = await visitorWithLatestSession(deps.db, siteId, visitorId);
  return { known: exists ? visitorId : null, previous: latest };
}

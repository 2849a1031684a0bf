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
} from '@calltrail/core';
import type { HitReply, HitRequest, SessionReply, SessionRequest } from '@calltrail/protocol';
import { newId } from '../ids.ts';
import {
  getSession,
  getVisitor,
  insertSession,
  latestSessionOf,
  recordActivity,
  type SessionRow,
  sessionTouch,
} from '../stores/sql/sessions.ts';
import { getSiteByKey, type SiteRow } from '../stores/sql/sites.ts';
import {
  heartbeatSeconds,
  loadSiteSetup,
  type SessionNumbersDeps,
  sessionNumbers,
} from './session-numbers.ts';
import { originAllowed } from './site-origin.ts';

export interface RequestMeta {
  origin: string | undefined;
  userAgent: string | undefined;
}

async function siteFor(deps: SessionNumbersDeps, key: string, meta: RequestMeta): Promise<SiteRow> {
  const site = await getSiteByKey(deps.db, key);
  if (!site) throw new AppError('UNKNOWN_SITE_KEY');
  if (meta.origin !== undefined && !originAllowed(meta.origin, site.domains)) {
    throw new AppError('ORIGIN_NOT_ALLOWED', { origin: meta.origin });
  }
  return site;
}

export async function trackSession(
  deps: SessionNumbersDeps,
  request: SessionRequest,
  meta: RequestMeta,
): Promise<SessionReply> {
  const site = await siteFor(deps, request.k, meta);
  const now = deps.clock.now();
  const referrer = request.r ? request.r : null;
  const arrival = { url: request.u, referrer, clickIds: request.ck ?? {} };
  const touch = describeArrival(arrival);
  const clickIds = arrivalClickIds(arrival);
  const visitor = request.vid ? await getVisitor(deps.db, site.id, request.vid) : null;
  const previous = visitor ? await latestSessionOf(deps.db, visitor.id) : null;

  let session: SessionRow;
  if (
    previous &&
    continuesSession(
      { lastActivityAt: previous.lastActivityAt, touch: sessionTouch(previous), clickIds: previous.clickIds },
      { touch, clickIds },
      now,
    )
  ) {
    await recordActivity(deps.db, previous, { at: now, pageUrl: request.u });
    session = { ...previous, lastActivityAt: now, exitPage: request.u };
  } else {
    const visitorId = visitor?.id ?? newId('vis');
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
      pageViews: 1,
    };
    const newVisitor = visitor
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
    await insertSession(deps.db, session, newVisitor);
  }
  const setup = await loadSiteSetup(deps.db, site);
  return {
    vid: session.visitorId,
    sid: session.id,
    hb: heartbeatSeconds(setup),
    numbers: await sessionNumbers(deps, setup, session),
  };
}

export async function trackHit(
  deps: SessionNumbersDeps,
  request: HitRequest,
  meta: RequestMeta,
): Promise<HitReply> {
  const site = await siteFor(deps, request.k, meta);
  const now = deps.clock.now();
  const session = await getSession(deps.db, site.workspaceId, request.sid);
  // An ended session is not revived by a stray heartbeat: the snippet starts a new one instead.
  if (
    !session ||
    session.siteId !== site.id ||
    session.visitorId !== request.vid ||
    now.getTime() - session.lastActivityAt.getTime() > defaultInactivityMs
  ) {
    throw new AppError('SESSION_NOT_FOUND');
  }
  await recordActivity(deps.db, session, { at: now, pageUrl: request.t === 'page' ? request.u : null });
  return { numbers: await sessionNumbers(deps, await loadSiteSetup(deps.db, site), session) };
}

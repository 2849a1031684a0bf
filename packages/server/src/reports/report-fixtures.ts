/**
 * Sessions, calls and ad costs for report tests and the reports benchmark. Sessions go in through the
 * tracking journal's batch write (`insertSessions`), as the snippet's sessions do.
 */
import type { Channel } from '@calltrail/core';
import type { Db } from '../db/database.ts';
import { adCosts, calls } from '../db/schema.ts';
import { newId } from '../ids.ts';
import { insertSessions, type NewSession, type VisitorRow } from '../stores/sql/sessions.ts';
import { sessionRow } from '../testing/session-row.ts';

export interface FixtureSession {
  id: string;
  visitorId: string;
  startedAt: Date;
  channel: Channel;
  source?: string;
  medium?: string;
  campaign?: string;
  term?: string;
  landingPage?: string;
}

/** A site's sessions; each visitor is created with its first session in the batch. */
export async function addSessions(
  db: Db,
  site: { workspaceId: string; siteId: string },
  list: readonly FixtureSession[],
  knownVisitors: Set<string> = new Set(),
): Promise<void> {
  const batch: NewSession[] = list.map((s) => {
    const session = sessionRow({
      id: s.id,
      workspaceId: site.workspaceId,
      siteId: site.siteId,
      visitorId: s.visitorId,
      startedAt: s.startedAt,
      channel: s.channel,
      source: s.source ?? null,
      medium: s.medium ?? null,
      campaign: s.campaign ?? null,
      term: s.term ?? null,
      ...(s.landingPage === undefined ? {} : { landingPage: s.landingPage }),
    });
    const isNew = !knownVisitors.has(s.visitorId);
    knownVisitors.add(s.visitorId);
    const newVisitor: VisitorRow | null = isNew
      ? {
          id: s.visitorId,
          workspaceId: site.workspaceId,
          siteId: site.siteId,
          firstSeenAt: s.startedAt,
          lastSeenAt: s.startedAt,
          firstSessionId: s.id,
          lastSessionId: s.id,
          lastTouchSessionId: s.id,
        }
      : null;
    return { session, newVisitor };
  });
  await insertSessions(db, batch);
}

export interface FixtureCall {
  caller: string;
  startedAt: Date;
  sessionId?: string;
  visitorId?: string;
  status: 'completed' | 'missed' | 'busy' | 'failed';
  direction?: 'inbound' | 'outbound';
  firstTime?: boolean;
  waitSeconds?: number;
  qualified?: boolean;
  dealValue?: number;
}

/**
 * Finished calls as the call record holds them once attributed and annotated. The report reads only
 * the record, so tests state it directly rather than replaying provider events.
 */
export async function addCalls(db: Db, workspaceId: string, list: readonly FixtureCall[]): Promise<void> {
  if (list.length === 0) return;
  await db.insert(calls).values(
    list.map((c) => {
      const answered = c.status === 'completed';
      return {
        id: newId('call'),
        workspaceId,
        provider: 'generic',
        providerCallId: newId('call'),
        direction: c.direction ?? 'inbound',
        status: c.status,
        caller: c.caller,
        trackingNumberRaw: '+74950000000',
        startedAt: c.startedAt,
        answeredAt: answered ? new Date(c.startedAt.getTime() + (c.waitSeconds ?? 0) * 1000) : null,
        endedAt: new Date(c.startedAt.getTime() + 120_000),
        waitSeconds: c.waitSeconds ?? null,
        sessionId: c.sessionId ?? null,
        visitorId: c.visitorId ?? null,
        firstTime: c.firstTime ?? true,
        qualified: c.qualified ?? null,
        dealValue: c.dealValue ?? null,
        attribution: {},
        createdAt: c.startedAt,
        updatedAt: c.startedAt,
      };
    }),
  );
}

export interface FixtureCost {
  day: string;
  source: string;
  medium: string;
  campaign: string;
  keyword?: string;
  cost: number;
  currency: string;
}

export async function addCosts(db: Db, workspaceId: string, list: readonly FixtureCost[]): Promise<void> {
  if (list.length === 0) return;
  await db
    .insert(adCosts)
    .values(list.map((c) => ({ workspaceId, uploadId: 'test-upload', keyword: '', ...c })));
}

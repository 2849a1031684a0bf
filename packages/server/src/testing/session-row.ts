/** A stored session for tests and benchmarks that write sessions directly, as the tracking journal does. */
import type { SessionRow } from '../stores/sql/sessions.ts';

/**
 * A session with the given identity, start and touch, and every other column as a plain visit leaves
 * it: one page, a desktop, no referrer, click ids, client ids or geo.
 */
export function sessionRow(
  fields: Pick<SessionRow, 'id' | 'workspaceId' | 'siteId' | 'visitorId' | 'startedAt' | 'channel'> &
    Partial<SessionRow>,
): SessionRow {
  const landingPage = fields.landingPage ?? 'https://clinic.example/';
  return {
    lastActivityAt: fields.startedAt,
    landingPage,
    exitPage: landingPage,
    referrer: null,
    source: null,
    medium: null,
    campaign: null,
    term: null,
    content: null,
    clickIds: {},
    gaClientId: null,
    gaSessionId: null,
    metricaClientId: null,
    extras: {},
    userAgent: null,
    device: 'desktop',
    country: null,
    region: null,
    city: null,
    pageViews: 1,
    ...fields,
  };
}

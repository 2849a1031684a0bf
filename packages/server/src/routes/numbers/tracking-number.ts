/** A tracking number's row as the API shows it. */
import type { Channel } from '@calltrail/core';
import type { TrackingNumberRow } from '../../stores/sql/sites.ts';

export function toTrackingNumber(row: TrackingNumberRow) {
  return {
    id: row.id,
    number: row.number,
    kind: row.kind as 'static' | 'pool' | 'fallback' | 'overflow',
    provider: row.provider,
    destination: row.destination,
    siteId: row.siteId,
    poolId: row.poolId,
    channel: row.channel as Channel | null,
    source: row.source,
    campaign: row.campaign,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * After the demo's calls, an operator's day: answered inbound calls get assessed through
 * `PATCH /api/v1/calls/{id}` (qualified or not, a rating, tags, and a deal value for some), so the
 * report's qualified share, revenue, CPO and ROMI have figures, entered the way a user enters them.
 * Calls already assessed are left alone, so a second run adds to the first rather than redoing it.
 */
import type { CallList } from '@calltrail/protocol';
import { seededRandom } from './seeded-random.ts';
import { call } from './site-setup.ts';

export interface DemoAssessment {
  /** Share of answered calls found to be real leads. */
  qualifiedShare: number;
  /** Share of qualified calls that became a deal. */
  dealShare: number;
  /** Deal values, median and spread (lognormal), in the workspace's currency. */
  dealMedian: number;
  dealSigma: number;
}

export const referenceAssessment: DemoAssessment = {
  qualifiedShare: 0.6,
  dealShare: 0.35,
  dealMedian: 12_000,
  dealSigma: 0.8,
};

const leadTags = ['price', 'booking', 'consultation', 'implants', 'braces'] as const;
const otherTags = ['spam', 'wrong number', 'supplier', 'existing patient'] as const;

/** Assesses the workspace's answered inbound calls not yet assessed; returns how many it changed. */
export async function assessDemoCalls(
  url: string,
  headers: Record<string, string>,
  workspaceId: string,
  seed: number,
  model: DemoAssessment = referenceAssessment,
): Promise<number> {
  const random = seededRandom(seed);
  const scoped = { ...headers, 'x-workspace-id': workspaceId };
  let cursor: string | null = null;
  let assessed = 0;
  do {
    const query = new URLSearchParams({ direction: 'inbound', status: 'completed', limit: '200' });
    if (cursor) query.set('cursor', cursor);
    const page = (await (await call(`${url}/api/v1/calls?${query}`, { headers: scoped })).json()) as CallList;
    for (const found of page.items) {
      if (found.qualified !== null) continue;
      const qualified = random.next() < model.qualifiedShare;
      const deal = qualified && random.next() < model.dealShare;
      const tags = qualified
        ? [leadTags[random.int(leadTags.length)]!]
        : [otherTags[random.int(otherTags.length)]!];
      await call(`${url}/api/v1/calls/${encodeURIComponent(found.id)}`, {
        method: 'PATCH',
        headers: { ...scoped, 'content-type': 'application/json' },
        body: JSON.stringify({
          qualified,
          tags,
          rating: qualified ? 3 + random.int(3) : 1 + random.int(2),
          ...(deal
            ? { dealValue: Math.round(random.lognormal(model.dealMedian, model.dealSigma) / 100) * 100 }
            : {}),
        }),
      });
      assessed += 1;
    }
    cursor = page.nextCursor;
  } while (cursor);
  return assessed;
}

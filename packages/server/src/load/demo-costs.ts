/**
 * The demo's ad-spend file: a row per day, paid campaign and keyword over the last weeks, in the
 * columns POST /api/v1/costs reads, so the sources report has cost, CPL and ROMI for the load's ads.
 */
import { paidCampaigns } from './arrival-landing.ts';
import { seededRandom } from './seeded-random.ts';

const dayMs = 86_400_000;

/** `days` days of costs ending with `today`'s (UTC), in `currency`; the same arguments, the same file. */
export function demoCostsCsv(today: Date, days: number, currency: string): string {
  const random = seededRandom(days);
  const rows = ['date,source,medium,campaign,keyword,cost,currency'];
  const last = Math.floor(today.getTime() / dayMs);
  for (let day = last - days + 1; day <= last; day++) {
    const date = new Date(day * dayMs).toISOString().slice(0, 10);
    for (const ad of paidCampaigns) {
      const spend = ad.dailyCost * (0.7 + 0.6 * random.next());
      const keywords = ad.keywords.length > 0 ? ad.keywords : [''];
      for (const keyword of keywords) {
        const cost = (spend / keywords.length).toFixed(2);
        rows.push([date, ad.source, ad.medium, ad.campaign, keyword, cost, currency].join(','));
      }
    }
  }
  return `${rows.join('\n')}\n`;
}

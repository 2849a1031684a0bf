/** Daily costs summed per source, medium and campaign, the biggest spend first. */
import type { CostTotals } from '@calltrail/protocol';

export interface CampaignCost {
  source: string;
  medium: string;
  campaign: string;
  /** Days with a cost. */
  days: number;
  cost: number;
}

export function campaignCosts(items: CostTotals['items']): CampaignCost[] {
  const byCampaign = new Map<string, CampaignCost>();
  for (const item of items) {
    // A JSON array is a key no UTM value can forge by containing the separator.
    const key = JSON.stringify([item.source, item.medium, item.campaign]);
    const sum = byCampaign.get(key) ?? {
      source: item.source,
      medium: item.medium,
      campaign: item.campaign,
      days: 0,
      cost: 0,
    };
    sum.days += 1;
    sum.cost += item.cost;
    byCampaign.set(key, sum);
  }
  return [...byCampaign.values()].sort(
    (a, b) => b.cost - a.cost || a.source.localeCompare(b.source) || a.campaign.localeCompare(b.campaign),
  );
}

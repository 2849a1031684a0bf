/** The workspace and site a benchmark writes into, made through the product's own stores. */
import type { Db } from '../packages/server/src/db/database.ts';
import { newId } from '../packages/server/src/ids.ts';
import { insertSite } from '../packages/server/src/stores/sql/sites.ts';
import { createWorkspace } from '../packages/server/src/stores/sql/workspaces.ts';

export async function benchSite(
  db: Db,
  options: { timeZone: string; currency: string; businessNumbers: string[]; now: Date },
): Promise<{ workspaceId: string; siteId: string }> {
  const workspace = await createWorkspace(
    db,
    { name: 'Bench', timeZone: options.timeZone, currency: options.currency },
    options.now,
  );
  const siteId = newId('site');
  await insertSite(db, {
    id: siteId,
    workspaceId: workspace.id,
    key: newId('site'),
    name: 'Bench',
    domains: ['bench.example'],
    businessNumbers: options.businessNumbers,
    consentMode: 'none',
    consentCookie: null,
    extraParams: [],
    extraCookies: [],
    swapAttributes: [],
    createdAt: options.now,
  });
  return { workspaceId: workspace.id, siteId };
}

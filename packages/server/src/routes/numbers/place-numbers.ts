/**
 * The second half of checking an import: each row's site or pool must exist in the workspace
 * (named by id, or by a name no other site or pool shares), a static number's business number must
 * be one of its site's, and the number must not be tracked already.
 */
import type { PoolRow, SiteRow, TrackingNumberRow } from '../../stores/sql/sites.ts';
import { listErrors, type NumberLine, type RowError } from './read-number-file.ts';

export interface Workspace {
  sites: SiteRow[];
  pools: PoolRow[];
  /** Numbers the workspace already tracks. */
  taken: Set<string>;
}

export type Placement = { ok: true; rows: TrackingNumberRow[] } | { ok: false; errors: RowError[] };

type Found<T> = { found: T } | { message: string };

function findByIdOrName<T extends { id: string; name: string }>(
  items: T[],
  key: string,
  what: string,
): Found<T> {
  const byId = items.find((item) => item.id === key);
  if (byId) return { found: byId };
  const named = items.filter((item) => item.name.toLowerCase() === key.toLowerCase());
  const [only] = named;
  if (named.length === 1 && only) return { found: only };
  return named.length === 0
    ? { message: `no ${what} has the id or name "${key}"` }
    : { message: `${named.length} ${what}s are named "${key}"; give the id` };
}

function place(
  line: NumberLine,
  workspace: Workspace,
  newRow: (line: NumberLine) => TrackingNumberRow,
): TrackingNumberRow | Omit<RowError, 'row'> {
  if (workspace.taken.has(line.number))
    return { column: 'number', message: `${line.number} is already a tracking number of this workspace` };
  const row = newRow(line);
  if (line.kind === 'pool' && line.pool) {
    const pool = findByIdOrName(workspace.pools, line.pool, 'pool');
    if (!('found' in pool)) return { column: 'pool', message: pool.message };
    return {
      ...row,
      kind: 'pool',
      siteId: pool.found.siteId,
      poolId: pool.found.id,
      businessNumber: pool.found.businessNumber,
    };
  }
  if (line.kind === 'static' && line.site) {
    const site = findByIdOrName(workspace.sites, line.site, 'site');
    if (!('found' in site)) return { column: 'site', message: site.message };
    const businessNumber = line.businessNumber ?? site.found.businessNumbers[0];
    if (!businessNumber || !site.found.businessNumbers.includes(businessNumber)) {
      return {
        column: 'business_number',
        message: `"${line.businessNumber ?? ''}" is not one of the site’s numbers (${site.found.businessNumbers.join(', ')})`,
      };
    }
    return { ...row, siteId: site.found.id, businessNumber };
  }
  return row;
}

/** The rows to insert, or every row's fault; `newRow` gives a line's row before it is placed. */
export function placeNumbers(
  lines: NumberLine[],
  workspace: Workspace,
  newRow: (line: NumberLine) => TrackingNumberRow,
): Placement {
  const rows: TrackingNumberRow[] = [];
  const errors: RowError[] = [];
  for (const line of lines) {
    const placed = place(line, workspace, newRow);
    if ('message' in placed) errors.push({ row: line.row, ...placed });
    else rows.push(placed);
  }
  return errors.length > 0 ? { ok: false, errors: listErrors(errors) } : { ok: true, rows };
}

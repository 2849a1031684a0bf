/** Opens a new workspace: checks its time zone and currency, and makes its first owner a member. */
import { AppError } from '@calltrail/core';
import type { Db } from '../db/database.ts';
import { addMember, createWorkspace, type WorkspaceRow } from '../stores/sql/workspaces.ts';

/** The canonical IANA name of a time zone (`europe/moscow` → `Europe/Moscow`), or INVALID_TIME_ZONE. */
export function checkTimeZone(timeZone: string): string {
  let resolved: string;
  try {
    // Intl.supportedValuesOf('timeZone') leaves out UTC on Node 20, so ask the formatter instead.
    resolved = new Intl.DateTimeFormat('en', { timeZone }).resolvedOptions().timeZone;
  } catch {
    throw new AppError('INVALID_TIME_ZONE', { timeZone });
  }
  // Newer engines accept offsets such as +03:00; PostgreSQL reads those with the POSIX sign flipped.
  if (/^[+-]/.test(resolved)) throw new AppError('INVALID_TIME_ZONE', { timeZone });
  return resolved;
}

export function checkCurrency(currency: string): string {
  if (!/^[A-Z]{3}$/.test(currency) || !Intl.supportedValuesOf('currency').includes(currency)) {
    throw new AppError('INVALID_CURRENCY', { currency });
  }
  return currency;
}

export interface NewWorkspace {
  name: string;
  timeZone?: string | undefined;
  currency?: string | undefined;
}

/** Creates the workspace; with `ownerId`, in the same transaction that user becomes its owner. */
export async function setUpWorkspace(
  db: Db,
  input: NewWorkspace,
  now: Date,
  ownerId?: string,
): Promise<WorkspaceRow> {
  const fields = {
    name: input.name.trim(),
    timeZone: checkTimeZone(input.timeZone ?? 'UTC'),
    currency: checkCurrency(input.currency ?? 'USD'),
  };
  if (fields.name === '')
    throw new AppError('VALIDATION_FAILED', { name: input.name }, 'name must not be blank');
  if (ownerId === undefined) return createWorkspace(db, fields, now);
  return db.transaction(async (tx) => {
    const workspace = await createWorkspace(tx, fields, now);
    await addMember(tx, workspace.id, ownerId, 'owner', now);
    return workspace;
  });
}

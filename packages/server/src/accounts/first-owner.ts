/** The first start of an empty installation: one workspace and its owner, so someone can log in. */
import type { Db } from '../db/database.ts';
import { countUsers, type UserRow } from '../stores/sql/users.ts';
import type { WorkspaceRow } from '../stores/sql/workspaces.ts';
import { registerUser } from './register-user.ts';
import { setUpWorkspace } from './set-up-workspace.ts';

/** Returns null when any user exists: then the installation has been set up already. */
export async function createFirstOwner(
  db: Db,
  input: { email: string; password: string },
  now: Date,
): Promise<{ user: UserRow; workspace: WorkspaceRow } | null> {
  if ((await countUsers(db)) > 0) return null;
  // The user first: a bad CALLTRAIL_ADMIN_PASSWORD then fails before anything is written.
  const user = await registerUser(db, { ...input, name: 'Owner' }, now);
  const workspace = await setUpWorkspace(db, { name: 'My workspace' }, now, user.id);
  return { user, workspace };
}

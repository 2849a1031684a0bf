/**
 * Changing a member's role and removing a member. Taking a role away is guarded like granting it (an
 * admin may neither make nor unmake an owner), and a workspace always keeps at least one owner.
 */
import { AppError, type Role } from '@calltrail/core';
import type { Db } from '../db/database.ts';
import type { Tx } from '../stores/sql/calls.ts';
import { deleteMember, getMember, lockMembers, ownerIds, setMemberRole } from '../stores/sql/workspaces.ts';
import { assertMayGrant } from './grant-role.ts';

export interface ChangedMember {
  userId: string;
  email: string;
  name: string;
  role: Role;
}

/** `changedBy` is the role of whoever changes the member (a member's or an API token's). */
export async function changeMemberRole(
  db: Db,
  workspaceId: string,
  userId: string,
  role: Role,
  changedBy: Role,
): Promise<ChangedMember> {
  assertMayGrant(changedBy, role);
  return db.transaction(async (tx) => {
    const current = await lockedMember(tx, workspaceId, userId, changedBy);
    if (current.role === 'owner' && role !== 'owner') await assertAnotherOwner(tx, workspaceId, userId);
    await setMemberRole(tx, workspaceId, userId, role);
    return { ...current, role };
  });
}

/** Removing yourself is allowed too, unless you are the last owner. */
export async function removeMember(
  db: Db,
  workspaceId: string,
  userId: string,
  removedBy: Role,
): Promise<void> {
  await db.transaction(async (tx) => {
    const current = await lockedMember(tx, workspaceId, userId, removedBy);
    if (current.role === 'owner') await assertAnotherOwner(tx, workspaceId, userId);
    await deleteMember(tx, workspaceId, userId);
  });
}

/**
 * The member as stored, after taking the workspace's membership lock: changes to one workspace's members
 * run one at a time, so two owners demoting each other at once cannot both pass the last-owner check.
 * Throws unless `actor` may unmake the member's role.
 */
async function lockedMember(
  tx: Tx,
  workspaceId: string,
  userId: string,
  actor: Role,
): Promise<ChangedMember> {
  await lockMembers(tx, workspaceId);
  const member = await getMember(tx, workspaceId, userId);
  // A member of another workspace is as unknown here as a user who does not exist.
  if (!member) throw new AppError('USER_NOT_FOUND', { userId }, 'No member of this workspace has this id');
  assertMayGrant(actor, member.role);
  return member;
}

async function assertAnotherOwner(tx: Tx, workspaceId: string, leavingUserId: string): Promise<void> {
  const owners = await ownerIds(tx, workspaceId);
  if (!owners.some((owner) => owner !== leavingUserId)) {
    throw new AppError('LAST_OWNER', { userId: leavingUserId });
  }
}

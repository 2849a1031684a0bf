/** Adds a person to a workspace by email: an existing user keeps their password, a new one needs one. */
import { AppError, type Role } from '@calltrail/core';
import type { Db } from '../db/database.ts';
import { findUserByEmail } from '../stores/sql/users.ts';
import { addMember, getWorkspace } from '../stores/sql/workspaces.ts';
import { assertMayGrant } from './grant-role.ts';
import { registerUser } from './register-user.ts';

export interface NewMember {
  email: string;
  role: Role;
  name?: string | undefined;
  /** Only for a new user; never changes an existing user's password. */
  password?: string | undefined;
}

export interface AddedMember {
  userId: string;
  email: string;
  name: string;
  role: Role;
  /** Whether the user account was created for this membership. */
  created: boolean;
}

/** `grantedBy` is the role of whoever adds the member: only an owner may add an owner. */
export async function addMemberByEmail(
  db: Db,
  workspaceId: string,
  input: NewMember,
  grantedBy: Role,
  now: Date,
): Promise<AddedMember> {
  assertMayGrant(grantedBy, input.role);
  const existing = await findUserByEmail(db, input.email);
  if (!existing) {
    if (input.password === undefined) {
      throw new AppError(
        'VALIDATION_FAILED',
        { email: input.email },
        'No user has this email: give a password',
      );
    }
    const user = await registerUser(
      db,
      { email: input.email, password: input.password, name: input.name },
      now,
      {
        workspaceId,
        role: input.role,
      },
    );
    return { userId: user.id, email: user.email, name: user.name, role: input.role, created: true };
  }
  if (!(await getWorkspace(db, workspaceId))) throw new AppError('WORKSPACE_NOT_FOUND', { workspaceId });
  if (!(await addMember(db, workspaceId, existing.id, input.role, now))) {
    throw new AppError('ALREADY_MEMBER', { userId: existing.id });
  }
  return {
    userId: existing.id,
    email: existing.email,
    name: existing.name,
    role: input.role,
    created: false,
  };
}

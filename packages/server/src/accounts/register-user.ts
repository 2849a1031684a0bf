/** Creates a user account with a password, optionally as a member of a workspace in one transaction. */
import { AppError, type Role } from '@calltrail/core';
import { hashPassword } from '../auth/passwords.ts';
import type { Db } from '../db/database.ts';
import { createUser, type UserRow } from '../stores/sql/users.ts';
import { addMember, getWorkspace } from '../stores/sql/workspaces.ts';

export const minPasswordLength = 10;

export interface NewUser {
  email: string;
  password: string;
  name?: string | undefined;
}

/**
 * Throws VALIDATION_FAILED for a malformed email or short password, WORKSPACE_NOT_FOUND for an
 * unknown workspace and EMAIL_TAKEN when the email (case-insensitively) belongs to someone.
 */
export async function registerUser(
  db: Db,
  input: NewUser,
  now: Date,
  membership?: { workspaceId: string; role: Role },
): Promise<UserRow> {
  const email = input.email.trim();
  // Deliberately loose: admin@localhost is a valid first-run login on a machine without a domain.
  if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 320) {
    throw new AppError('VALIDATION_FAILED', { email }, 'email is not an email address');
  }
  if (input.password.length < minPasswordLength) {
    throw new AppError(
      'VALIDATION_FAILED',
      undefined,
      `password must have at least ${minPasswordLength} characters`,
    );
  }
  if (membership && !(await getWorkspace(db, membership.workspaceId))) {
    throw new AppError('WORKSPACE_NOT_FOUND', { workspaceId: membership.workspaceId });
  }
  // Hash before the transaction: scrypt takes ~100 ms and must not hold a connection meanwhile.
  const passwordHash = await hashPassword(input.password);
  const name = input.name?.trim() || email.split('@')[0] || email;
  return db.transaction(async (tx) => {
    const user = await createUser(tx, { email, name, passwordHash }, now);
    if (!user) throw new AppError('EMAIL_TAKEN', { email });
    if (membership) await addMember(tx, membership.workspaceId, user.id, membership.role, now);
    return user;
  });
}

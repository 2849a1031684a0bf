/** Who may hand out which role: nobody grants more than they hold, so an admin cannot make an owner. */
import { AppError, type Role } from '@calltrail/core';

// Analysts and operators rank alike: neither may manage members, so their order never decides anything.
const rank: Record<Role, number> = { owner: 2, admin: 1, analyst: 0, operator: 0 };

export function mayGrant(granter: Role, role: Role): boolean {
  return rank[role] <= rank[granter];
}

/** Throws FORBIDDEN when `granter` (a member's or API token's role) may not grant `role`. */
export function assertMayGrant(granter: Role, role: Role): void {
  if (!mayGrant(granter, role)) {
    throw new AppError(
      'FORBIDDEN',
      { role: granter, grants: role },
      `A role of ${granter} may not grant ${role}`,
    );
  }
}

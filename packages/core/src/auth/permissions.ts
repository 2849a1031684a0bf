/** What each workspace role may do; the server asks this table, never the role name. */
export type Role = 'owner' | 'admin' | 'analyst' | 'operator';
export const roles: readonly Role[] = ['owner', 'admin', 'analyst', 'operator'];

export type Permission =
  | 'settings:read'
  | 'settings:write'
  | 'members:manage'
  | 'calls:read'
  | 'calls:annotate'
  | 'callers:see'
  | 'recordings:listen'
  | 'reports:read';

const everything: readonly Permission[] = [
  'settings:read',
  'settings:write',
  'members:manage',
  'calls:read',
  'calls:annotate',
  'callers:see',
  'recordings:listen',
  'reports:read',
];

const grants: Record<Role, readonly Permission[]> = {
  owner: everything,
  // Admins differ from owners only in who may grant the owner role (accounts/grant-role.ts).
  admin: everything,
  // Analysts read reports and the call log, but callers are masked and recordings are closed to them.
  analyst: ['settings:read', 'calls:read', 'reports:read'],
  // Operators work the calls: full numbers and recordings, tags, ratings and deal values; no settings.
  operator: ['calls:read', 'calls:annotate', 'callers:see', 'recordings:listen'],
};

export function can(role: Role, permission: Permission): boolean {
  return grants[role].includes(permission);
}

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

/**
 * Masks a phone number for roles that may not see callers: keeps the country code and area so
 * reports stay useful, hides the subscriber digits but the last two.
 */
export function maskPhone(phone: string | null): string | null {
  if (phone === null) return null;
  const digits = phone.replace(/\D/g, '');
  if (digits.length <= 4) return '*'.repeat(digits.length);
  const keepHead = Math.min(4, digits.length - 4);
  const head = digits.slice(0, keepHead);
  const tail = digits.slice(-2);
  return `${phone.startsWith('+') ? '+' : ''}${head}${'*'.repeat(digits.length - keepHead - 2)}${tail}`;
}

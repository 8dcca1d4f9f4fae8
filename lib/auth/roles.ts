import type { UserRole } from '../vocab';

/** admin > editor > contributor: a role includes every right of the roles below it. */
const RANK: Record<UserRole, number> = { contributor: 1, editor: 2, admin: 3 };

export function hasRole(role: UserRole, needed: UserRole): boolean {
  return RANK[role] >= RANK[needed];
}

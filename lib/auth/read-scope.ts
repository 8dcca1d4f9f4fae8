import type { ReadScope } from '../../db/queries/visibility';
import type { UserRole } from '../vocab';
import { hasRole } from './roles';

export type { ReadScope };

/**
 * What a signed-in curator reads (db/queries/visibility.ts): editors and administrators everything; a contributor
 * what is public plus their own work. Pages and routes pass it to the queries, so the rule holds on the server.
 */
export function readScope(user: { id: number; role: UserRole }): ReadScope {
  return { userId: user.id, everything: hasRole(user.role, 'editor') };
}

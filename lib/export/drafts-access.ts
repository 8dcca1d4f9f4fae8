import { currentUser } from '../auth/guard';
import { hasRole } from '../auth/roles';

/**
 * Who may export draft reports (`?include=drafts`): only a signed-in editor or administrator who asks for them.
 * Uses the same session check as the curator guard (the user row is re-read, so a disabled editor cannot).
 */
export async function canExportDrafts(request: Request): Promise<boolean> {
  void request; // the session is read from the request's cookies by next/headers
  const user = await currentUser();
  return !!user && hasRole(user.role, 'editor');
}

/**
 * Who may export draft reports (`?include=drafts`): only a signed-in editor or administrator who asks for them.
 *
 * TODO(auth): sign-in is being built on another branch (next-auth). Until it is merged this answers false for
 * everyone, so `include=drafts` is refused with 403 rather than silently ignored. Wire it to the auth guard, e.g.
 * `const user = await currentUser(); return !!user && (user.role === 'editor' || user.role === 'admin');`.
 */
export async function canExportDrafts(request: Request): Promise<boolean> {
  void request;
  return false;
}

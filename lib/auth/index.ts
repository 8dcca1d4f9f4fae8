/** The auth helper: one guard (`requireRole` / `requireUser`) for every curator page, layout, action and route handler. */
export {
  requireRole,
  requireUser,
  currentUser,
  loginPath,
  signInTarget,
  adminHome,
  type CurrentUser,
  type GuardOptions,
} from './guard';
export { hasRole } from './roles';
export { readScope, type ReadScope } from './read-scope';

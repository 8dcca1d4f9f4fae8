import type { Instrumentation } from 'next';

/**
 * Runs once when the server starts (`next start`, and the server `npm start` launches): the environment is checked
 * first, and the server stops with a message naming the bad variable rather than failing on some later request.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const { exitOnStartupProblem } = await import('./lib/startup');
  exitOnStartupProblem();
  // Errors are logged as one JSON line each (onRequestError below). Next prints the same error first, over several
  // lines: a call that carries an Error object is held back for a moment and dropped if that error was logged as
  // JSON meanwhile; anything else is printed as it was.
  const { loggedErrors } = await import('./lib/http/errors');
  const original = console.error.bind(console);
  console.error = (...args: unknown[]) => {
    const error = args.find((a): a is Error => a !== null && typeof a === 'object' && 'stack' in a && 'message' in a);
    if (!error) return original(...args);
    if (loggedErrors.has(error)) return;
    setTimeout(() => {
      if (!loggedErrors.has(error)) original(...args);
    }, 1000).unref();
  };
}

/**
 * Every error Next catches while rendering a page or running a route, server action or proxy: one JSON line whose
 * request_id is the digest the error page shows as its reference (route handlers catch their own errors and log
 * the same way with a random id, lib/http/route.ts).
 */
export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { logError, newRequestId } = await import('./lib/http/errors');
  const digest =
    error && typeof error === 'object' && 'digest' in error && typeof error.digest === 'string'
      ? error.digest
      : undefined;
  logError(error, {
    requestId: digest ?? newRequestId(),
    method: request.method,
    path: request.path,
    route: context.routePath,
    routeType: context.routeType,
  });
};

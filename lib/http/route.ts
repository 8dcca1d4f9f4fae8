import { unstable_rethrow } from 'next/navigation';
import { internalErrorResponse, logError, newRequestId } from './errors';
import { errorResponse } from './problem';

/** The guard's refusals (unauthorized(), forbidden()): Next's errors carry the status in their digest. */
const REFUSALS: Record<string, string> = {
  'NEXT_HTTP_ERROR_FALLBACK;401': 'Sign in as a curator to use this.',
  'NEXT_HTTP_ERROR_FALLBACK;403': 'Your role does not allow this.',
};

/**
 * Wraps a route handler: an unexpected exception is logged as one JSON line and answered with a JSON 500 carrying a
 * request id, never a stack trace. The guard's 401 and 403 are answered in the same JSON shape; the rest of Next's
 * own control flow (notFound, redirect, dynamic rendering bail-outs) passes through untouched.
 */
export function withErrorHandling<A extends unknown[]>(
  route: string,
  handler: (request: Request, ...rest: A) => Response | Promise<Response>,
) {
  return async (request: Request, ...rest: A): Promise<Response> => {
    try {
      return await handler(request, ...rest);
    } catch (error) {
      const digest = (error as { digest?: unknown } | null)?.digest;
      if (typeof digest === 'string' && REFUSALS[digest])
        return errorResponse(Number(digest.slice(-3)), REFUSALS[digest]);
      unstable_rethrow(error);
      const requestId = newRequestId();
      const url = new URL(request.url);
      logError(error, {
        requestId,
        method: request.method,
        path: url.pathname + url.search,
        route,
        routeType: 'route',
      });
      return internalErrorResponse(requestId);
    }
  };
}

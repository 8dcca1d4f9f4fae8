import { unstable_rethrow } from 'next/navigation';
import { internalErrorResponse, logError, newRequestId } from './errors';

/**
 * Wraps a route handler: an unexpected exception is logged as one JSON line and answered with a JSON 500 carrying a
 * request id, never a stack trace. Next's own control flow (notFound, redirect, unauthorized, forbidden, dynamic
 * rendering bail-outs) passes through untouched.
 */
export function withErrorHandling<A extends unknown[]>(
  route: string,
  handler: (request: Request, ...rest: A) => Response | Promise<Response>,
) {
  return async (request: Request, ...rest: A): Promise<Response> => {
    try {
      return await handler(request, ...rest);
    } catch (error) {
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

import crypto from 'node:crypto';
import { errorResponse } from './problem';

/**
 * Unexpected errors are logged as ONE line of JSON (time, level, request id, where, the error with its stack) and
 * answered without any detail: the reader sees a reference to quote, the operator finds the line with it.
 */
export interface ErrorLogEntry {
  /** The reference shown to the reader (a page's error digest, or a route handler's random id). */
  requestId: string;
  method?: string;
  path?: string;
  /** The route that failed, e.g. "/[locale]/monuments/[slug]" or "/api/v1/monuments". */
  route?: string;
  routeType?: string;
}

const MAX_PATH = 2000;

/** A short random reference for a failed request (12 hex digits). */
export function newRequestId(): string {
  return crypto.randomBytes(6).toString('hex');
}

/** The JSON line for an error (exported for tests). Never includes headers, cookies or bodies. */
export function errorLogLine(error: unknown, entry: ErrorLogEntry, now = new Date()): string {
  const err = error instanceof Error ? error : new Error(String(error));
  const code = (err as Error & { code?: unknown }).code;
  return JSON.stringify({
    time: now.toISOString(),
    level: 'error',
    request_id: entry.requestId,
    method: entry.method,
    path: entry.path?.slice(0, MAX_PATH),
    route: entry.route,
    route_type: entry.routeType,
    error: err.name,
    message: err.message,
    ...(typeof code === 'string' && { code }),
    stack: err.stack,
  });
}

/**
 * Errors already written as a JSON line: Next's own multi-line log of the same error is dropped (instrumentation.ts).
 * Kept on globalThis: the instrumentation and the app's routes are separate bundles, each with its own module copies.
 */
const registry = globalThis as typeof globalThis & { __registryLoggedErrors?: WeakSet<object> };
export const loggedErrors: WeakSet<object> = (registry.__registryLoggedErrors ??= new WeakSet<object>());

export function logError(error: unknown, entry: ErrorLogEntry): void {
  if (error && typeof error === 'object') loggedErrors.add(error);
  console.error(errorLogLine(error, entry));
}

/** The answer of a route handler that failed unexpectedly: JSON with the reference, no stack, never cached. */
export function internalErrorResponse(requestId: string): Response {
  return errorResponse(500, 'Internal error. Quote this reference if you report it.', {
    requestId,
    headers: { 'X-Request-Id': requestId },
  });
}

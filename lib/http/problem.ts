/**
 * The registry's one shape for every JSON error (API, downloads, sign-in service, refusals before routing):
 *
 *   { "error": { "status": 400, "message": "…", "parameter": "status", "parameters": { "status": "unknown status …" } } }
 *
 * `parameter` (the first bad one) and `parameters` (each with what was expected) only for bad query parameters;
 * `request_id` only on a 500, to quote when reporting it. Errors are never cached. lib/http/refusal.js writes the same
 * shape for the refusals server.js and the proxy answer themselves.
 */
export type ParameterErrors = Record<string, string>;

export interface ErrorBody {
  error: { status: number; message: string; parameter?: string; parameters?: ParameterErrors; request_id?: string };
}

export function errorBody(
  status: number,
  message: string,
  extra: { parameters?: ParameterErrors; requestId?: string } = {},
): ErrorBody {
  const names = extra.parameters ? Object.keys(extra.parameters) : [];
  return {
    error: {
      status,
      message,
      ...(names.length > 0 && { parameter: names[0], parameters: extra.parameters }),
      ...(extra.requestId && { request_id: extra.requestId }),
    },
  };
}

export function errorResponse(
  status: number,
  message: string,
  extra: { parameters?: ParameterErrors; requestId?: string; headers?: Record<string, string> } = {},
): Response {
  return Response.json(errorBody(status, message, extra), {
    status,
    headers: { 'Cache-Control': 'no-store', ...extra.headers },
  });
}

/** 400 naming every bad query parameter. */
export function badParameters(errors: ParameterErrors, headers: Record<string, string> = {}): Response {
  const message = `Bad query parameter${Object.keys(errors).length > 1 ? 's' : ''}: ${Object.entries(errors)
    .map(([k, v]) => `"${k}" (${v})`)
    .join('; ')}`;
  return errorResponse(400, message, { parameters: errors, headers });
}

type Parsed<T> = { ok: true; value: T } | { ok: false; errors: ParameterErrors };

/**
 * The errors of several parsed parts of one query (filters, paging, sort…) merged, with those of `extra` (unknown
 * parameters): null when every part parsed and nothing else is wrong.
 */
export function mergeParameterErrors(parts: Parsed<unknown>[], extra: ParameterErrors = {}): ParameterErrors | null {
  const errors: ParameterErrors = { ...extra };
  for (const part of parts) if (!part.ok) Object.assign(errors, part.errors);
  return Object.keys(errors).length ? errors : null;
}

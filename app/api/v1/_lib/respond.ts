import { getDb } from '@/db';
import { getDatasetVersion } from '@/db/queries/status';
import { latestRelease } from '@/db/queries/releases';
import { config } from '@/lib/config';
import { licenceJson } from '@/lib/api-format';
import { SHARED_CACHE_CONTROL } from '@/lib/routes';
import { badParameters, errorResponse, type ParameterErrors } from '@/lib/http/problem';

/**
 * Responses of the public JSON API. Successful answers may be kept by shared caches briefly and revalidated with the
 * ETag server.js adds (the data's version; docs/decisions/009); errors are never cached, so a fixed request is
 * answered afresh.
 */
const COMMON = { 'Access-Control-Allow-Origin': '*', 'X-Content-Type-Options': 'nosniff' };
export const CACHE_OK = SHARED_CACHE_CONTROL;

export function ok(data: unknown, meta: Record<string, unknown> = {}, links?: Record<string, string | null>): Response {
  const body = {
    data,
    meta: {
      ...meta,
      dataset_version: getDatasetVersion(getDb()),
      latest_release: latestReleaseJson(),
      ...licenceJson(),
    },
    ...(links && { links }),
  };
  return Response.json(body, { headers: { ...COMMON, 'Cache-Control': CACHE_OK } });
}

/** The latest dated release, which a citation of the data should name (null before the first). */
function latestReleaseJson() {
  const release = latestRelease(getDb());
  if (!release) return null;
  const base = config().PUBLIC_BASE_URL.replace(/\/$/, '');
  return {
    version: release.version,
    released_at: release.asOf,
    dataset_version: release.datasetVersion,
    sha256: release.sha256,
    url: `${base}/export/releases/${release.version}/dataset.zip`,
  };
}

/** 400 naming every bad parameter: `parameter` is the first, `parameters` maps each to what was expected. */
export function badRequest(errors: ParameterErrors): Response {
  return badParameters(errors, COMMON);
}

export function notFound(message: string): Response {
  return errorResponse(404, message, { headers: COMMON });
}

import { getDb } from '@/db';
import { listMapMonuments, mapDataVersion } from '@/db/queries/map';
import { getDatasetVersion } from '@/db/queries/status';
import { FILTER_PARAMS, filtersToParams, parseFilters } from '@/lib/filters';
import { unknownParams } from '@/lib/search-params';
import { licenceJson } from '@/lib/api-format';
import { MARKER_FIELDS, markerRow, type MarkerDownload } from '@/lib/map-markers';
import { damageLevels } from '@/lib/vocab';
import { SHARED_CACHE_CONTROL } from '@/lib/routes';
import { withErrorHandling } from '@/lib/http/route';
import { badParameters, mergeParameterErrors } from '@/lib/http/problem';

export const dynamic = 'force-dynamic';

// `bbox` (an area, as on the search page) is read by the shared filter parser; named here too so that a link from
// the search page's map is never refused as unknown.
const ALLOWED = [...new Set<string>([...FILTER_PARAMS, 'bbox'])];

/**
 * Answers kept per process while the data stays as it is (the key holds the version every committed change bumps):
 * the unfiltered map is the same download for every reader, and querying and serialising 100,000 markers costs far
 * more than sending them. A few filtered variants are kept too, least recently used first out.
 */
const kept = new Map<string, Buffer>();
const MAX_KEPT = 16;

function keep(key: string, value: Buffer) {
  kept.set(key, value);
  if (kept.size > MAX_KEPT) kept.delete(kept.keys().next().value as string);
}

/**
 * GET /api/v1/map/monuments: every published monument with coordinates that matches the search filters, as compact
 * arrays for the overview map (docs/api.md). Next compresses it for clients that take gzip (a route cannot send
 * bytes it compressed itself: Next drops their Content-Encoding); server.js adds the ETag of the data's version and
 * answers 304 to a matching If-None-Match, so a reader downloads it once per change of the data.
 */
function get(request: Request) {
  const params = new URL(request.url).searchParams;
  const filters = parseFilters(params);
  const errors = mergeParameterErrors([filters], unknownParams(params, ALLOWED));
  if (errors || !filters.ok) return badParameters(errors ?? {}, { 'Access-Control-Allow-Origin': '*' });

  const db = getDb();
  const key = `${mapDataVersion(db)}?${filtersToParams(filters.value)}&bbox=${params.get('bbox') ?? ''}`;
  let body = kept.get(key);
  if (body) {
    kept.delete(key);
    kept.set(key, body); // most recently used last
  } else {
    const rows = listMapMonuments(db, filters.value).map(markerRow);
    const download: MarkerDownload = {
      fields: MARKER_FIELDS,
      statuses: damageLevels.codes,
      data: rows,
      meta: { total: rows.length, dataset_version: getDatasetVersion(db), ...licenceJson() },
    };
    body = Buffer.from(JSON.stringify(download));
    keep(key, body);
  }

  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      Vary: 'Accept-Encoding',
      'Cache-Control': SHARED_CACHE_CONTROL,
      'Access-Control-Allow-Origin': '*',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

export const GET = withErrorHandling('/api/v1/map/monuments', get);

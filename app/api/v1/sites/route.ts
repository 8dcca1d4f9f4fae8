import { getDb } from '@/db';
import { searchSites } from '@/db/queries/search';
import { parseFilters } from '@/lib/filters';
import { listQueryString, pageCount, parsePaging, unknownParams } from '@/lib/search-params';
import { apiUrl, filtersJson, siteSummaryJson } from '@/lib/api-format';
import { badRequest, ok } from '../_lib/respond';
import { withErrorHandling } from '@/lib/http/route';
import { mergeParameterErrors } from '@/lib/http/problem';

export const dynamic = 'force-dynamic';

const ALLOWED = ['q', 'country', 'bbox', 'page', 'per_page'] as const;

/** GET /api/v1/sites: every site (or those matching q and country), paged, with monument counts. */
function get(request: Request) {
  const params = new URL(request.url).searchParams;
  const unknown = unknownParams(params, ALLOWED);
  // Only q, country and bbox (on the site's own position) apply to sites; the shared parser validates them the same
  // way as for monuments.
  const filters = parseFilters(
    new URLSearchParams([...params].filter(([k]) => k === 'q' || k === 'country' || k === 'bbox')),
  );
  const paging = parsePaging(params, { defaultPerPage: 50, allowPerPage: true });
  const errors = mergeParameterErrors([filters, paging], unknown);
  if (errors || !filters.ok || !paging.ok) return badRequest(errors ?? {});

  const f = filters.value;
  const { page, perPage } = paging.value;
  const result = searchSites(getDb(), f, { sort: f.q ? 'relevance' : 'name', page, perPage });
  const pages = pageCount(result.total, perPage);
  const link = (p: number) => {
    const qs = listQueryString({ q: f.q, country: f.country, bbox: f.bbox }, { page: p });
    return apiUrl(`/api/v1/sites${qs}${perPage !== 50 ? `${qs ? '&' : '?'}per_page=${perPage}` : ''}`);
  };
  return ok(
    result.rows.map(siteSummaryJson),
    {
      total: result.total,
      page,
      per_page: perPage,
      total_pages: pages,
      filters: { q: f.q ?? null, country: f.country, bbox: filtersJson(f).bbox },
    },
    {
      self: link(page),
      prev: page > 1 ? link(Math.min(page - 1, pages)) : null,
      next: page < pages ? link(page + 1) : null,
    },
  );
}

export const GET = withErrorHandling('/api/v1/sites', get);

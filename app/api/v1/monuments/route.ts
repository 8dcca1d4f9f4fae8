import { getDb } from '@/db';
import { didYouMean, searchMatches, searchMonuments } from '@/db/queries/search';
import { FILTER_PARAMS, parseFilters } from '@/lib/filters';
import { effectiveSort, listQueryString, pageCount, parsePaging, parseSort, unknownParams } from '@/lib/search-params';
import { apiUrl, filtersJson, matchJson, monumentSummaryJson } from '@/lib/api-format';
import { badRequest, ok } from '../_lib/respond';
import { withErrorHandling } from '@/lib/http/route';
import { mergeParameterErrors } from '@/lib/http/problem';

export const dynamic = 'force-dynamic';

const ALLOWED = [...FILTER_PARAMS, 'sort', 'page', 'per_page'] as const;

/** GET /api/v1/monuments: the search page's query and filters as JSON, paged (docs/api.md). */
function get(request: Request) {
  const params = new URL(request.url).searchParams;
  const filters = parseFilters(params);
  const paging = parsePaging(params, { defaultPerPage: 20, allowPerPage: true });
  const sortParam = parseSort(params);
  const errors = mergeParameterErrors([filters, paging, sortParam], unknownParams(params, ALLOWED));
  if (errors || !filters.ok || !paging.ok || !sortParam.ok) return badRequest(errors ?? {});

  const f = filters.value;
  const { page, perPage } = paging.value;
  const sort = effectiveSort(sortParam.value, f.q);
  const db = getDb();
  const result = searchMonuments(db, f, { sort, page, perPage });
  const matches = f.q
    ? searchMatches(
        db,
        f.q,
        result.rows.map((r) => r.id),
      )
    : null;
  const suggestion = f.q ? didYouMean(db, f, result.total) : null;
  const pages = pageCount(result.total, perPage);
  const link = (p: number) => {
    const qs = listQueryString(f, { sort: sortParam.value, page: p });
    return apiUrl(`/api/v1/monuments${qs}${perPage !== 20 ? `${qs ? '&' : '?'}per_page=${perPage}` : ''}`);
  };
  return ok(
    result.rows.map((r) => ({
      ...monumentSummaryJson(r),
      ...(matches && { match: matchJson(matches.get(r.id)) }),
    })),
    {
      total: result.total,
      page,
      per_page: perPage,
      total_pages: pages,
      sort,
      filters: filtersJson(f),
      did_you_mean: suggestion && {
        q: suggestion.q,
        total: suggestion.total,
        url: apiUrl(`/api/v1/monuments${listQueryString({ ...f, q: suggestion.q }, { sort: sortParam.value })}`),
      },
    },
    {
      self: link(page),
      prev: page > 1 ? link(Math.min(page - 1, pages)) : null,
      next: page < pages ? link(page + 1) : null,
    },
  );
}

export const GET = withErrorHandling('/api/v1/monuments', get);

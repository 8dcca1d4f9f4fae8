import { filtersToParams, type Filters, type ParseResult } from './filters';

/**
 * Paging and sorting parameters of the public lists (search page and JSON API), beside the shared filters
 * of lib/filters.ts. Every bad value is named by its parameter so the page and the API can say which one.
 */
export const SORTS = ['relevance', 'name', 'latest'] as const;
export type SearchSort = (typeof SORTS)[number];

/** Far beyond any real result set (100,000 monuments at one per page), and keeps OFFSET a small integer. */
export const MAX_PAGE = 100_000;
export const MAX_PER_PAGE = 100;

export interface Paging {
  page: number;
  perPage: number;
}

function wholeNumber(raw: string | null, min: number, max: number): number | 'invalid' | undefined {
  if (raw === null || raw.trim() === '') return undefined;
  const v = raw.trim();
  if (!/^\d{1,9}$/.test(v)) return 'invalid';
  const n = Number(v);
  return n >= min && n <= max ? n : 'invalid';
}

/** `page` (1…100,000) and, when allowed, `per_page` (1…100). */
export function parsePaging(
  params: URLSearchParams,
  options: { defaultPerPage: number; allowPerPage: boolean },
): ParseResult<Paging> {
  const errors: Record<string, string> = {};
  const page = wholeNumber(params.get('page'), 1, MAX_PAGE);
  if (page === 'invalid') errors.page = `expected a whole number from 1 to ${MAX_PAGE}`;
  let perPage: number | 'invalid' | undefined = options.defaultPerPage;
  if (options.allowPerPage) {
    perPage = wholeNumber(params.get('per_page'), 1, MAX_PER_PAGE) ?? options.defaultPerPage;
    if (perPage === 'invalid') errors.per_page = `expected a whole number from 1 to ${MAX_PER_PAGE}`;
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value: { page: (page as number | undefined) ?? 1, perPage: perPage as number } };
}

/** `sort`: relevance (the default with a text query), name (the default without one) or latest event first. */
export function parseSort(params: URLSearchParams): ParseResult<SearchSort | undefined> {
  const raw = params.get('sort')?.trim();
  if (!raw) return { ok: true, value: undefined };
  if ((SORTS as readonly string[]).includes(raw)) return { ok: true, value: raw as SearchSort };
  return { ok: false, errors: { sort: `unknown sort "${raw.slice(0, 40)}"; expected one of: ${SORTS.join(', ')}` } };
}

/** Relevance means nothing without a text query: results then come in name order. */
export function effectiveSort(sort: SearchSort | undefined, q: string | undefined): SearchSort {
  if (!sort) return q ? 'relevance' : 'name';
  return sort === 'relevance' && !q ? 'name' : sort;
}

export const pageCount = (total: number, perPage: number) => Math.max(1, Math.ceil(total / perPage));

/** Next's `searchParams` object as URLSearchParams (repeated parameters arrive as arrays). */
export function toSearchParams(record: Record<string, string | string[] | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(record)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) params.append(key, v);
  }
  return params;
}

/** The query string ("?…", or "" when empty) for a list with these filters, sort and page; page 1 and no sort are left out. */
export function listQueryString(f: Partial<Filters>, extra: { sort?: SearchSort; page?: number } = {}): string {
  const params = filtersToParams(f);
  if (extra.sort) params.set('sort', extra.sort);
  if (extra.page && extra.page > 1) params.set('page', String(extra.page));
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** Parameters a request carries that the endpoint does not know, each with a message (a typo must not silently widen a result). */
export function unknownParams(params: URLSearchParams, allowed: readonly string[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const key of new Set(params.keys())) {
    if (!allowed.includes(key)) errors[key.slice(0, 40)] = `unknown parameter; expected one of: ${allowed.join(', ')}`;
  }
  return errors;
}

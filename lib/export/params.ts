/**
 * The query parameters of an export URL: the public search filters (lib/filters.ts) plus `bom` and `include`.
 * Bad values are named one by one; parameters the exports do not know are ignored (links may carry the search
 * page's own parameters, such as its page number).
 */
import { parseFilters, filtersToParams, type Filters, type ParseResult } from '../filters';
import { parseAsOf } from './releases';

export interface ExportParams {
  filters: Filters;
  /** Prepend a UTF-8 byte-order mark (CSV only), so Excel reads the file as UTF-8. */
  bom: boolean;
  /** `include=drafts`: draft reports too (signed-in editors only). */
  includeDrafts: boolean;
  /** `as_of`: the dataset as it was at that instant (ISO 8601, milliseconds, UTC), rebuilt from the history. */
  asOf?: string;
}

export function parseExportParams(params: URLSearchParams): ParseResult<ExportParams> {
  const errors: Record<string, string> = {};
  const filters = parseFilters(params);
  if (!filters.ok) Object.assign(errors, filters.errors);

  const bomValues = params.getAll('bom');
  if (bomValues.some((v) => v !== '0' && v !== '1')) errors.bom = 'expected 0 or 1';
  else if (new Set(bomValues).size > 1) errors.bom = 'given twice with different values';

  const include = params
    .getAll('include')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  const unknown = include.filter((v) => v !== 'drafts');
  if (unknown.length) errors.include = `unknown value "${unknown[0]!.slice(0, 40)}"; expected: drafts`;

  const asOfValues = params.getAll('as_of');
  let asOf: string | undefined;
  if (asOfValues.length > 1) errors.as_of = 'given more than once';
  else if (asOfValues.length === 1) {
    const parsed = parseAsOf(asOfValues[0]!);
    if (parsed.ok) asOf = parsed.value;
    else errors.as_of = parsed.error;
  }

  if (!filters.ok || Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    value: { filters: filters.value, bom: bomValues[0] === '1', includeDrafts: include.includes('drafts'), asOf },
  };
}

/** The filters as a canonical query string (for the data package's description and citation). */
export function filtersQuery(filters: Filters): string {
  return filtersToParams(filters).toString();
}

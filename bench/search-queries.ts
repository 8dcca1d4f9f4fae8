/**
 * The mixed search queries of the public lookup benchmarks (bench/pages.ts over HTTP, bench/search.ts in-process),
 * as URL query strings for GET /api/v1/monuments: whole names, 3-letter prefixes as typed, Arabic, a transliteration
 * with its ʿayn, a word with a status filter, a sorted filtered query, FTS syntax treated as text, and report filters
 * without text. `names` are the first monument names of the data set in id order.
 */
export function mixedSearchQueries(names: string[], count = 400): string[] {
  const queries: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = names[(i * 37) % names.length]!;
    const word = name.split(/\s+/)[1] ?? name;
    const variants = [
      `q=${encodeURIComponent(name)}`,
      `q=${encodeURIComponent(word.slice(0, 3))}`,
      `q=${encodeURIComponent('معبد')}`,
      `q=${encodeURIComponent('Baʿal')}`,
      `q=${encodeURIComponent(word)}&status=destroyed`,
      `q=temple&country=SY&sort=latest`,
      `q=${encodeURIComponent('"AND (zzz*')}`,
      `kind=tomb&from=2015&to=2016`,
    ];
    queries.push(variants[i % variants.length]!);
  }
  return queries;
}

/** The SQL that picks `names` for `mixedSearchQueries`. */
export const QUERY_NAMES_SQL = 'SELECT name FROM monuments ORDER BY id LIMIT 2000';

/** Which of the eight kinds a query of `mixedSearchQueries` is (its index modulo 8), for per-kind figures. */
export const QUERY_KINDS = [
  'whole name',
  '3-letter prefix',
  'Arabic معبد',
  'Baʿal',
  'word + status',
  'temple + country + latest',
  'FTS syntax',
  'kind + dates, no text',
] as const;

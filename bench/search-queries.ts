/**
 * The mixed search queries of the public lookup benchmarks (bench/pages.ts over HTTP, bench/search.ts in-process and
 * over HTTP), as URL query strings for GET /api/v1/monuments: whole names, 3-letter prefixes as typed, Arabic, a
 * transliteration with its ʿayn, a word with a status filter, a sorted filtered query, FTS syntax treated as text,
 * report filters without text, words only report and source text holds (summaries, a publisher), a name word with
 * two letters swapped (no hit: "did you mean" runs), and areas (`bbox`, with a prefix or a kind). `names` are the
 * first monument names of the data set in id order.
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
      // Report and source text (bench/generate.ts summaries and publishers).
      ['q=bulldozer', 'q=looting%20courtyard', 'q=UNOSAT', `q=${encodeURIComponent('حريق')}`][i % 4]!,
      `q=${encodeURIComponent(swapped(word))}`,
      [
        `bbox=36,33,37,34&q=${encodeURIComponent(word.slice(0, 3))}`,
        'bbox=38,33,40,35&kind=tomb',
        'bbox=170,-10,-170,10',
      ][i % 3]!,
    ];
    queries.push(variants[i % variants.length]!);
  }
  return queries;
}

/** A word with its second and third letters swapped, as typed in a hurry ("Temple" → "Tmeple"). */
const swapped = (word: string) => (word.length < 4 ? `${word}x` : word[0]! + word[2]! + word[1]! + word.slice(3));

/** The SQL that picks `names` for `mixedSearchQueries`. */
export const QUERY_NAMES_SQL = 'SELECT name FROM monuments ORDER BY id LIMIT 2000';

/** Which of the kinds a query of `mixedSearchQueries` is (its index modulo their number), for per-kind figures. */
export const QUERY_KINDS = [
  'whole name',
  '3-letter prefix',
  'Arabic معبد',
  'Baʿal',
  'word + status',
  'temple + country + latest',
  'FTS syntax',
  'kind + dates, no text',
  'report text',
  'typo',
  'bbox',
] as const;

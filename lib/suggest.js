// @ts-check
/**
 * GET /api/v1/suggest: its parameters and its answer (docs/api.md, "Suggestions"). Both the route handler
 * (app/api/v1/suggest/route.ts) and server.js, which answers valid requests itself without Next (a suggestion is
 * asked at every pause in typing: bench/suggest.ts), build the answer here, so the two never differ. Invalid requests
 * always reach the route, which answers them in the one error shape (lib/http/problem.ts).
 *
 * Plain CommonJS (types in suggest.d.ts) so that server.js can require it without a bundler.
 */
const { z } = require('zod');
const { SHARED_CACHE_CONTROL } = require('./routes');

const DEFAULT_LIMIT = 8;
const MAX_LIMIT = 20;
const ALLOWED = ['q', 'locale', 'limit'];

const Params = z.object({
  q: z.string({ error: 'required: the text typed so far' }).trim().max(200, 'at most 200 characters'),
  locale: z.enum(['en', 'ar'], { error: 'expected en or ar' }).default('en'),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, `expected a whole number from 1 to ${MAX_LIMIT}`)
    .transform(Number)
    .refine((n) => n >= 1 && n <= MAX_LIMIT, `expected a whole number from 1 to ${MAX_LIMIT}`)
    .default(DEFAULT_LIMIT),
});

/**
 * @typedef {{ q: string, locale: 'en' | 'ar', limit: number }} SuggestParams
 * @param {URLSearchParams} params
 * @returns {{ ok: true, value: SuggestParams } | { ok: false, errors: Record<string, string> }}
 */
function parseSuggestParams(params) {
  /** @type {Record<string, string>} */
  const errors = {};
  /** @type {Record<string, string>} */
  const given = {};
  for (const key of new Set(params.keys())) {
    if (!ALLOWED.includes(key)) {
      errors[key.slice(0, 40)] = `unknown parameter; expected one of: ${ALLOWED.join(', ')}`;
      continue;
    }
    const values = params.getAll(key);
    if (values.length > 1) errors[key] = 'give it once';
    else given[key] = /** @type {string} */ (values[0]);
  }
  const parsed = Params.safeParse(given);
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? 'q');
      errors[key] ??= issue.message;
    }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, value: parsed.data };
}

/** @param {string} base @param {'en' | 'ar'} locale @param {string} path */
const pageUrl = (base, locale, path) => `${base}${locale === 'ar' ? '/ar' : ''}${path}`;

/**
 * The answer's body: each suggestion with its name in the asked language (Arabic where the record has one), the
 * other language's name, and the page to go to in that language (`path`, and `url` with PUBLIC_BASE_URL).
 * @param {import('../db/queries/suggest').Suggestion[]} found
 * @param {SuggestParams} params
 * @param {string} baseUrl  PUBLIC_BASE_URL
 */
function suggestionsJson(found, params, baseUrl) {
  const base = baseUrl.replace(/\/$/, '');
  const ar = params.locale === 'ar';
  /** @param {{ name: string, nameAr: string | null }} r */
  const names = (r) => ({
    name: ar && r.nameAr ? r.nameAr : r.name,
    other_name: ar ? (r.nameAr ? r.name : null) : r.nameAr,
  });
  const data = found.map((r) => {
    const path = `/${r.type === 'monument' ? 'monuments' : 'sites'}/${r.slug}`;
    const link = {
      path: `${ar ? '/ar' : ''}${path}`,
      url: pageUrl(base, params.locale, path),
      api_url: `${base}/api/v1${path}`,
    };
    if (r.type === 'site')
      return {
        type: r.type,
        slug: r.slug,
        ...names(r),
        kind: null,
        status: null,
        in_danger: r.inDanger,
        site: null,
        ...link,
      };
    return {
      type: r.type,
      slug: r.slug,
      ...names(r),
      kind: r.kind,
      status: r.status,
      site: { slug: r.siteSlug, ...names({ name: r.siteName, nameAr: r.siteNameAr }) },
      ...link,
    };
  });
  return { data, meta: { q: params.q, locale: params.locale, limit: params.limit, count: data.length } };
}

/** Headers of a successful answer: shareable briefly by any cache, revalidated with the data version's ETag (server.js). */
const SUGGEST_HEADERS = {
  'Content-Type': 'application/json',
  'Cache-Control': SHARED_CACHE_CONTROL,
  'Access-Control-Allow-Origin': '*',
  'X-Content-Type-Options': 'nosniff',
};

module.exports = { parseSuggestParams, suggestionsJson, SUGGEST_HEADERS, DEFAULT_LIMIT, MAX_LIMIT };

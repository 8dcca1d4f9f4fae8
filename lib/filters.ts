import { z } from 'zod';
import { damageCauses, damageLevels, monumentKinds, verificationStatuses } from './vocab';
import { parsePartialDate } from './dates';

/**
 * The public search filters, shared by the search page, the JSON API and every export, so that
 * "what I see is what I download". All of them live in the URL (repeat a parameter or separate values
 * with commas for several values of one filter).
 */
export const FILTER_PARAMS = [
  'q',
  'country',
  'site',
  'kind',
  'status',
  'cause',
  'verification',
  'actor',
  'from',
  'to',
  'bbox',
] as const;

/**
 * An area as `bbox=minLon,minLat,maxLon,maxLat` (WGS 84 degrees, the order of GeoJSON and OpenStreetMap). A box whose
 * minLon is greater than its maxLon crosses the antimeridian (170,-20,-170,20 spans 170° E to 170° W); latitudes
 * must be in order. Edges are inclusive; records without coordinates are outside every box.
 */
export interface BBox {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

const NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)$/;

const bbox = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx): BBox | undefined => {
    if (!v) return undefined;
    const parts = v.split(',').map((x) => x.trim());
    if (parts.length !== 4 || parts.some((x) => !NUMBER.test(x) || x.length > 30)) {
      ctx.addIssue({ code: 'custom', message: 'expected four numbers: minLon,minLat,maxLon,maxLat' });
      return z.NEVER;
    }
    const [minLon, minLat, maxLon, maxLat] = parts.map(Number) as [number, number, number, number];
    const problems: string[] = [];
    for (const [name, value] of [
      ['minLon', minLon],
      ['maxLon', maxLon],
    ] as const)
      if (value < -180 || value > 180) problems.push(`${name} must be a longitude from -180 to 180`);
    for (const [name, value] of [
      ['minLat', minLat],
      ['maxLat', maxLat],
    ] as const)
      if (value < -90 || value > 90) problems.push(`${name} must be a latitude from -90 to 90`);
    if (problems.length === 0 && minLat > maxLat) problems.push('minLat must not be greater than maxLat');
    if (problems.length) {
      ctx.addIssue({ code: 'custom', message: problems.join('; ') });
      return z.NEVER;
    }
    return { minLon, minLat, maxLon, maxLat };
  });

/** A box as its URL value (the numbers as the reader gave them, without trailing zeros). */
export const bboxParam = (b: BBox) => `${b.minLon},${b.minLat},${b.maxLon},${b.maxLat}`;

const list = <T extends string>(codes: readonly [T, ...T[]], what: string) =>
  z.array(z.string()).transform((values, ctx) => {
    const out: T[] = [];
    for (const v of values
      .flatMap((x) => x.split(','))
      .map((x) => x.trim())
      .filter(Boolean)) {
      if ((codes as readonly string[]).includes(v)) out.push(v as T);
      else
        ctx.addIssue({
          code: 'custom',
          message: `unknown ${what} "${v.slice(0, 40)}"; expected one of: ${codes.join(', ')}`,
        });
    }
    return [...new Set(out)];
  });

const partialDate = (edge: 'start' | 'end') =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) return undefined;
      const parsed = parsePartialDate(v);
      if (!parsed) {
        ctx.addIssue({ code: 'custom', message: 'expected a date as YYYY, YYYY-MM or YYYY-MM-DD' });
        return z.NEVER;
      }
      if (edge === 'start') return parsed.date;
      // The end of a partial date is its last day: to=2015 includes 31 December 2015.
      const [y, m] = parsed.date.split('-').map(Number) as [number, number];
      if (parsed.precision === 'year') return `${y}-12-31`;
      if (parsed.precision === 'month') return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
      return parsed.date;
    });

export const FiltersInput = z
  .object({
    q: z
      .string()
      .trim()
      .max(200, 'at most 200 characters')
      .optional()
      .transform((v) => v || undefined),
    country: z.array(z.string()).transform((values, ctx) => {
      const out = values
        .flatMap((x) => x.split(','))
        .map((x) => x.trim().toUpperCase())
        .filter(Boolean);
      for (const c of out)
        if (!/^[A-Z]{2}$/.test(c))
          ctx.addIssue({ code: 'custom', message: `"${c.slice(0, 40)}" is not an ISO 3166-1 alpha-2 country code` });
      return [...new Set(out)];
    }),
    site: z.array(z.string()).transform((values, ctx) => {
      const out = values
        .flatMap((x) => x.split(','))
        .map((x) => x.trim())
        .filter(Boolean);
      for (const s of out)
        if (!/^[a-z0-9][a-z0-9-]{0,99}$/.test(s))
          ctx.addIssue({ code: 'custom', message: `"${s.slice(0, 40)}" is not a site slug` });
      return [...new Set(out)];
    }),
    kind: list(monumentKinds.codes, 'monument kind'),
    status: list(damageLevels.codes, 'status'),
    cause: list(damageCauses.codes, 'cause'),
    verification: list(verificationStatuses.codes, 'verification status'),
    // The reported actor as written on a report (free text, matched exactly): what a chart's bar links to.
    actor: z
      .string()
      .trim()
      .max(200, 'at most 200 characters')
      .optional()
      .transform((v) => v || undefined),
    from: partialDate('start'),
    to: partialDate('end'),
    bbox,
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: '"from" must not be after "to"', path: ['to'] });

export type Filters = z.infer<typeof FiltersInput>;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

/** Reads the filters from URL search parameters; every bad parameter is named with its own message. */
export function parseFilters(params: URLSearchParams): ParseResult<Filters> {
  const raw: Record<string, unknown> = {};
  for (const key of FILTER_PARAMS) {
    const values = params.getAll(key);
    raw[key] = ['q', 'actor', 'from', 'to', 'bbox'].includes(key) ? values[0] : values;
  }
  const parsed = FiltersInput.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? 'query');
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}

/** Filters back to URL parameters (for links: paging, removing one filter, the matching export). */
export function filtersToParams(f: Partial<Filters>): URLSearchParams {
  const p = new URLSearchParams();
  if (f.q) p.set('q', f.q);
  for (const key of ['country', 'site', 'kind', 'status', 'cause', 'verification'] as const) {
    const values = f[key];
    if (values && values.length) p.set(key, values.join(','));
  }
  if (f.actor) p.set('actor', f.actor);
  if (f.from) p.set('from', f.from);
  if (f.to) p.set('to', f.to);
  if (f.bbox) p.set('bbox', bboxParam(f.bbox));
  return p;
}

export const emptyFilters: Filters = {
  q: undefined,
  country: [],
  site: [],
  kind: [],
  status: [],
  cause: [],
  verification: [],
  actor: undefined,
  from: undefined,
  to: undefined,
  bbox: undefined,
};

/** Whether any filter (besides the text query) narrows the results. */
export const hasNarrowingFilters = (f: Filters) =>
  f.country.length + f.site.length + f.kind.length + f.status.length + f.cause.length + f.verification.length > 0 ||
  !!f.actor ||
  !!f.from ||
  !!f.to ||
  !!f.bbox;

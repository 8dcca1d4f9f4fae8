import { z } from 'zod';

/** The kinds of change readers can filter by (a rejection is never public). */
export const PUBLIC_CHANGE_ACTIONS = ['create', 'update', 'delete', 'restore', 'publish', 'revert'] as const;
export const PUBLIC_CHANGE_TYPES = ['site', 'monument', 'report', 'source'] as const;

/** /changes and /changes.atom query parameters: each optional, each checked. */
const Query = z.object({
  site: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,119}$/, 'a site slug such as "palmyra"')
    .optional(),
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'an ISO 3166-1 alpha-2 country code such as SY')
    .transform((c) => c.toUpperCase())
    .optional(),
  type: z.enum(PUBLIC_CHANGE_TYPES, { message: `one of ${PUBLIC_CHANGE_TYPES.join(', ')}` }).optional(),
  action: z.enum(PUBLIC_CHANGE_ACTIONS, { message: `one of ${PUBLIC_CHANGE_ACTIONS.join(', ')}` }).optional(),
  before: z.coerce
    .number({ message: 'the id of a change (a whole number)' })
    .int('the id of a change (a whole number)')
    .min(1, 'the id of a change (a whole number)')
    .max(Number.MAX_SAFE_INTEGER, 'the id of a change (a whole number)')
    .optional(),
});
export type ChangeQuery = z.infer<typeof Query>;

const KNOWN = new Set(['site', 'country', 'type', 'action', 'before']);

/**
 * Reads the change filters from a query string: empty values mean "any"; a repeated, unknown or malformed parameter
 * is an error naming it, so a mistyped feed address fails instead of quietly showing everything.
 */
export function parseChangeQuery(
  params: URLSearchParams,
  allowed: readonly string[] = [...KNOWN],
): { ok: true; value: ChangeQuery } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const raw: Record<string, string> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    if (!allowed.includes(key)) errors[key] = `unknown parameter (expected ${allowed.join(', ')})`;
    else if (values.length > 1) errors[key] = 'given more than once';
    else if (values[0] !== '') raw[key] = values[0]!;
  }
  const parsed = Query.safeParse(raw);
  if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value: parsed.data! };
}

/** The query string of a filtered change list (without the cursor unless given), for links and feeds. */
export function changeQueryString(q: ChangeQuery): string {
  const p = new URLSearchParams();
  for (const key of ['site', 'country', 'type', 'action', 'before'] as const)
    if (q[key] !== undefined) p.set(key, String(q[key]));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/**
 * Rules that tie fields of a record together. The curator forms (each record's schema) and the importer both apply
 * them, so a record refused in one is refused in the other with the same field and the same message code.
 */
import type { z } from 'zod';
import { slugify } from '../text';

const blank = (v: unknown) => v === null || v === undefined || v === '';

/** Latitude and longitude go together: the field that lacks its partner ('coordinatesPair'), or null. */
export function coordinatesPairProblem(latitude: unknown, longitude: unknown): 'latitude' | 'longitude' | null {
  if (blank(latitude) === blank(longitude)) return null;
  return blank(latitude) ? 'latitude' : 'longitude';
}

/** "In danger since" means nothing for a site that is not in danger: it is cleared. */
export function inDangerSince(inDanger: boolean, since: number | null): number | null {
  return inDanger ? since : null;
}

/** A record's address when none is given: made from its name ('' when the name has no Latin letters: 'slugRequired'). */
export function slugFromName(name: string): string {
  return slugify(name);
}

/**
 * What sites and monuments share, as issues of their form schemas: an address (typed, or made from the name) and
 * coordinates given as a pair. Returns the address.
 */
export function placeRules(
  v: { slug: string | null; name: string; latitude: number | null; longitude: number | null },
  ctx: z.RefinementCtx,
): string {
  const slug = v.slug ?? slugFromName(v.name);
  if (!slug) ctx.addIssue({ code: 'custom', message: 'slugRequired', path: ['slug'] });
  const unpaired = coordinatesPairProblem(v.latitude, v.longitude);
  if (unpaired) ctx.addIssue({ code: 'custom', message: 'coordinatesPair', path: [unpaired] });
  return slug;
}

/**
 * Reading one cell: formula neutralisation undone, values parsed with the curator forms' own field schemas
 * (lib/inputs/*), and compared with what is stored the way the export writes it, so that a file exported and
 * imported back compares equal cell by cell and changes nothing.
 */
import type { z } from 'zod';
import type { MessageValues } from './types';

export type Check<T> = { ok: true; value: T } | { ok: false; code: string; values?: MessageValues };

/** Characters after which our export adds a single quote to a free-text cell (lib/export/csv.ts neutraliseFormula). */
const NEUTRALISED = /^'[=+\-@\t\r]/;

/** A free-text cell as our export would have neutralised it ("'=SUM(A1)") back to its value ("=SUM(A1)"). */
export function restoreFormula(cell: string): string {
  return NEUTRALISED.test(cell) ? cell.slice(1) : cell;
}

/** Text as compared: line ends, surrounding spaces and Unicode composition do not count as a change. */
export function normText(value: unknown): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return (s.includes('\r') ? s.replace(/\r\n?/g, '\n') : s).trim().normalize('NFC');
}

/** A stored value as the export writes it (numbers as JavaScript prints them, booleans as true/false, null as empty). */
export function exportValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}

/**
 * Runs one of the forms' field schemas on a cell; the first issue's message is the problem code. A length limit
 * comes with its number ("at most 200 characters") and the cell's length, so the message says what to cut.
 */
export function viaSchema<T>(schema: z.ZodType<T, string>, cell: string, values?: MessageValues): Check<T> {
  const parsed = schema.safeParse(cell);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const message = issue?.message ?? 'invalid';
  const code = /^[a-zA-Z]+$/.test(message) ? message : 'invalid';
  if (code === 'tooLong') {
    const max = issue && 'maximum' in issue ? Number(issue.maximum) : NaN;
    return {
      ok: false,
      code,
      values: { ...values, max: Number.isFinite(max) ? max : '?', length: cell.trim().length },
    };
  }
  return { ok: false, code, values };
}

const TRUE = new Set(['true', '1', 'yes', 'y', 'vrai', 'wahr', 'oui', 'ja', 'on']);
const FALSE = new Set(['false', '0', 'no', 'n', 'faux', 'falsch', 'non', 'nein', 'off', '']);

/** true/false as the export writes them; also TRUE/FALSE (Excel), 1/0, yes/no, VRAI/FAUX (French Excel). Empty is false. */
export function parseBoolean(cell: string): Check<boolean> {
  const v = cell.trim().toLowerCase();
  if (TRUE.has(v)) return { ok: true, value: true };
  if (FALSE.has(v)) return { ok: true, value: false };
  return { ok: false, code: 'invalidBoolean', values: { value: excerpt(cell) } };
}

/**
 * A vocabulary code, or (for people typing in a spreadsheet) its English or Arabic label, case-insensitive.
 * Empty is null (the caller decides whether the column is required).
 */
export function parseCode<C extends string>(
  cell: string,
  terms: readonly { code: C; en: string; ar: string }[],
): Check<C | null> {
  const v = cell.trim();
  if (!v) return { ok: true, value: null };
  const lower = v.toLowerCase();
  const term =
    terms.find((t) => t.code === v) ??
    terms.find((t) => t.code.toLowerCase() === lower || t.en.toLowerCase() === lower || t.ar === v);
  if (term) return { ok: true, value: term.code };
  return {
    ok: false,
    code: 'invalidCode',
    values: { value: excerpt(v), allowed: terms.map((t) => t.code).join(', ') },
  };
}

/** The start of a cell, for messages. */
export function excerpt(value: string, max = 40): string {
  const flat = value.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * Field specifications of the import: for each column the importer writes, the record property it fills, how a
 * cell is parsed (the curator forms' own schemas), compared with the stored value, and shown. `readFields` turns a
 * row into the values to create, or the changed values of an existing record.
 */
import type { z } from 'zod';
import { excerpt, exportValue, normText, parseBoolean, parseCode, viaSchema, type Check } from './cells';
import type { FieldChange, MessageValues } from './types';

export interface FieldSpec {
  /** Our column name (as the export writes it). */
  column: string;
  /** Record property. */
  key: string;
  parse(cell: string): Check<unknown>;
  /** Whether a parsed value equals the stored one (so the row does not change it). */
  same(parsed: unknown, stored: unknown): boolean;
  /** A value as the export writes it: also the display of a change. */
  show(value: unknown): string;
  /** Must not be empty. */
  required?: boolean;
  /** The value a created record gets when the file has no such column. */
  fallback?: unknown;
}

const sameText = (a: unknown, b: unknown) => normText(a) === normText(b);
const sameValue = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);

/** Free text, through a form schema (trims, limits length; empty → null for optional fields). */
export const textField = (
  column: string,
  key: string,
  schema: z.ZodType<unknown, string>,
  o: Partial<FieldSpec> = {},
): FieldSpec => ({ column, key, parse: (c) => viaSchema(schema, c), same: sameText, show: exportValue, ...o });

/** A value compared exactly once parsed: numbers, identifiers, dates. */
export const valueField = (
  column: string,
  key: string,
  schema: z.ZodType<unknown, string>,
  o: Partial<FieldSpec> = {},
): FieldSpec => ({ column, key, parse: (c) => viaSchema(schema, c), same: sameValue, show: exportValue, ...o });

export const booleanField = (column: string, key: string): FieldSpec => ({
  column,
  key,
  parse: parseBoolean,
  same: (a, b) => !!a === !!b,
  show: (v) => (v ? 'true' : 'false'),
  fallback: false,
});

export const codeField = (
  column: string,
  key: string,
  terms: readonly { code: string; en: string; ar: string }[],
  o: Partial<FieldSpec> = {},
): FieldSpec => ({ column, key, parse: (c) => parseCode(c, terms), same: sameValue, show: exportValue, ...o });

/** A row's cells by our column name: the restored value, and the column as the file names it (for problems). */
export interface RowCells {
  row: number;
  line: number;
  get(column: string): string | undefined;
  /** The file's name for one of our columns (the UNESCO list names its columns differently). */
  source(column: string): string;
}

export interface FieldIssue {
  column: string;
  code: string;
  values?: MessageValues;
}

export interface FieldsRead {
  values: Record<string, unknown>;
  changes: FieldChange[];
  issues: FieldIssue[];
}

/**
 * Reads the spec'd fields of a row. With `existing`, only columns the file has are read and only values that differ
 * from the stored ones are returned (a cell equal to what the export writes is not even parsed); without, every
 * field gets a value (its fallback, or null, when the file has no such column).
 */
export function readFields(
  specs: readonly FieldSpec[],
  row: RowCells,
  existing: Record<string, unknown> | null,
): FieldsRead {
  const out: FieldsRead = { values: {}, changes: [], issues: [] };
  for (const spec of specs) {
    const cell = row.get(spec.column);
    if (existing) {
      if (cell === undefined) continue;
      const stored = existing[spec.key];
      if (spec.show(stored) === cell) continue;
      const parsed = spec.parse(cell);
      if (!parsed.ok) {
        out.issues.push({
          column: row.source(spec.column),
          code: parsed.code,
          values: { value: excerpt(cell), ...parsed.values },
        });
        continue;
      }
      if (spec.required && (parsed.value === null || parsed.value === '')) {
        out.issues.push({ column: row.source(spec.column), code: 'required' });
        continue;
      }
      if (spec.same(parsed.value, stored)) continue;
      out.values[spec.key] = parsed.value;
      out.changes.push({ column: row.source(spec.column), before: spec.show(stored), after: spec.show(parsed.value) });
      continue;
    }
    let value: unknown = spec.fallback ?? null;
    if (cell !== undefined) {
      const parsed = spec.parse(cell);
      if (!parsed.ok) {
        out.issues.push({
          column: row.source(spec.column),
          code: parsed.code,
          values: { value: excerpt(cell), ...parsed.values },
        });
        continue;
      }
      value = parsed.value ?? spec.fallback ?? null;
    }
    if (spec.required && (value === null || value === '')) {
      out.issues.push({ column: row.source(spec.column), code: 'required' });
      continue;
    }
    out.values[spec.key] = value;
    const shown = spec.show(value);
    if (shown !== '' && !(spec.fallback !== undefined && value === spec.fallback && cell === undefined)) {
      out.changes.push({ column: row.source(spec.column), before: '', after: shown });
    }
  }
  return out;
}

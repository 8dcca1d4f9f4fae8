import type { z } from 'zod';

/** Field name → error codes (translated by the form: messages/<locale>/curator.json "errors"). */
export type FieldErrors = Record<string, string[]>;

/** One field of a refused stale save: as the curator opened it, as saved now, as they typed it; who changed it. */
export interface ConflictRow {
  field: string;
  opened: string;
  current: string;
  yours: string;
  theirs: boolean;
  mine: boolean;
  clash: boolean;
}

/**
 * What a server action returns to its form. `values` is what the user typed (passwords are never included), so
 * the form can be shown again exactly as it was; `submission` changes on every answer so the form remounts
 * with those values.
 */
export interface FormState {
  status: 'idle' | 'invalid' | 'conflict' | 'error' | 'saved';
  values: Record<string, string>;
  fieldErrors: FieldErrors;
  /** A form-level message code (e.g. "conflict", "notFound"). */
  message?: string;
  conflict?: ConflictRow[];
  /** Per-item outcome of a batch (the review queue): "report:12" → null when done, or the reason it was not. */
  results?: Record<string, string | null>;
  submission: number;
}

export const initialFormState = (values: Record<string, string> = {}): FormState => ({
  status: 'idle',
  values,
  fieldErrors: {},
  submission: 0,
});

const SECRET_FIELD = /password/i;

/** The submitted fields as strings, without React's internal fields and without any password field. */
export function formValues(formData: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (key.startsWith('$ACTION') || SECRET_FIELD.test(key) || typeof value !== 'string') continue;
    out[key] = key in out ? `${out[key]},${value}` : value;
  }
  return out;
}

export function answer(
  status: FormState['status'],
  values: Record<string, string>,
  extra: Partial<FormState> = {},
): FormState {
  return { status, values, fieldErrors: {}, submission: Date.now() + Math.random(), ...extra };
}

/** zod issues as field errors; `prefix` names a repeated row ("altNames.2."). */
export function issuesToFieldErrors(issues: z.core.$ZodIssue[], prefix = ''): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const key = prefix + (issue.path.length ? issue.path.join('.') : 'form');
    const code = /^[a-zA-Z]+$/.test(issue.message) ? issue.message : 'invalid';
    addError(out, key, code);
  }
  return out;
}

export function addError(errors: FieldErrors, field: string, code: string): void {
  const list = (errors[field] ??= []);
  if (!list.includes(code)) list.push(code);
}

/** Rows of a repeated group, from fields named `${prefix}.${index}.${field}`, in index order. */
export function readRows(
  values: Record<string, string>,
  prefix: string,
): { index: number; row: Record<string, string> }[] {
  const rows = new Map<number, Record<string, string>>();
  const pattern = new RegExp(`^${prefix}\\.(\\d+)\\.(\\w+)$`);
  for (const [key, value] of Object.entries(values)) {
    const m = pattern.exec(key);
    if (!m) continue;
    const index = Number(m[1]);
    if (!rows.has(index)) rows.set(index, {});
    rows.get(index)![m[2]!] = value;
  }
  return [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([index, row]) => ({ index, row }));
}

/** A positive integer id from a form field, or null. */
export function parseId(value: string | undefined): number | null {
  if (!value || !/^\d{1,12}$/.test(value.trim())) return null;
  const n = Number(value);
  return n > 0 ? n : null;
}

export type Parsed<T> = { ok: true; data: T } | { ok: false; fieldErrors: FieldErrors };

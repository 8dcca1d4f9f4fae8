import { z } from 'zod';
import { parsePartialDate } from '../dates';

/**
 * Field schemas for curator forms. Every form value arrives as a string; blank optional fields become null.
 * Messages are codes ("required", "tooLong"…), translated by the form next to the field.
 */
export const text = (max: number) => z.string().trim().max(max, 'tooLong');
export const requiredText = (max: number) => text(max).min(1, 'required');
export const optionalText = (max: number) => text(max).transform((v) => v || null);

export const optionalInt = (min: number, max: number) =>
  z
    .string()
    .trim()
    .transform((v, ctx) => {
      if (!v) return null;
      if (!/^-?\d+$/.test(v)) {
        ctx.addIssue({ code: 'custom', message: 'notInteger' });
        return z.NEVER;
      }
      const n = Number(v);
      if (n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: 'outOfRange' });
        return z.NEVER;
      }
      return n;
    });

export const requiredId = z
  .string()
  .trim()
  .transform((v, ctx) => {
    if (!v) {
      ctx.addIssue({ code: 'custom', message: 'required' });
      return z.NEVER;
    }
    if (!/^\d{1,12}$/.test(v) || Number(v) < 1) {
      ctx.addIssue({ code: 'custom', message: 'invalidChoice' });
      return z.NEVER;
    }
    return Number(v);
  });

export const optionalNumber = (min: number, max: number) =>
  z
    .string()
    .trim()
    .transform((v, ctx) => {
      if (!v) return null;
      const n = Number(v.replace(',', '.'));
      if (!/^-?\d+([.,]\d+)?$/.test(v) || !Number.isFinite(n)) {
        ctx.addIssue({ code: 'custom', message: 'notNumber' });
        return z.NEVER;
      }
      if (n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: 'outOfRange' });
        return z.NEVER;
      }
      return n;
    });

export const checkbox = z.string().transform((v) => v === 'on' || v === 'true' || v === '1');

export const choice = <T extends string>(codes: readonly T[]) =>
  z
    .string()
    .trim()
    .transform((v, ctx) => {
      if (!v) {
        ctx.addIssue({ code: 'custom', message: 'required' });
        return z.NEVER;
      }
      if (!(codes as readonly string[]).includes(v)) {
        ctx.addIssue({ code: 'custom', message: 'invalidChoice' });
        return z.NEVER;
      }
      return v as T;
    });

export const optionalChoice = <T extends string>(codes: readonly T[]) =>
  z
    .string()
    .trim()
    .transform((v, ctx) => {
      if (!v) return null;
      if (!(codes as readonly string[]).includes(v)) {
        ctx.addIssue({ code: 'custom', message: 'invalidChoice' });
        return z.NEVER;
      }
      return v as T;
    });

export const optionalPattern = (max: number, pattern: RegExp, code: string) =>
  optionalText(max).refine((v) => v === null || pattern.test(v), code);

export const optionalUrl = optionalText(2000).refine((v) => {
  if (v === null) return true;
  try {
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:') && /^https?:\/\//.test(v);
  } catch {
    return false;
  }
}, 'invalidUrl');

/** A full calendar day, YYYY-MM-DD. */
export const optionalDay = optionalText(10).refine(
  (v) => v === null || parsePartialDate(v)?.precision === 'day',
  'invalidDay',
);

/** BCP 47 language tag, e.g. "ar", "ar-Latn", "fr". */
export const LANG_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
export const SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/;

/** Version the form was built from: a save from an older one is refused. */
export const VersionInput = z
  .string()
  .trim()
  .regex(/^\d{1,9}$/, 'invalid')
  .transform(Number);

/** Fills every field the schema names from the submitted values ('' when absent), so a missing field is just blank. */
export function pick<S extends z.ZodObject>(schema: S, values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(schema.shape).map((k) => [k, values[k] ?? '']));
}

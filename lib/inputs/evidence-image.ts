import { z } from 'zod';
import { issuesToFieldErrors, type Parsed } from '../forms';
import { evidenceKinds, evidenceLicences } from '../evidence-images/kinds';
import { checkbox, choice, optionalDay, optionalInt, optionalText, requiredText } from './fields';

/**
 * An evidence image's fields, from the curator form, the command line or a bulk CSV (the same names everywhere).
 * Alt text is required: every image must say what it shows to a reader who cannot see it.
 */
export const EvidenceImageInput = z.object({
  kind: choice(evidenceKinds),
  captionEn: optionalText(1000),
  captionAr: optionalText(1000),
  altText: requiredText(500),
  credit: requiredText(300),
  licence: choice(evidenceLicences),
  takenDate: optionalDay,
  sourceId: optionalInt(1, 1e12),
  keepOriginal: checkbox,
});
export type EvidenceImageData = z.infer<typeof EvidenceImageInput>;

export function parseEvidenceImageForm(values: Record<string, string>): Parsed<EvidenceImageData> {
  const parsed = EvidenceImageInput.safeParse(
    Object.fromEntries(Object.keys(EvidenceImageInput.shape).map((k) => [k, values[k] ?? ''])),
  );
  return parsed.success
    ? { ok: true, data: parsed.data }
    : { ok: false, fieldErrors: issuesToFieldErrors(parsed.error.issues) };
}

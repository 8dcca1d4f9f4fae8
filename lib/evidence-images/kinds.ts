/**
 * What an evidence image is and may be called: its kinds, the licences it may carry, and the variants the registry
 * serves. Pure: forms, the command line, pages, the API and exports read the same lists.
 */

export const evidenceKinds = ['photo', 'satellite_before', 'satellite_after', 'screenshot', 'document_scan'] as const;
export type EvidenceKind = (typeof evidenceKinds)[number];

export const evidenceKindLabels: Record<EvidenceKind, { en: string; ar: string }> = {
  photo: { en: 'Photograph', ar: 'صورة فوتوغرافية' },
  satellite_before: { en: 'Satellite image (before)', ar: 'صورة فضائية (قبل)' },
  satellite_after: { en: 'Satellite image (after)', ar: 'صورة فضائية (بعد)' },
  screenshot: { en: 'Screenshot', ar: 'لقطة شاشة' },
  document_scan: { en: 'Scanned document', ar: 'مستند ممسوح ضوئياً' },
};

/**
 * SPDX identifiers where one exists, else the registry's own codes. `all-rights-reserved` is shown as "used as
 * evidence": the registry shows the image to document damage, it grants no licence to reuse it.
 */
export const evidenceLicences = [
  'CC-BY-4.0',
  'CC-BY-SA-4.0',
  'CC0-1.0',
  'public-domain',
  'permission',
  'all-rights-reserved',
] as const;
export type EvidenceLicence = (typeof evidenceLicences)[number];

export const evidenceLicenceLabels: Record<EvidenceLicence, { en: string; ar: string; url?: string }> = {
  'CC-BY-4.0': {
    en: 'CC BY 4.0',
    ar: 'المشاع الإبداعي: نسب المصنف 4.0 (CC BY 4.0)',
    url: 'https://creativecommons.org/licenses/by/4.0/',
  },
  'CC-BY-SA-4.0': {
    en: 'CC BY-SA 4.0',
    ar: 'المشاع الإبداعي: نسب المصنف - الترخيص بالمثل 4.0 (CC BY-SA 4.0)',
    url: 'https://creativecommons.org/licenses/by-sa/4.0/',
  },
  'CC0-1.0': {
    en: 'CC0 1.0',
    ar: 'إهداء إلى الملك العام (CC0 1.0)',
    url: 'https://creativecommons.org/publicdomain/zero/1.0/',
  },
  'public-domain': { en: 'Public domain', ar: 'ملكية عامة' },
  permission: { en: 'Used with permission', ar: 'مستخدمة بإذن' },
  'all-rights-reserved': { en: 'Used as evidence', ar: 'مستخدمة دليلاً' },
};

/** Sizes served (the longest side never grows: a small image keeps its size). */
export const evidenceVariants = ['thumb', 'page', 'full'] as const;
export type EvidenceVariant = (typeof evidenceVariants)[number];
export const VARIANT_WIDTHS: Record<EvidenceVariant, number> = { thumb: 320, page: 960, full: 2048 };

export const evidenceFormats = ['avif', 'webp', 'jpg'] as const;
export type EvidenceFormat = (typeof evidenceFormats)[number];
export const FORMAT_TYPES: Record<EvidenceFormat, string> = {
  avif: 'image/avif',
  webp: 'image/webp',
  jpg: 'image/jpeg',
};

export type VariantSizes = Record<EvidenceVariant, { width: number; height: number }>;

/** A variant file's name ("page.webp"), parsed; null for anything else. */
export function parseVariantFile(name: string): { variant: EvidenceVariant; format: EvidenceFormat } | null {
  const m = /^(thumb|page|full)\.(avif|webp|jpg)$/.exec(name);
  return m ? { variant: m[1] as EvidenceVariant, format: m[2] as EvidenceFormat } : null;
}

export const SHA256 = /^[0-9a-f]{64}$/;

/** The public address of one variant of an image. */
export function evidenceUrl(sha256: string, variant: EvidenceVariant, format: EvidenceFormat): string {
  return `/evidence/${sha256}/${variant}.${format}`;
}

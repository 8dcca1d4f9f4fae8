/**
 * Controlled vocabularies: the one place their codes and labels live.
 * Codes are stable identifiers (they appear in CSV exports and the API); labels may be reworded.
 * The database enforces the same codes through CHECK constraints built from these lists.
 */

type Term = { readonly code: string; readonly en: string; readonly ar: string; readonly note?: string };

function vocabulary<const T extends readonly Term[]>(terms: T) {
  const codes = terms.map((t) => t.code) as unknown as [T[number]['code'], ...T[number]['code'][]];
  return { terms, codes };
}

export const monumentKinds = vocabulary([
  { code: 'temple', en: 'Temple', ar: 'معبد' },
  { code: 'arch', en: 'Arch', ar: 'قوس' },
  { code: 'theatre', en: 'Theatre', ar: 'مسرح' },
  { code: 'tomb', en: 'Tomb', ar: 'مدفن' },
  { code: 'colonnade', en: 'Colonnade', ar: 'رواق أعمدة' },
  { code: 'museum', en: 'Museum', ar: 'متحف' },
  { code: 'statue', en: 'Statue', ar: 'تمثال' },
  { code: 'citadel', en: 'Citadel', ar: 'قلعة' },
  { code: 'mosque', en: 'Mosque', ar: 'مسجد' },
  { code: 'church', en: 'Church', ar: 'كنيسة' },
  { code: 'monastery', en: 'Monastery', ar: 'دير' },
  { code: 'shrine', en: 'Shrine', ar: 'مزار' },
  { code: 'prison', en: 'Prison', ar: 'سجن' },
  { code: 'city_quarter', en: 'City quarter', ar: 'حي من المدينة' },
  { code: 'other', en: 'Other', ar: 'أخرى' },
] as const);

/** Ordered from least to most severe; `unknown` sorts below everything (it says nothing). Aligned with UNOSAT's classes. */
export const damageLevels = vocabulary([
  { code: 'unknown', en: 'Unknown', ar: 'غير معروف' },
  { code: 'no_visible_damage', en: 'No visible damage', ar: 'لا ضرر ظاهر' },
  { code: 'possible_damage', en: 'Possible damage', ar: 'ضرر محتمل' },
  { code: 'moderate_damage', en: 'Moderate damage', ar: 'ضرر متوسط' },
  { code: 'severe_damage', en: 'Severe damage', ar: 'ضرر شديد' },
  { code: 'destroyed', en: 'Destroyed', ar: 'مدمَّر' },
] as const);

export const damageCauses = vocabulary([
  { code: 'explosives', en: 'Explosives / deliberate demolition', ar: 'متفجرات / هدم متعمد' },
  { code: 'bulldozing', en: 'Bulldozing', ar: 'تجريف' },
  { code: 'looting', en: 'Looting / illicit excavation', ar: 'نهب / تنقيب غير مشروع' },
  { code: 'shelling_airstrike', en: 'Shelling / airstrike', ar: 'قصف مدفعي / غارة جوية' },
  { code: 'gunfire', en: 'Gunfire', ar: 'إطلاق نار' },
  { code: 'fire', en: 'Fire', ar: 'حريق' },
  { code: 'military_use', en: 'Military use / occupation', ar: 'استخدام عسكري / احتلال' },
  { code: 'misuse', en: 'Misuse (e.g. staged executions)', ar: 'سوء استخدام (مثل الإعدامات العلنية)' },
  { code: 'neglect', en: 'Neglect', ar: 'إهمال' },
  { code: 'natural', en: 'Natural', ar: 'طبيعي' },
  { code: 'other', en: 'Other', ar: 'أخرى' },
] as const);

/** EAMENA's certainty scale, most to least certain. */
export const certainties = vocabulary([
  { code: 'definite', en: 'Definite', ar: 'مؤكد' },
  { code: 'high', en: 'High', ar: 'عالٍ' },
  { code: 'medium', en: 'Medium', ar: 'متوسط' },
  { code: 'low', en: 'Low', ar: 'منخفض' },
  { code: 'negligible', en: 'Negligible', ar: 'ضئيل' },
] as const);

export const verificationStatuses = vocabulary([
  { code: 'unverified', en: 'Unverified', ar: 'غير متحقق منه' },
  { code: 'corroborated', en: 'Corroborated', ar: 'معزَّز بمصادر أخرى' },
  { code: 'confirmed', en: 'Confirmed', ar: 'مؤكَّد' },
  { code: 'disputed', en: 'Disputed', ar: 'متنازع عليه' },
  { code: 'retracted', en: 'Retracted', ar: 'مسحوب' },
] as const);

export const reviewStates = vocabulary([
  { code: 'draft', en: 'Draft', ar: 'مسودة' },
  { code: 'published', en: 'Published', ar: 'منشور' },
  { code: 'rejected', en: 'Rejected', ar: 'مرفوض' },
] as const);

export const sourceTypes = vocabulary([
  { code: 'news', en: 'News', ar: 'خبر صحفي' },
  { code: 'satellite_imagery', en: 'Satellite imagery', ar: 'صور أقمار صناعية' },
  { code: 'ngo_expert_report', en: 'NGO / expert report', ar: 'تقرير منظمة أو خبراء' },
  { code: 'official_statement', en: 'Official statement', ar: 'بيان رسمي' },
  { code: 'social_media', en: 'Social media', ar: 'وسائل التواصل الاجتماعي' },
  { code: 'field_survey', en: 'Field survey', ar: 'مسح ميداني' },
] as const);

export const stances = vocabulary([
  { code: 'supports', en: 'Supports', ar: 'يؤيد' },
  { code: 'disputes', en: 'Disputes', ar: 'ينفي' },
] as const);

/** Precision of a report's event date: the date columns hold the earliest (and for ranges the latest) day. */
export const datePrecisions = vocabulary([
  { code: 'day', en: 'Day', ar: 'يوم' },
  { code: 'month', en: 'Month', ar: 'شهر' },
  { code: 'year', en: 'Year', ar: 'سنة' },
  { code: 'approximate', en: 'Approximate range', ar: 'نطاق تقريبي' },
] as const);

/** Which step of the status rule (lib/status.ts) decided a monument's current status. */
export const statusBases = vocabulary([
  { code: 'established', en: 'Confirmed or corroborated', ar: 'مؤكدة أو معززة' },
  { code: 'unverified', en: 'Unverified report', ar: 'تقرير غير متحقق منه' },
  { code: 'disputed', en: 'Disputed claim', ar: 'رواية متنازع عليها' },
  { code: 'none', en: 'No published report', ar: 'لا يوجد تقرير منشور' },
] as const);

export const userRoles = vocabulary([
  { code: 'admin', en: 'Administrator', ar: 'مدير' },
  { code: 'editor', en: 'Editor', ar: 'محرر' },
  { code: 'contributor', en: 'Contributor', ar: 'مساهم' },
] as const);

export const revisionActions = vocabulary([
  { code: 'create', en: 'Created', ar: 'إنشاء' },
  { code: 'update', en: 'Updated', ar: 'تعديل' },
  { code: 'delete', en: 'Deleted', ar: 'حذف' },
  { code: 'restore', en: 'Restored', ar: 'استعادة' },
  { code: 'publish', en: 'Published', ar: 'نشر' },
  { code: 'reject', en: 'Rejected', ar: 'رفض' },
  { code: 'revert', en: 'Reverted', ar: 'إرجاع' },
] as const);

/** A contributor's proposed edit to an existing record waits as `pending` until an editor approves or rejects it. */
export const proposalStates = vocabulary([
  { code: 'pending', en: 'Waiting for review', ar: 'بانتظار المراجعة' },
  { code: 'approved', en: 'Approved', ar: 'مقبول' },
  { code: 'rejected', en: 'Rejected', ar: 'مرفوض' },
] as const);

export const vocabularies = {
  monumentKind: monumentKinds,
  damageLevel: damageLevels,
  damageCause: damageCauses,
  certainty: certainties,
  verificationStatus: verificationStatuses,
  reviewState: reviewStates,
  sourceType: sourceTypes,
  stance: stances,
  datePrecision: datePrecisions,
  statusBasis: statusBases,
  userRole: userRoles,
  revisionAction: revisionActions,
  proposalState: proposalStates,
} as const;

export type VocabularyName = keyof typeof vocabularies;
export type Code<V extends VocabularyName> = (typeof vocabularies)[V]['codes'][number];
export type MonumentKind = Code<'monumentKind'>;
export type DamageLevel = Code<'damageLevel'>;
export type DamageCause = Code<'damageCause'>;
export type Certainty = Code<'certainty'>;
export type VerificationStatus = Code<'verificationStatus'>;
export type ReviewState = Code<'reviewState'>;
export type SourceType = Code<'sourceType'>;
export type Stance = Code<'stance'>;
export type DatePrecision = Code<'datePrecision'>;
export type UserRole = Code<'userRole'>;
export type RevisionAction = Code<'revisionAction'>;
export type ProposalState = Code<'proposalState'>;

/** The label of a code in a locale; falls back to the code itself so an unknown value is visible, not blank. */
export function vocabLabel(name: VocabularyName, code: string | null | undefined, locale: string): string {
  if (!code) return '';
  const term = (vocabularies[name].terms as readonly Term[]).find((t) => t.code === code);
  if (!term) return code;
  return locale === 'ar' ? term.ar : term.en;
}

/** Severity rank of a damage level (higher is worse); `unknown` ranks lowest. */
export function severityRank(level: DamageLevel): number {
  return damageLevels.codes.indexOf(level);
}

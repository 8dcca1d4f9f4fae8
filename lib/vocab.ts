/**
 * Controlled vocabularies: the one place their codes and labels live.
 * Codes are stable identifiers (they appear in CSV exports and the API); labels may be reworded.
 * The database enforces the same codes through CHECK constraints built from these lists.
 */
import { evidenceKindLabels, evidenceKinds, evidenceLicenceLabels, evidenceLicences } from './evidence-images/kinds';

/** What a term means, in both languages: shown on the public methodology page and in the export's data dictionary. */
export type Definition = { readonly en: string; readonly ar: string };
type Term = {
  readonly code: string;
  readonly en: string;
  readonly ar: string;
  readonly note?: string;
  readonly definition?: Definition;
  /** Damage levels: the UNOSAT damage class it corresponds to (null: none). */
  readonly unosat?: string | null;
};

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
  {
    code: 'unknown',
    en: 'Unknown',
    ar: 'غير معروف',
    definition: {
      en: 'No report the registry counts says what state the monument is in, or the report that counts did not assess damage (for example, it records the misuse of a site). It is not a damage finding and is never read as "no damage".',
      ar: 'لا يذكر أي تقرير معتمد في السجل حالة المعلم، أو أن التقرير المعتمد لم يقيّم الضرر (كأن يوثّق سوء استخدام الموقع). ليس هذا استنتاجاً عن الضرر، ولا يُفهم أبداً على أنه «لا ضرر».',
    },
    unosat: null,
  },
  {
    code: 'no_visible_damage',
    en: 'No visible damage',
    ar: 'لا ضرر ظاهر',
    definition: {
      en: 'The structure appears intact: no damage can be seen in imagery or on the ground at the date of the report. It does not rule out damage that cannot be seen (interiors, foundations). UNOSAT class: No Visible Damage.',
      ar: 'يبدو المبنى سليماً: لا يُرى أي ضرر في الصور أو على الأرض في تاريخ التقرير. ولا ينفي ذلك ضرراً لا يمكن رؤيته (في الداخل أو في الأساسات). يقابله في تصنيف يونوسات: لا ضرر ظاهر.',
    },
    unosat: 'No Visible Damage',
  },
  {
    code: 'possible_damage',
    en: 'Possible damage',
    ar: 'ضرر محتمل',
    definition: {
      en: 'There are signs that the structure may be damaged — debris, scorch marks, an impact nearby — but the damage itself cannot be made out. A warning, not a sign that the monument is fine. UNOSAT class: Possible Damage.',
      ar: 'ثمة دلائل على أن المبنى قد يكون متضرراً — أنقاض أو آثار حريق أو قصف قريب — لكن الضرر نفسه لا يمكن تبيّنه. هذا تحذير، وليس دليلاً على أن المعلم سليم. يقابله في تصنيف يونوسات: ضرر محتمل.',
    },
    unosat: 'Possible Damage',
  },
  {
    code: 'moderate_damage',
    en: 'Moderate damage',
    ar: 'ضرر متوسط',
    definition: {
      en: 'Part of the structure is damaged — a collapsed section, holes in walls or roof, a burnt interior — while most of it still stands. UNOSAT class: Moderate Damage.',
      ar: 'جزء من المبنى متضرر — قسم منهار أو ثقوب في الجدران أو السقف أو داخل محترق — بينما لا يزال معظمه قائماً. يقابله في تصنيف يونوسات: ضرر متوسط.',
    },
    unosat: 'Moderate Damage',
  },
  {
    code: 'severe_damage',
    en: 'Severe damage',
    ar: 'ضرر شديد',
    definition: {
      en: 'Much of the structure has collapsed or is damaged beyond simple repair, though part of it still stands. UNOSAT class: Severe Damage.',
      ar: 'انهار جزء كبير من المبنى أو تضرر بما يتجاوز الإصلاح البسيط، وإن بقي جزء منه قائماً. يقابله في تصنيف يونوسات: ضرر شديد.',
    },
    unosat: 'Severe Damage',
  },
  {
    code: 'destroyed',
    en: 'Destroyed',
    ar: 'مدمَّر',
    definition: {
      en: 'The structure is gone or reduced to rubble; what is left could only be rebuilt, not repaired. UNOSAT class: Destroyed.',
      ar: 'زال المبنى أو تحوّل إلى ركام؛ وما بقي منه لا يمكن إصلاحه بل إعادة بنائه فقط. يقابله في تصنيف يونوسات: مدمَّر.',
    },
    unosat: 'Destroyed',
  },
] as const);

export const damageCauses = vocabulary([
  {
    code: 'explosives',
    en: 'Explosives / deliberate demolition',
    ar: 'متفجرات / هدم متعمد',
    definition: {
      en: 'Charges set on purpose to bring a structure down, or its deliberate demolition by other means.',
      ar: 'عبوات وُضعت عمداً لإسقاط المبنى، أو هدمه المتعمد بوسائل أخرى.',
    },
  },
  {
    code: 'bulldozing',
    en: 'Bulldozing',
    ar: 'تجريف',
    definition: {
      en: 'Heavy machinery levelling, digging through or clearing the remains.',
      ar: 'آليات ثقيلة تسوّي البقايا بالأرض أو تحفر فيها أو تزيلها.',
    },
  },
  {
    code: 'looting',
    en: 'Looting / illicit excavation',
    ar: 'نهب / تنقيب غير مشروع',
    definition: {
      en: 'Removal of objects or architectural elements, and digging for antiquities without a permit.',
      ar: 'نزع القطع أو العناصر المعمارية، والحفر بحثاً عن الآثار دون ترخيص.',
    },
  },
  {
    code: 'shelling_airstrike',
    en: 'Shelling / airstrike',
    ar: 'قصف مدفعي / غارة جوية',
    definition: {
      en: 'Artillery, rockets, mortars or bombs dropped from the air, aimed at the monument or striking it.',
      ar: 'قذائف مدفعية أو صواريخ أو هاون أو قنابل من الجو، استهدفت المعلم أو أصابته.',
    },
  },
  {
    code: 'gunfire',
    en: 'Gunfire',
    ar: 'إطلاق نار',
    definition: {
      en: 'Bullets and small-arms fire, including fighting around the monument.',
      ar: 'رصاص وأسلحة خفيفة، بما في ذلك القتال حول المعلم.',
    },
  },
  {
    code: 'fire',
    en: 'Fire',
    ar: 'حريق',
    definition: {
      en: 'Burning, whether set deliberately or caused by fighting or accident.',
      ar: 'احتراق، سواء أُضرم عمداً أو نتج عن القتال أو عن حادث.',
    },
  },
  {
    code: 'military_use',
    en: 'Military use / occupation',
    ar: 'استخدام عسكري / احتلال',
    definition: {
      en: 'Use of the monument as a base, position, depot or checkpoint, including trenches and earthworks.',
      ar: 'استخدام المعلم قاعدةً أو موقعاً أو مستودعاً أو حاجزاً، بما في ذلك الخنادق والسواتر الترابية.',
    },
  },
  {
    code: 'misuse',
    en: 'Misuse (e.g. staged executions)',
    ar: 'سوء استخدام (مثل الإعدامات العلنية)',
    definition: {
      en: "Use of the monument for acts that do not themselves damage it, such as staged executions. Reports with this cause are not damage findings: they are listed on the monument's timeline, not among damage events.",
      ar: 'استخدام المعلم لأفعال لا تلحق به ضرراً بحد ذاتها، مثل الإعدامات العلنية. التقارير ذات هذا السبب ليست استنتاجات عن الضرر: تُدرج في السجل الزمني للمعلم لا بين أحداث الضرر.',
    },
  },
  {
    code: 'neglect',
    en: 'Neglect',
    ar: 'إهمال',
    definition: {
      en: 'Decay from lack of care or maintenance, often because the site cannot be reached.',
      ar: 'تدهور بسبب غياب الرعاية أو الصيانة، وغالباً لتعذّر الوصول إلى الموقع.',
    },
  },
  {
    code: 'natural',
    en: 'Natural',
    ar: 'طبيعي',
    definition: {
      en: 'Earthquakes, floods, storms or erosion.',
      ar: 'الزلازل أو الفيضانات أو العواصف أو التعرية.',
    },
  },
  {
    code: 'other',
    en: 'Other',
    ar: 'أخرى',
    definition: {
      en: "A cause not in this list; the report's summary says what it was.",
      ar: 'سبب غير وارد في هذه القائمة؛ يذكره ملخّص التقرير.',
    },
  },
] as const);

/** EAMENA's certainty scale, most to least certain. */
export const certainties = vocabulary([
  {
    code: 'definite',
    en: 'Definite',
    ar: 'مؤكد',
    definition: {
      en: 'Beyond reasonable doubt: the damage is plainly shown, for example by clear before-and-after imagery or by inspection on the ground.',
      ar: 'لا يقبل الشك المعقول: الضرر ظاهر بوضوح، كأن تُظهره صور واضحة قبل الحدث وبعده أو معاينة على الأرض.',
    },
  },
  {
    code: 'high',
    en: 'High',
    ar: 'عالٍ',
    definition: {
      en: 'Very likely: the evidence is strong, and doubt remains only about details such as the exact date or extent.',
      ar: 'مرجّح جداً: الأدلة قوية، ولا يبقى الشك إلا في تفاصيل مثل التاريخ الدقيق أو المدى.',
    },
  },
  {
    code: 'medium',
    en: 'Medium',
    ar: 'متوسط',
    definition: {
      en: 'Probable: the evidence points to it but is incomplete or indirect.',
      ar: 'محتمل: الأدلة تشير إليه لكنها ناقصة أو غير مباشرة.',
    },
  },
  {
    code: 'low',
    en: 'Low',
    ar: 'منخفض',
    definition: {
      en: 'Possible: the evidence is slight or ambiguous; it may not have happened as described.',
      ar: 'ممكن: الأدلة ضعيفة أو ملتبسة؛ وقد لا يكون قد حدث كما وُصف.',
    },
  },
  {
    code: 'negligible',
    en: 'Negligible',
    ar: 'ضئيل',
    definition: {
      en: 'Unlikely, or cannot be judged from the evidence available.',
      ar: 'مستبعد، أو لا يمكن الحكم عليه من الأدلة المتاحة.',
    },
  },
] as const);

export const verificationStatuses = vocabulary([
  {
    code: 'unverified',
    en: 'Unverified',
    ar: 'غير متحقق منه',
    definition: {
      en: "Published with at least one supporting source — no report is published without one — but not yet corroborated or confirmed. A weak claim: it decides a monument's status only when no corroborated or confirmed report exists, and is then marked as unverified.",
      ar: 'منشور ويستند إلى مصدر مؤيد واحد على الأقل — فلا يُنشر تقرير دون مصدر — لكنه لم يُعزَّز ولم يُؤكَّد بعد. رواية ضعيفة: لا تحدد حالة المعلم إلا إذا لم يوجد تقرير معزَّز أو مؤكَّد، وعندها توسم بأنها غير متحقق منها.',
    },
  },
  {
    code: 'corroborated',
    en: 'Corroborated',
    ar: 'معزَّز بمصادر أخرى',
    definition: {
      en: 'Supported by sources from at least two independent publishers (two articles from the same publisher count once).',
      ar: 'تؤيده مصادر من جهتَي نشر مستقلتين على الأقل (مقالان من الجهة نفسها يُحسبان مصدراً واحداً).',
    },
  },
  {
    code: 'confirmed',
    en: 'Confirmed',
    ar: 'مؤكَّد',
    definition: {
      en: 'Supported by at least one source of a direct kind: satellite imagery, a field survey, or an official damage assessment.',
      ar: 'يؤيده مصدر مباشر واحد على الأقل: صور أقمار صناعية، أو مسح ميداني، أو تقييم رسمي للأضرار.',
    },
  },
  {
    code: 'disputed',
    en: 'Disputed',
    ar: 'متنازع عليه',
    definition: {
      en: "Contested: some sources support the claim and others dispute it, and the question is not settled. Both sides are shown; a disputed claim decides a monument's status only when no other published report exists.",
      ar: 'موضع خلاف: بعض المصادر تؤيد الرواية وأخرى تنفيها، ولم تُحسم المسألة. يُعرض الجانبان؛ ولا تحدد الرواية المتنازع عليها حالة المعلم إلا إذا لم يوجد تقرير منشور آخر.',
    },
  },
  {
    code: 'retracted',
    en: 'Retracted',
    ar: 'مسحوب',
    definition: {
      en: "Withdrawn because it proved wrong or unsupported. It never counts towards a monument's status and is not listed among the latest events; the revision history keeps it.",
      ar: 'سُحب لأنه ثبت خطؤه أو افتقاره إلى السند. لا يُحتسب أبداً في حالة المعلم ولا يُدرج بين أحدث الأحداث؛ ويحتفظ به سجل المراجعات.',
    },
  },
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
  {
    code: 'established',
    en: 'Confirmed or corroborated',
    ar: 'مؤكدة أو معززة',
    definition: {
      en: 'At least one published report is corroborated or confirmed. The status is the most severe damage level among those reports (on a tie, the latest event). A later, milder report does not lower it: rebuilding is a new fact that needs its own report.',
      ar: 'يوجد تقرير منشور واحد على الأقل معزَّز أو مؤكَّد. الحالة هي أشد مستويات الضرر بين تلك التقارير (وعند التساوي أحدث حدث). ولا يخفّضها تقرير لاحق أخف: فإعادة البناء واقعة جديدة تحتاج إلى تقرير خاص بها.',
    },
  },
  {
    code: 'unverified',
    en: 'Unverified report',
    ar: 'تقرير غير متحقق منه',
    definition: {
      en: 'No report is corroborated or confirmed, but unverified ones exist. The status is the level of the latest unverified report, shown as unverified (a dashed outline).',
      ar: 'لا يوجد تقرير معزَّز أو مؤكَّد، لكن توجد تقارير غير متحقق منها. الحالة هي مستوى أحدث تقرير غير متحقق منه، وتُعرض على أنها غير متحقق منها (بإطار متقطع).',
    },
  },
  {
    code: 'disputed',
    en: 'Disputed claim',
    ar: 'رواية متنازع عليها',
    definition: {
      en: 'Only disputed reports exist. The status is the level of the latest disputed report, shown as disputed (a dashed outline).',
      ar: 'لا توجد إلا تقارير متنازع عليها. الحالة هي مستوى أحدث تقرير متنازع عليه، وتُعرض على أنها متنازع عليها (بإطار متقطع).',
    },
  },
  {
    code: 'none',
    en: 'No published report',
    ar: 'لا يوجد تقرير منشور',
    definition: {
      en: 'No published report counts. The status is Unknown.',
      ar: 'لا يوجد تقرير منشور يُحتسب. الحالة: غير معروف.',
    },
  },
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

/** Evidence images' kinds and licences (lib/evidence-images/kinds.ts), as vocabularies for exports and labels. */
export const evidenceKindVocabulary = vocabulary(evidenceKinds.map((code) => ({ code, ...evidenceKindLabels[code] })));
export const evidenceLicenceVocabulary = vocabulary(
  evidenceLicences.map((code) => ({ code, en: evidenceLicenceLabels[code].en, ar: evidenceLicenceLabels[code].ar })),
);

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
  evidenceKind: evidenceKindVocabulary,
  evidenceLicence: evidenceLicenceVocabulary,
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

/**
 * The vocabularies whose terms carry a definition, each with the prefix of its anchors on the methodology page
 * (`/methodology#damage-destroyed`). Anchors are part of the public addresses: never rename one.
 */
export const definedVocabularies = {
  damageLevel: 'damage',
  damageCause: 'cause',
  certainty: 'certainty',
  verificationStatus: 'verification',
  statusBasis: 'status',
} as const satisfies Partial<Record<VocabularyName, string>>;
export type DefinedVocabulary = keyof typeof definedVocabularies;

/** The methodology page's anchor of a term: `damage-severe-damage`, `verification-corroborated`. */
export function termAnchor(name: DefinedVocabulary, code: string): string {
  return `${definedVocabularies[name]}-${code.replace(/_/g, '-')}`;
}

/** Where a term is defined, without the language prefix (links add it). */
export function termHref(name: DefinedVocabulary, code: string): string {
  return `/methodology#${termAnchor(name, code)}`;
}

/** The definition of a code in a locale ('' when it has none). */
export function vocabDefinition(name: VocabularyName, code: string, locale: string): string {
  const term = (vocabularies[name].terms as readonly Term[]).find((t) => t.code === code);
  if (!term?.definition) return '';
  return locale === 'ar' ? term.definition.ar : term.definition.en;
}

/** Verification levels that make a report an established claim; the others are weak (shown with a dashed outline). */
export function isEstablished(verification: string | null | undefined): boolean {
  return verification === 'confirmed' || verification === 'corroborated';
}

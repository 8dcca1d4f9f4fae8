/**
 * The evidence rules: what a published report's cited sources must show for its verification status. Pure, and the
 * one place the rules live: report writes refuse a published report that breaks them (db/queries/reports.ts, with the
 * importer checking the same before it writes), the status rule ignores a published report that fails them
 * (lib/status.ts), the one-time demotion of older data follows them (db/queries/evidence-migration.ts), and the
 * methodology page prints `evidenceRules`.
 */
import type { SourceType, Stance, VerificationStatus } from './vocab';

/**
 * Source types that observe the damage itself (imagery of the site, or someone on it) rather than repeating a
 * claim. An official damage assessment counts when it rests on one of these and is recorded as such.
 */
export const directSourceTypes: readonly SourceType[] = ['satellite_imagery', 'field_survey'];

/** One cited source, as far as the rules look at it. */
export interface EvidenceCitation {
  stance: Stance;
  publisher: string | null;
  sourceType: SourceType;
  /** A deleted source is not shown to readers, so it is no evidence. */
  deleted?: boolean;
}

export interface EvidenceFacts {
  verificationStatus: VerificationStatus;
  citations: readonly EvidenceCitation[];
}

/** The rules, in the order they are checked; the code names the rule in field errors and import problems. */
export type EvidenceRule = 'evidenceSupportingSource' | 'evidenceIndependentPublishers' | 'evidenceDirectSource';

/** Publishers compared without regard to case or spacing ("UNESCO" = " unesco "); a blank one names no publisher. */
export function publisherKey(publisher: string | null | undefined): string {
  return (publisher ?? '').normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The first rule a published report with these facts breaks, or null when it passes. */
export function evidenceProblem(facts: EvidenceFacts): EvidenceRule | null {
  const supporting = facts.citations.filter((c) => c.stance === 'supports' && !c.deleted);
  if (supporting.length === 0) return 'evidenceSupportingSource';
  if (facts.verificationStatus === 'corroborated') {
    const publishers = new Set(supporting.map((c) => publisherKey(c.publisher)).filter(Boolean));
    if (publishers.size < 2) return 'evidenceIndependentPublishers';
  }
  if (facts.verificationStatus === 'confirmed' && !supporting.some((c) => directSourceTypes.includes(c.sourceType)))
    return 'evidenceDirectSource';
  return null;
}

/**
 * What the one-time data migration does with a published report that breaks a rule: without a supporting source it
 * goes back to the review queue as a draft; a verification its sources do not bear becomes "unverified".
 */
export function demotionFor(rule: EvidenceRule): { reviewState: 'draft' } | { verificationStatus: 'unverified' } {
  return rule === 'evidenceSupportingSource' ? { reviewState: 'draft' } : { verificationStatus: 'unverified' };
}

/** The form field a broken rule is reported on. */
export function evidenceField(rule: EvidenceRule): 'citations' | 'verificationStatus' {
  return rule === 'evidenceSupportingSource' ? 'citations' : 'verificationStatus';
}

/** A write that would leave a published report breaking a rule; thrown inside the transaction, so nothing is kept. */
export class EvidenceRefusal extends Error {
  constructor(
    readonly rule: EvidenceRule,
    readonly reportId: number,
  ) {
    super(`report ${reportId} breaks the evidence rule ${rule}`);
  }
}

type Text = { en: string; ar: string };

/**
 * The rules as readers see them (the methodology page links #evidence-rules and #verification to them). `anchor`
 * is an id for each rule's own paragraph.
 */
export const evidenceRules: readonly { code: EvidenceRule; anchor: string; title: Text; text: Text }[] = [
  {
    code: 'evidenceSupportingSource',
    anchor: 'evidence-supporting-source',
    title: { en: 'Every published report cites a supporting source', ar: 'كل تقرير منشور يستشهد بمصدر مؤيِّد' },
    text: {
      en: 'A report is published only when at least one source it cites supports its claim. A report whose sources only dispute it, or that cites none, stays a draft.',
      ar: 'لا يُنشر التقرير إلا إذا استشهد بمصدر واحد على الأقل يؤيد ما يرويه. أما التقرير الذي لا تستشهد مصادره إلا بما ينفيه، أو لا يستشهد بأي مصدر، فيبقى مسودة.',
    },
  },
  {
    code: 'evidenceIndependentPublishers',
    anchor: 'evidence-corroborated',
    title: { en: '“Corroborated” needs two independent publishers', ar: '«معزَّز بمصادر أخرى» يتطلب ناشرَين مستقلَّين' },
    text: {
      en: 'A report is corroborated only when supporting sources come from at least two different publishers (names compared without regard to case or spacing). Sources without a named publisher do not count towards this.',
      ar: 'لا يوصف التقرير بأنه معزَّز بمصادر أخرى إلا إذا جاءت المصادر المؤيدة من ناشرَين مختلفين على الأقل (تُقارن الأسماء دون اعتبار لحالة الأحرف أو المسافات). ولا تُحتسب لذلك المصادر التي لا يُذكر ناشرها.',
    },
  },
  {
    code: 'evidenceDirectSource',
    anchor: 'evidence-confirmed',
    title: { en: '“Confirmed” needs direct evidence', ar: '«مؤكَّد» يتطلب دليلًا مباشرًا' },
    text: {
      en: 'A report is confirmed only when at least one supporting source observed the damage directly: satellite imagery or a field survey. An official damage assessment counts when it rests on imagery or a site visit and is recorded with that source type.',
      ar: 'لا يوصف التقرير بأنه مؤكَّد إلا إذا كان أحد المصادر المؤيدة على الأقل قد رصد الضرر مباشرة: صور أقمار صناعية أو مسح ميداني. ويُحتسب تقييم الأضرار الرسمي إذا استند إلى صور أو زيارة للموقع وسُجِّل بنوع المصدر هذا.',
    },
  },
];

/** What happens to a published report found breaking a rule, and what the status rule does with it. */
export const evidenceConsequences: Text = {
  en: 'A published report that breaks a rule never sets a monument’s status. Reports published before the rules were enforced were checked once: those without a supporting source went back to the review queue as drafts, and a “corroborated” or “confirmed” their sources did not bear became “unverified”; each change is in the report’s history.',
  ar: 'التقرير المنشور الذي يخالف قاعدة من هذه القواعد لا يحدد حالة المعلم أبدًا. وقد فُحصت مرة واحدة التقارير المنشورة قبل تطبيق القواعد: فما لم يستند منها إلى مصدر مؤيد أُعيد إلى قائمة المراجعة مسودةً، وما وُصف بأنه «معزَّز» أو «مؤكَّد» دون أن تسنده مصادره صار «غير متحقق منه»؛ وكل تغيير مسجل في سجل التقرير.',
};

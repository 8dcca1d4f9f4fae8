import { severityRank, type DamageLevel, type VerificationStatus, type ReviewState } from './vocab';
import { evidenceProblem, type EvidenceCitation } from './evidence';

/**
 * The current-status rule (docs/data-model.md "How a monument's current status is derived"):
 * 1. Only published, not deleted reports count; retracted reports never count, nor do reports whose cited sources
 *    break the evidence rules (lib/evidence.ts: e.g. legacy data, or a supporting source deleted since).
 * 2. Established: if any report is confirmed or corroborated, the status is the most severe damage level
 *    among them (ties: the latest event). Damage does not "heal" by a later, milder report: rebuilding is a
 *    new fact that needs its own report level, and the timeline shows every report anyway.
 * 3. Otherwise unverified: the latest unverified report's level, marked as unverified.
 * 4. Otherwise disputed: the latest disputed report's level, marked as disputed.
 * 5. Otherwise none: "unknown", with no basis report.
 */
export type StatusBasis = 'established' | 'unverified' | 'disputed' | 'none';

export interface StatusInput {
  id: number;
  damageLevel: DamageLevel;
  verificationStatus: VerificationStatus;
  reviewState: ReviewState;
  eventDate: string | null;
  reportedDate: string | null;
  deletedAt: string | null;
  /**
   * The report's cited sources, for the evidence rules. db/queries/status.ts always gives them; only synthetic data
   * that does not model sources (bench/generate.ts) leaves them out, and then the rules are not applied.
   */
  citations?: readonly EvidenceCitation[];
}

export interface MonumentStatus {
  level: DamageLevel;
  basis: StatusBasis;
  reportId: number | null;
}

/** Sort key for "latest": the event date, else the reported date, else the id (later entries win ties). */
function chronology(r: StatusInput): string {
  return `${r.eventDate ?? r.reportedDate ?? ''}#${String(r.id).padStart(12, '0')}`;
}

function latest<T extends StatusInput>(reports: T[]): T | undefined {
  return reports.reduce<T | undefined>((best, r) => (!best || chronology(r) > chronology(best) ? r : best), undefined);
}

export function deriveStatus(reports: StatusInput[]): MonumentStatus {
  const counted = reports.filter(
    (r) =>
      r.reviewState === 'published' &&
      !r.deletedAt &&
      r.verificationStatus !== 'retracted' &&
      (!r.citations || !evidenceProblem({ verificationStatus: r.verificationStatus, citations: r.citations })),
  );

  const established = counted.filter(
    (r) => r.verificationStatus === 'confirmed' || r.verificationStatus === 'corroborated',
  );
  if (established.length > 0) {
    const worst = Math.max(...established.map((r) => severityRank(r.damageLevel)));
    const basis = latest(established.filter((r) => severityRank(r.damageLevel) === worst))!;
    return { level: basis.damageLevel, basis: 'established', reportId: basis.id };
  }
  for (const basis of ['unverified', 'disputed'] as const) {
    const candidate = latest(counted.filter((r) => r.verificationStatus === basis));
    if (candidate) return { level: candidate.damageLevel, basis, reportId: candidate.id };
  }
  return { level: 'unknown', basis: 'none', reportId: null };
}

/** Causes whose reports record something done at a monument, not damage to it (staged executions…). */
export const NON_DAMAGE_CAUSES = ['misuse'] as const;

/**
 * A report is a damage finding when it assesses damage: its level is known and its cause is not one that leaves the
 * fabric untouched. Other reports stay on the monument's timeline, labelled "Not a damage finding", and are never
 * ranked among the latest damage events.
 */
export function isDamageFinding(r: { damageLevel: string; cause?: string | null }): boolean {
  return r.damageLevel !== 'unknown' && !(NON_DAMAGE_CAUSES as readonly string[]).includes(r.cause ?? '');
}

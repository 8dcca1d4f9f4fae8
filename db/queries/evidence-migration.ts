/**
 * The one-time check of reports published before the evidence rules (lib/evidence.ts) were enforced on writes. Run
 * on start and by db:migrate (scripts/prepare-db.ts) until it has run for the current version of the rules, tracked
 * by the meta key `evidence_rules_version`: an SQL migration cannot run the rules, which live in code.
 */
import type { Db } from '../index';
import {
  demotionFor,
  evidenceProblem,
  evidenceRules,
  type EvidenceCitation,
  type EvidenceRule,
} from '../../lib/evidence';
import type { SourceType, Stance, VerificationStatus } from '../../lib/vocab';
import { statement } from './prepared';
import { deferredWrites, flushDeferred, updateReport } from './reports';

/** Bump when the rules change so that published data is checked again. */
export const EVIDENCE_RULES_VERSION = '1';

/** Who the demotions are recorded as in the reports' histories. */
export const EVIDENCE_MIGRATION_AGENT = 'migration:evidence-rules';

export interface EvidenceDemotion {
  reportId: number;
  monumentSlug: string;
  rule: EvidenceRule;
  change: 'draft' | 'unverified';
}

/**
 * Demotes every published, live report that breaks a rule, as the methodology says (no supporting source: back to
 * draft; a "corroborated" or "confirmed" its sources do not bear: "unverified"), each with a revision naming the
 * rule, then recomputes the statuses of their monuments. Returns what it changed; nothing when already run.
 */
export function ensureEvidenceRules(db: Db): EvidenceDemotion[] {
  const done = statement(db, "SELECT value FROM meta WHERE key = 'evidence_rules_version'").get() as
    { value: string } | undefined;
  if (done?.value === EVIDENCE_RULES_VERSION) return [];
  return db.$client
    .transaction(() => {
      const reports = statement(
        db,
        `SELECT r.id, r.version, r.verification_status AS verificationStatus, m.slug AS monumentSlug
         FROM reports r JOIN monuments m ON m.id = r.monument_id
         WHERE r.review_state = 'published' AND r.deleted_at IS NULL ORDER BY r.id`,
      ).all() as { id: number; version: number; verificationStatus: VerificationStatus; monumentSlug: string }[];
      const cited = new Map<number, EvidenceCitation[]>();
      const rows = statement(
        db,
        `SELECT rs.report_id AS reportId, rs.stance, s.publisher, s.source_type AS sourceType,
           s.deleted_at IS NOT NULL AS deleted
         FROM report_sources rs JOIN sources s ON s.id = rs.source_id JOIN reports r ON r.id = rs.report_id
         WHERE r.review_state = 'published' AND r.deleted_at IS NULL`,
      ).all() as {
        reportId: number;
        stance: Stance;
        publisher: string | null;
        sourceType: SourceType;
        deleted: 0 | 1;
      }[];
      for (const c of rows) {
        const list = cited.get(c.reportId) ?? [];
        list.push({ stance: c.stance, publisher: c.publisher, sourceType: c.sourceType, deleted: c.deleted === 1 });
        cited.set(c.reportId, list);
      }

      const deferred = deferredWrites();
      const demoted: EvidenceDemotion[] = [];
      for (const r of reports) {
        const rule = evidenceProblem({ verificationStatus: r.verificationStatus, citations: cited.get(r.id) ?? [] });
        if (!rule) continue;
        const demotion = demotionFor(rule);
        const change = 'reviewState' in demotion ? 'draft' : 'unverified';
        const title = evidenceRules.find((x) => x.code === rule)!.title.en;
        const result = updateReport(
          db,
          r.id,
          r.version,
          demotion,
          undefined,
          { agent: EVIDENCE_MIGRATION_AGENT },
          {
            comment: `Evidence rule “${title}”: ${change === 'draft' ? 'returned to draft' : 'verification set to unverified'} (one-time check of reports published before the rule was enforced)`,
            deferred,
          },
        );
        if (!result.ok) throw new Error(`report ${r.id} changed during the evidence check`);
        demoted.push({ reportId: r.id, monumentSlug: r.monumentSlug, rule, change });
      }
      flushDeferred(db, deferred);
      statement(
        db,
        "INSERT INTO meta (key, value) VALUES ('evidence_rules_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      ).run(EVIDENCE_RULES_VERSION);
      return demoted;
    })
    .immediate();
}

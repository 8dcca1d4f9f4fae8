/** The facts the evidence rules (lib/evidence.ts) read: each report's cited sources, with stance, publisher and type. */
import type { Db } from '../index';
import { statement } from './prepared';
import { EvidenceRefusal, evidenceProblem, type EvidenceCitation } from '../../lib/evidence';
import type { SourceType, Stance, VerificationStatus } from '../../lib/vocab';

type CitationRow = {
  reportId: number;
  stance: Stance;
  publisher: string | null;
  sourceType: SourceType;
  deleted: 0 | 1;
};

const toCitation = (r: CitationRow): EvidenceCitation => ({
  stance: r.stance,
  publisher: r.publisher,
  sourceType: r.sourceType,
  deleted: r.deleted === 1,
});

const SELECT = `SELECT rs.report_id AS reportId, rs.stance, s.publisher, s.source_type AS sourceType,
  s.deleted_at IS NOT NULL AS deleted FROM report_sources rs JOIN sources s ON s.id = rs.source_id`;

/** The cited sources of one report. */
export function reportCitationFacts(db: Db, reportId: number): EvidenceCitation[] {
  return (statement(db, `${SELECT} WHERE rs.report_id = ?`).all(reportId) as CitationRow[]).map(toCitation);
}

/** The cited sources of every report of a monument, by report id (the status rule reads them). */
export function monumentCitationFacts(db: Db, monumentId: number): Map<number, EvidenceCitation[]> {
  const rows = statement(db, `${SELECT} JOIN reports r ON r.id = rs.report_id WHERE r.monument_id = ?`).all(
    monumentId,
  ) as CitationRow[];
  const out = new Map<number, EvidenceCitation[]>();
  for (const r of rows) {
    const list = out.get(r.reportId) ?? [];
    list.push(toCitation(r));
    out.set(r.reportId, list);
  }
  return out;
}

/** Source facts by id, for a check made before the citations are written (the importer's plan). */
export function sourceFacts(db: Db, id: number): Omit<EvidenceCitation, 'stance'> | undefined {
  const row = statement(
    db,
    'SELECT publisher, source_type AS sourceType, deleted_at IS NOT NULL AS deleted FROM sources WHERE id = ?',
  ).get(id) as { publisher: string | null; sourceType: SourceType; deleted: 0 | 1 } | undefined;
  return row && { publisher: row.publisher, sourceType: row.sourceType, deleted: row.deleted === 1 };
}

/**
 * Refuses (throws EvidenceRefusal, rolling the caller's transaction back) a write that leaves a published, live
 * report breaking an evidence rule. Every report write calls it with the report as written.
 */
export function assertReportEvidence(
  db: Db,
  report: { id: number; reviewState: string; deletedAt: string | null; verificationStatus: VerificationStatus },
): void {
  if (report.reviewState !== 'published' || report.deletedAt) return;
  const rule = evidenceProblem({
    verificationStatus: report.verificationStatus,
    citations: reportCitationFacts(db, report.id),
  });
  if (rule) throw new EvidenceRefusal(rule, report.id);
}

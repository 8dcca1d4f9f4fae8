/**
 * What a curator may read (docs/security.md, "Who reads what"). Editors and administrators read everything. A
 * contributor reads what readers see — live sites and monuments, published reports of live monuments, sources a
 * published, live report cites — plus their own work: reports they wrote (drafts, rejected, deleted, with the
 * editors' comments) and sources they added or cite. Never another curator's draft or rejected report, a deleted
 * record, or what a record's history holds from before it was public. lib/auth/read-scope.ts makes the scope of the
 * signed-in user; every curator page, route and write of a contributor passes it to the queries here.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../index';
import { monuments, reports, sites, sources } from '../schema';
import type { RecordType } from './records';

export interface ReadScope {
  userId: number;
  /** Editors and administrators: every record in every state, and its whole history. */
  everything: boolean;
}

/** A `reports` row the scope reads: published, live and of a live monument, or written by the user. */
export function reportReadable(scope: ReadScope): SQL {
  return sql`((${reports.reviewState} = 'published' AND ${reports.deletedAt} IS NULL
    AND EXISTS (SELECT 1 FROM monuments vm WHERE vm.id = ${reports.monumentId} AND vm.deleted_at IS NULL))
    OR ${reports.createdBy} = ${scope.userId})`;
}

/** A live `sources` row the scope reads: cited by a published, live report; added by the user; cited by their own report. */
export function sourceReadable(scope: ReadScope): SQL {
  return sql`(${sources.deletedAt} IS NULL AND (
    EXISTS (SELECT 1 FROM report_sources vrs JOIN reports vr ON vr.id = vrs.report_id
            WHERE vrs.source_id = ${sources.id} AND vr.review_state = 'published' AND vr.deleted_at IS NULL)
    OR EXISTS (SELECT 1 FROM revisions vv WHERE vv.entity_type = 'source' AND vv.entity_id = ${sources.id}
               AND vv.action = 'create' AND vv.user_id = ${scope.userId})
    OR EXISTS (SELECT 1 FROM report_sources vrs JOIN reports vr ON vr.id = vrs.report_id
               WHERE vrs.source_id = ${sources.id} AND vr.created_by = ${scope.userId} AND vr.deleted_at IS NULL)))`;
}

/** Whether the user wrote the record: a report's author, or whoever added a source. Sites and monuments: never. */
export function ownsRecord(db: Db, scope: ReadScope, type: RecordType, id: number): boolean {
  if (type === 'report')
    return !!db
      .select({ one: sql`1` })
      .from(reports)
      .where(and(eq(reports.id, id), eq(reports.createdBy, scope.userId)))
      .get();
  if (type === 'source')
    return !!db.$client
      .prepare(
        "SELECT 1 FROM revisions WHERE entity_type = 'source' AND entity_id = ? AND action = 'create' AND user_id = ?",
      )
      .get(id, scope.userId);
  return false;
}

/** Whether the scope reads this record at all (its edit page, its history, a copy of it, a proposal on it). */
export function canReadRecord(db: Db, scope: ReadScope, type: RecordType, id: number): boolean {
  if (scope.everything) return true;
  const one = { one: sql`1` };
  switch (type) {
    case 'site':
      return !!db
        .select(one)
        .from(sites)
        .where(and(eq(sites.id, id), sql`${sites.deletedAt} IS NULL`))
        .get();
    case 'monument':
      return !!db
        .select(one)
        .from(monuments)
        .innerJoin(sites, eq(sites.id, monuments.siteId))
        .where(and(eq(monuments.id, id), sql`${monuments.deletedAt} IS NULL AND ${sites.deletedAt} IS NULL`))
        .get();
    case 'report':
      return !!db
        .select(one)
        .from(reports)
        .where(and(eq(reports.id, id), reportReadable(scope)))
        .get();
    case 'source':
      return !!db
        .select(one)
        .from(sources)
        .where(and(eq(sources.id, id), sourceReadable(scope)))
        .get();
  }
}

/** Whether the scope reads the whole history of a record (else only its public changes and the user's own). */
export function readsWholeHistory(db: Db, scope: ReadScope, type: RecordType, id: number): boolean {
  return scope.everything || ownsRecord(db, scope, type, id);
}

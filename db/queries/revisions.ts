import { and, desc, eq, or, sql } from 'drizzle-orm';
import type { Db } from '../index';
import { revisions, users, type EntityType, type Revision } from '../schema';
import type { RevisionAction } from '../../lib/vocab';
import { statement } from './prepared';

/** Who made a change: a signed-in user, or a named process (seed, import, command line). */
export type Actor = { userId: number; agent?: undefined } | { userId?: undefined; agent: string };

export interface RevisionInput {
  entityType: EntityType;
  entityId: number;
  action: RevisionAction;
  actor: Actor;
  before: unknown;
  after: unknown;
  comment?: string | null;
  /** Whether readers could see the change; worked out from the record when not given (see `isPublicChange`). */
  public?: boolean;
}

type SnapshotLike = { reviewState?: unknown; deletedAt?: unknown } | null | undefined;
const asSnapshot = (v: unknown): SnapshotLike => (v && typeof v === 'object' ? (v as SnapshotLike) : null);
const live = (s: SnapshotLike) => !!s && !s.deletedAt;
const published = (s: SnapshotLike) => live(s) && s!.reviewState === 'published';

/** Whether a published, live report cites the source now (the rule of db/queries/sources.ts isSourcePublic). */
export function isSourceCitedByPublished(db: Db, sourceId: number): boolean {
  return !!statement(
    db,
    "SELECT 1 FROM report_sources rs JOIN reports r ON r.id = rs.report_id WHERE rs.source_id = ? AND r.review_state = 'published' AND r.deleted_at IS NULL LIMIT 1",
  ).get(sourceId);
}

/**
 * Whether a change was visible to readers when it was made, i.e. the record was public before or after it: sites and
 * monuments always (they carry no review state); a report while published and not deleted; a source while not
 * deleted and cited by a published, live report (checked now, inside the change's transaction). Users, and the
 * note of a rejected proposal, never. Only public changes appear on /changes.
 */
function isPublicChange(db: Db, r: RevisionInput): boolean {
  const before = asSnapshot(r.before);
  const after = asSnapshot(r.after);
  if (r.action === 'reject' && !before && !after) return false;
  switch (r.entityType) {
    case 'site':
    case 'monument':
      return true;
    case 'report':
      return published(before) || published(after);
    case 'source':
      return (live(before) || live(after)) && isSourceCitedByPublished(db, r.entityId);
    case 'user':
      return false;
    case 'evidence':
      // Set by db/queries/evidence-images.ts from its report; a revision written without it stays private.
      return false;
  }
}

/** Appends a revision; call it inside the transaction that made the change, so neither exists without the other. */
export function insertRevision(db: Db, r: RevisionInput): void {
  // A raw statement prepared once: bulk imports write one revision per record (the JSON is what drizzle's json mode stores).
  statement(
    db,
    'INSERT INTO revisions (entity_type, entity_id, action, user_id, agent, comment, before, after, public) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(
    r.entityType,
    r.entityId,
    r.action,
    r.actor.userId ?? null,
    r.actor.agent ?? null,
    r.comment ?? null,
    r.before === null || r.before === undefined ? null : JSON.stringify(r.before),
    r.after === null || r.after === undefined ? null : JSON.stringify(r.after),
    (r.public ?? isPublicChange(db, r)) ? 1 : 0,
  );
}

export function listRevisions(db: Db, entityType: EntityType, entityId: number) {
  return db
    .select()
    .from(revisions)
    .where(and(eq(revisions.entityType, entityType), eq(revisions.entityId, entityId)))
    .orderBy(desc(revisions.id))
    .all();
}

export function getRevision(db: Db, id: number): Revision | undefined {
  return db.select().from(revisions).where(eq(revisions.id, id)).get();
}

/**
 * A record's history, newest first, with the curator's name (for the curator-only history page). With `partial`
 * (a contributor on a record not their own: db/queries/visibility.ts) only the changes that were public and the
 * user's own, without other curators' comments or the editors' review comment: nothing from before the record was
 * public, no other curator's draft.
 */
export function listRevisionsWithAuthors(
  db: Db,
  entityType: EntityType,
  entityId: number,
  partial?: { userId: number },
) {
  const rows = db
    .select({
      id: revisions.id,
      action: revisions.action,
      createdAt: revisions.createdAt,
      comment: revisions.comment,
      agent: revisions.agent,
      before: revisions.before,
      after: revisions.after,
      userId: revisions.userId,
      userName: users.name,
    })
    .from(revisions)
    .leftJoin(users, eq(users.id, revisions.userId))
    .where(
      and(
        eq(revisions.entityType, entityType),
        eq(revisions.entityId, entityId),
        partial ? or(eq(revisions.public, true), eq(revisions.userId, partial.userId)) : undefined,
      ),
    )
    .orderBy(desc(revisions.id))
    .all();
  if (!partial) return rows;
  return rows.map((r) => ({
    ...r,
    comment: r.userId === partial.userId ? r.comment : null,
    before: withoutReviewComment(r.before),
    after: withoutReviewComment(r.after),
  }));
}

/** A snapshot without the editors' review comment (it is addressed to the report's author only). */
function withoutReviewComment(snapshot: unknown): unknown {
  if (!snapshot || typeof snapshot !== 'object' || !('reviewComment' in snapshot)) return snapshot;
  const { reviewComment: _c, ...rest } = snapshot as Record<string, unknown>;
  return rest;
}

/** The record as it was at `version` (the state a stale form was built from), if a revision recorded it. */
export function findSnapshotAtVersion(
  db: Db,
  entityType: EntityType,
  entityId: number,
  version: number,
): Record<string, unknown> | undefined {
  const row = db
    .select({ after: revisions.after })
    .from(revisions)
    .where(
      and(
        eq(revisions.entityType, entityType),
        eq(revisions.entityId, entityId),
        sql`json_extract(${revisions.after}, '$.version') = ${version}`,
      ),
    )
    .orderBy(desc(revisions.id))
    .limit(1)
    .get();
  return (row?.after as Record<string, unknown> | null) ?? undefined;
}

// Only changes readers could see when they were made (revisions.public): a source's title from before it was public,
// a draft's or a rejected report's content, never appear, even once the record is public.
const publicChangesSql = `
  SELECT r.id, r.entity_type AS entityType, r.entity_id AS entityId, r.action, r.created_at AS createdAt, r.before, r.after,
         m.slug AS monumentSlug, m.name AS monumentName, m.name_ar AS monumentNameAr, m.deleted_at AS monumentDeletedAt
  FROM revisions r INDEXED BY revisions_public_idx
  LEFT JOIN monuments m ON r.entity_type = 'report' AND m.id = coalesce(json_extract(r.after, '$.monumentId'), json_extract(r.before, '$.monumentId'))
  WHERE r.public = 1
    AND r.action IN ('create', 'update', 'delete', 'restore', 'publish', 'revert')
    AND r.entity_type IN ('site', 'monument', 'report', 'source')
    AND (? IS NULL OR r.id < ?)
  ORDER BY r.id DESC
  LIMIT ?`;

export interface PublicChange {
  id: number;
  entityType: 'site' | 'monument' | 'report' | 'source';
  entityId: number;
  action: string;
  createdAt: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  monumentSlug: string | null;
  monumentName: string | null;
  monumentNameAr: string | null;
  monumentDeletedAt: string | null;
}

/**
 * Published changes, newest first, for the public "recent changes" feed: changes that were public when made
 * (sites and monuments, reports while published, sources while a published report cites them; a source that becomes
 * public appears then, as `publish`, with its title at that moment). Drafts, rejections, users, curators' names and
 * review comments never appear; the page shows only the public fields of `before`/`after`.
 */
export function listPublicChanges(db: Db, options: { limit: number; beforeId?: number }): PublicChange[] {
  const rows = db.$client
    .prepare(publicChangesSql)
    .all(options.beforeId ?? null, options.beforeId ?? null, options.limit) as (Omit<
    PublicChange,
    'before' | 'after'
  > & { before: string | null; after: string | null })[];
  return rows.map((r) => ({
    ...r,
    before: r.before ? JSON.parse(r.before) : null,
    after: r.after ? JSON.parse(r.after) : null,
  }));
}

/** The latest changes by curators, for the dashboard; with `onlyPublicOrBy`, the public ones and that user's own. */
export function listRecentRevisions(db: Db, limit: number, onlyPublicOrBy?: { userId: number }) {
  return db
    .select({
      id: revisions.id,
      entityType: revisions.entityType,
      entityId: revisions.entityId,
      action: revisions.action,
      createdAt: revisions.createdAt,
      userName: users.name,
      agent: revisions.agent,
      after: revisions.after,
      before: revisions.before,
    })
    .from(revisions)
    .leftJoin(users, eq(users.id, revisions.userId))
    .where(
      and(
        // Evidence images' changes are listed on their report's edit page, not here (they have no history page).
        sql`${revisions.entityType} NOT IN ('user', 'evidence')`,
        onlyPublicOrBy ? or(eq(revisions.public, true), eq(revisions.userId, onlyPublicOrBy.userId)) : undefined,
      ),
    )
    .orderBy(desc(revisions.id))
    .limit(limit)
    .all();
}

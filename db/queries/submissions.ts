import { and, asc, eq, gte, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../index';
import { monuments, sites, sources, submissionLog, submissions, users, type Submission } from '../schema';
import type { DatePrecision } from '../../lib/vocab';

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

export interface SubmissionInput {
  monumentId: number | null;
  place: string | null;
  body: string;
  eventDate: string | null;
  eventDateEnd: string | null;
  eventDatePrecision: DatePrecision;
  links: string[];
  filesLater: boolean;
  contact: string | null;
  locale: 'en' | 'ar';
  clientKey: string;
}

/** Stores a submission with its "received" audit row. */
export function insertSubmission(db: Db, input: SubmissionInput): Submission {
  const row = db.insert(submissions).values(input).returning().get();
  db.insert(submissionLog).values({ submissionId: row.id, action: 'received' }).run();
  return row;
}

/** How many submissions one client (its keyed address) sent since `sinceIso`: the hourly limit counts these. */
export function countSubmissionsSince(db: Db, clientKey: string, sinceIso: string): number {
  return db
    .select({ n: sql<number>`count(*)` })
    .from(submissions)
    .where(and(eq(submissions.clientKey, clientKey), gte(submissions.createdAt, sinceIso)))
    .get()!.n;
}

export function getSubmission(db: Db, id: number): Submission | undefined {
  return db.select().from(submissions).where(eq(submissions.id, id)).get();
}

/** Submissions waiting for an editor, oldest first, with the monument they name (if any). Editors and admins only. */
export function listNewSubmissions(db: Db) {
  return db
    .select({
      id: submissions.id,
      monumentId: submissions.monumentId,
      monumentName: monuments.name,
      monumentSlug: monuments.slug,
      siteName: sites.name,
      place: submissions.place,
      body: submissions.body,
      eventDate: submissions.eventDate,
      eventDateEnd: submissions.eventDateEnd,
      eventDatePrecision: submissions.eventDatePrecision,
      links: submissions.links,
      filesLater: submissions.filesLater,
      contact: submissions.contact,
      locale: submissions.locale,
      createdAt: submissions.createdAt,
    })
    .from(submissions)
    .leftJoin(monuments, eq(monuments.id, submissions.monumentId))
    .leftJoin(sites, eq(sites.id, monuments.siteId))
    .where(eq(submissions.state, 'new'))
    .orderBy(asc(submissions.id))
    .all();
}

export function countNewSubmissions(db: Db): number {
  return db
    .select({ n: sql<number>`count(*)` })
    .from(submissions)
    .where(eq(submissions.state, 'new'))
    .get()!.n;
}

/**
 * Closes a waiting submission (converted into `reportId`, or dismissed with `note`) and writes its audit row;
 * returns false if it was no longer waiting (two editors at once).
 */
export function closeSubmission(
  db: Db,
  id: number,
  state: 'converted' | 'dismissed',
  reviewerId: number,
  note: string | null,
  reportId: number | null,
): boolean {
  const result = db
    .update(submissions)
    .set({ state, reviewedBy: reviewerId, reviewedAt: now, reviewNote: note, reportId })
    .where(and(eq(submissions.id, id), eq(submissions.state, 'new')))
    .run();
  if (result.changes !== 1) return false;
  db.insert(submissionLog).values({ submissionId: id, action: state, userId: reviewerId, note, reportId }).run();
  return true;
}

/** The audit rows of a submission, oldest first, with the editor's name. */
export function listSubmissionLog(db: Db, submissionId: number) {
  return db
    .select({
      action: submissionLog.action,
      note: submissionLog.note,
      reportId: submissionLog.reportId,
      createdAt: submissionLog.createdAt,
      userName: users.name,
    })
    .from(submissionLog)
    .leftJoin(users, eq(users.id, submissionLog.userId))
    .where(eq(submissionLog.submissionId, submissionId))
    .orderBy(asc(submissionLog.id))
    .all();
}

/** A live source already recorded at this address (its URL or archived copy), to cite instead of a duplicate. */
export function findLiveSourceByUrl(db: Db, url: string) {
  return db
    .select({ id: sources.id })
    .from(sources)
    .where(and(isNull(sources.deletedAt), or(eq(sources.url, url), eq(sources.archivedUrl, url))))
    .orderBy(asc(sources.id))
    .get();
}

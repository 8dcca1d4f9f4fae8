import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../index';
import { proposals, users, type Proposal, type ProposalEntityType } from '../schema';

/** What a contributor proposed: the record's new values, and for monuments and reports their names or citations. */
export interface ProposalPayload {
  values: Record<string, unknown>;
  altNames?: { name: string; lang: string }[];
  citations?: { sourceId: number; stance: 'supports' | 'disputes'; quote?: string | null }[];
}

export function insertProposal(
  db: Db,
  input: {
    entityType: ProposalEntityType;
    entityId: number;
    baseVersion: number;
    payload: ProposalPayload;
    createdBy: number;
  },
): Proposal {
  return db.insert(proposals).values(input).returning().get();
}

export function getProposal(db: Db, id: number): (Proposal & { payload: ProposalPayload }) | undefined {
  return db.select().from(proposals).where(eq(proposals.id, id)).get() as
    (Proposal & { payload: ProposalPayload }) | undefined;
}

const columns = {
  id: proposals.id,
  entityType: proposals.entityType,
  entityId: proposals.entityId,
  baseVersion: proposals.baseVersion,
  payload: proposals.payload,
  state: proposals.state,
  createdAt: proposals.createdAt,
  reviewedAt: proposals.reviewedAt,
  reviewComment: proposals.reviewComment,
  createdBy: proposals.createdBy,
  authorName: users.name,
};

/** Proposals waiting for an editor, oldest first. */
export function listPendingProposals(db: Db) {
  return db
    .select(columns)
    .from(proposals)
    .innerJoin(users, eq(users.id, proposals.createdBy))
    .where(eq(proposals.state, 'pending'))
    .orderBy(asc(proposals.id))
    .all()
    .map((p) => ({ ...p, payload: p.payload as ProposalPayload }));
}

export function listProposalsByUser(db: Db, userId: number) {
  return db
    .select(columns)
    .from(proposals)
    .innerJoin(users, eq(users.id, proposals.createdBy))
    .where(eq(proposals.createdBy, userId))
    .orderBy(desc(proposals.id))
    .all()
    .map((p) => ({ ...p, payload: p.payload as ProposalPayload }));
}

export function countPendingProposals(db: Db): number {
  return db
    .select({ n: sql<number>`count(*)` })
    .from(proposals)
    .where(eq(proposals.state, 'pending'))
    .get()!.n;
}

/** Closes a pending proposal; returns false if it was already reviewed (two editors clicking at once). */
export function closeProposal(
  db: Db,
  id: number,
  state: 'approved' | 'rejected',
  reviewerId: number,
  comment: string | null,
): boolean {
  const result = db
    .update(proposals)
    .set({
      state,
      reviewedBy: reviewerId,
      reviewComment: comment,
      reviewedAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`,
    })
    .where(and(eq(proposals.id, id), eq(proposals.state, 'pending')))
    .run();
  return result.changes === 1;
}

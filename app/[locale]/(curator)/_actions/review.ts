'use server';

import { transaction, type Db } from '@/db';
import { reviewReport } from '@/db/queries/reports';
import { applyUpdate } from '@/db/queries/records';
import { closeProposal, getProposal } from '@/db/queries/proposals';
import { insertRevision } from '@/db/queries/revisions';
import { getUserById } from '@/db/queries/users';
import { requireRole, type CurrentUser } from '@/lib/auth';
import { answer, formValues, type FieldErrors, type FormState } from '@/lib/forms';
import { uniqueViolation } from '@/lib/records/service';
import { EvidenceRefusal } from '@/lib/evidence';
import { convertSubmission, dismissSubmission } from '@/lib/records/submission';
import { refreshCuratorPages } from '../_lib/server';

type Outcome = { ok: true } | { ok: false; reason: string };

/** Publishes or rejects one draft report; `version` is the version the editor reviewed. */
function reviewDraft(
  tx: Db,
  id: number,
  version: number,
  approve: boolean,
  comment: string | null,
  user: CurrentUser,
): Outcome {
  const result = reviewReport(tx, id, approve ? 'publish' : 'reject', comment, { userId: user.id }, version);
  if (!result.ok)
    return {
      ok: false,
      reason: 'conflict' in result ? 'changedSinceReview' : 'refused' in result ? 'alreadyReviewed' : 'notFound',
    };
  return { ok: true };
}

/**
 * Approves a proposal by applying it as an update from the version the contributor edited (refused if the record
 * changed since), or rejects it; either way the decision and comment are recorded on the proposal and in the
 * record's history.
 */
function reviewProposal(tx: Db, id: number, approve: boolean, comment: string | null, user: CurrentUser): Outcome {
  const proposal = getProposal(tx, id);
  if (!proposal) return { ok: false, reason: 'notFound' };
  if (proposal.state !== 'pending') return { ok: false, reason: 'alreadyReviewed' };
  const author = getUserById(tx, proposal.createdBy)?.name ?? `#${proposal.createdBy}`;
  const note = `Proposal #${id} by ${author} ${approve ? 'approved' : 'rejected'}${comment ? `: ${comment}` : ''}`;
  if (!approve) {
    closeProposal(tx, id, 'rejected', user.id, comment);
    insertRevision(tx, {
      entityType: proposal.entityType,
      entityId: proposal.entityId,
      action: 'reject',
      actor: { userId: user.id },
      before: null,
      after: null,
      comment: note,
    });
    return { ok: true };
  }
  const result = applyUpdate(
    tx,
    proposal.entityType,
    proposal.entityId,
    proposal.baseVersion,
    proposal.payload,
    { userId: user.id },
    { comment: note },
  );
  if (!result.ok) return { ok: false, reason: 'conflict' in result ? 'recordChanged' : 'notFound' };
  closeProposal(tx, id, 'approved', user.id, comment);
  return { ok: true };
}

/**
 * The review queue's one action: approve or reject the selected items (one, or several at once) with a comment
 * the contributors see. Items are "report:ID:VERSION" (a draft report), "proposal:ID" or "submission:ID" (a public
 * submission: converted into a draft report, or dismissed); each is decided in its
 * own transaction, so one stale item does not hold back the others.
 */
export async function reviewAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const user = await requireRole('editor');
  const values = formValues(formData);
  // One item's own buttons send "single" = "approve|report:12:3"; the batch buttons send "decision" and the ticked items.
  const [singleDecision, singleItem] = (values.single ?? '').split('|');
  const decision = singleItem ? singleDecision : values.decision;
  const items = singleItem ? [singleItem] : formData.getAll('items').map(String).filter(Boolean);
  const commentFor = (item: string) =>
    ((values[`comment.${item}`] ?? '').trim() || (values.comment ?? '').trim()).slice(0, 2000) || null;
  const errors: FieldErrors = {};
  if (decision !== 'approve' && decision !== 'reject') return answer('error', values, { message: 'invalidRequest' });
  if (items.length === 0) errors.items = ['noneSelected'];
  if (decision === 'reject') {
    for (const item of items)
      if (!commentFor(item)) errors[singleItem ? `comment.${item}` : 'comment'] = ['commentRequired'];
  }
  if (Object.keys(errors).length) return answer('invalid', values, { fieldErrors: errors });

  const results: Record<string, string | null> = {};
  for (const item of items.slice(0, 200)) {
    const [kind, rawId, rawVersion] = item.split(':');
    const id = Number(rawId);
    const comment = commentFor(item);
    let outcome: Outcome;
    try {
      outcome = transaction((tx) => {
        if (kind === 'report' && id > 0 && Number(rawVersion) > 0)
          return reviewDraft(tx, id, Number(rawVersion), decision === 'approve', comment, user);
        if (kind === 'proposal' && id > 0) return reviewProposal(tx, id, decision === 'approve', comment, user);
        // A public submission: approving turns it into a draft report (on the monument the editor names for a place
        // not listed yet), rejecting dismisses it with the comment as its note.
        if (kind === 'submission' && id > 0)
          return decision === 'approve'
            ? convertSubmission(tx, id, user, (values[`monument.${item}`] ?? '').trim() || null)
            : dismissSubmission(tx, id, user, comment!);
        return { ok: false, reason: 'invalidRequest' };
      });
    } catch (error) {
      // A draft (or a proposal's edit) that would be published against an evidence rule is refused with the rule.
      if (error instanceof EvidenceRefusal) outcome = { ok: false, reason: error.rule };
      else if (!uniqueViolation(error)) throw error;
      else outcome = { ok: false, reason: 'slugTaken' };
    }
    results[item] = outcome.ok ? null : outcome.reason;
  }
  refreshCuratorPages();
  const failed = Object.values(results).filter((r) => r !== null).length;
  return answer(
    'saved',
    {},
    {
      message: decision === 'approve' ? 'approved' : 'rejected',
      results,
      fieldErrors: failed ? { items: ['someFailed'] } : {},
    },
  );
}

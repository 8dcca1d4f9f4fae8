'use server';

import { redirect } from 'next/navigation';
import { getDb, transaction, type Db } from '@/db';
import { getMonumentById } from '@/db/queries/monuments';
import { getReportById, insertReport, reviewReport, updateReport, type CitationInput } from '@/db/queries/reports';
import { getSourceById, insertSource } from '@/db/queries/sources';
import { publicPlacesOf } from '@/db/queries/records';
import { insertProposal } from '@/db/queries/proposals';
import type { Actor } from '@/db/queries/revisions';
import { hasRole, requireRole } from '@/lib/auth';
import { addError, answer, formValues, parseId, type FieldErrors, type FormState } from '@/lib/forms';
import { parseReportForm, reportFormValues, type CitationData, type ReportData } from '@/lib/inputs/report';
import { VersionInput } from '@/lib/inputs/fields';
import { conflictAnswer, localePrefix } from '../_lib/server';

/** Checks what the form refers to: a live monument and live sources. */
function referenceErrors(db: Db, data: ReportData): FieldErrors {
  const errors: FieldErrors = {};
  const monument = getMonumentById(db, data.monumentId);
  if (!monument || monument.deletedAt) addError(errors, 'monumentId', 'unknownMonument');
  for (const c of data.citations) {
    if ('sourceId' in c) {
      const source = getSourceById(db, c.sourceId);
      if (!source || source.deletedAt) addError(errors, `citations.${c.row}.sourceId`, 'unknownSource');
    }
  }
  return errors;
}

/** Sources typed inline are created first (with their own revisions), then cited by id. */
function resolveCitations(tx: Db, citations: CitationData[], actor: Actor): CitationInput[] {
  return citations.map((c) => ('newSource' in c
    ? { sourceId: insertSource(tx, c.newSource, actor).id, stance: c.stance, quote: c.quote }
    : { sourceId: c.sourceId, stance: c.stance, quote: c.quote }));
}

/**
 * Adds a report with its sources. A contributor's report is a draft that waits in the review queue; an editor's is
 * published at once unless they keep it as a draft.
 */
export async function createReportAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const user = await requireRole('contributor');
  const values = formValues(formData);
  const parsed = parseReportForm(values);
  if (!parsed.ok) return answer('invalid', values, { fieldErrors: parsed.fieldErrors });
  const db = getDb();
  const errors = referenceErrors(db, parsed.data);
  if (Object.keys(errors).length) return answer('invalid', values, { fieldErrors: errors });
  const { citations, publish, ...input } = parsed.data;
  const publishNow = hasRole(user.role, 'editor') && publish;
  const actor = { userId: user.id };
  const created = transaction((tx) => {
    const row = insertReport(tx, { ...input, reviewState: publishNow ? 'published' : 'draft', createdBy: user.id }, resolveCitations(tx, citations, actor), actor);
    return { row, places: publicPlacesOf(tx, 'report', [row]) };
  });
  redirect(`${localePrefix(values)}/admin/reports/${created.row.id}/edit?saved=${publishNow ? 'published' : 'draft'}`);
}

/**
 * Saves an edit. Editors change the report at once (and may publish a draft); contributors change their own
 * drafts and rejected reports directly (which sends them back to the queue); any other contributor edit is a proposal.
 */
export async function updateReportAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const user = await requireRole('contributor');
  const values = formValues(formData);
  const id = parseId(values.id);
  const version = VersionInput.safeParse(values.version ?? '');
  if (!id || !version.success) return answer('error', values, { message: 'invalidRequest' });
  const parsed = parseReportForm(values);
  if (!parsed.ok) return answer('invalid', values, { fieldErrors: parsed.fieldErrors });
  const db = getDb();
  const errors = referenceErrors(db, parsed.data);
  if (Object.keys(errors).length) return answer('invalid', values, { fieldErrors: errors });
  const current = getReportById(db, id);
  if (!current || current.deletedAt) return answer('error', values, { message: 'notFound' });
  const isEditor = hasRole(user.role, 'editor');
  const ownUnpublished = current.createdBy === user.id && current.reviewState !== 'published';
  const { citations, publish, ...input } = parsed.data;
  const actor = { userId: user.id };
  const prefix = localePrefix(values);
  const stale = (currentVersion: number, snapshot: Parameters<typeof reportFormValues>[0]) =>
    conflictAnswer(db, 'report', id, version.data, currentVersion, reportFormValues(snapshot), values, reportFormValues);

  if (!isEditor && !ownUnpublished) {
    if (current.version !== version.data) return stale(current.version, current);
    const proposal = transaction((tx) => insertProposal(tx, {
      entityType: 'report', entityId: id, baseVersion: version.data, createdBy: user.id,
      payload: { values: input, citations: resolveCitations(tx, citations, actor) },
    }));
    redirect(`${prefix}/admin/mine?proposed=${proposal.id}`);
  }

  // The version is checked before inline sources are created, inside the same (IMMEDIATE) transaction, so a
  // refused save leaves nothing behind.
  const outcome = transaction((tx) => {
    const before = getReportById(tx, id);
    if (!before || before.deletedAt) return { kind: 'missing' } as const;
    if (before.version !== version.data) return { kind: 'stale', current: before } as const;
    const result = updateReport(tx, id, version.data, isEditor ? input : { ...input, reviewState: 'draft' }, resolveCitations(tx, citations, actor), actor);
    if (!result.ok) throw new Error('report changed inside its own transaction');
    let row = result.row;
    if (isEditor && publish && row.reviewState === 'draft') {
      const published = reviewReport(tx, id, 'publish', null, actor);
      if (published.ok) row = published.row;
    }
    return { kind: 'saved', row, places: publicPlacesOf(tx, 'report', [before, row]) } as const;
  });
  if (outcome.kind === 'missing') return answer('error', values, { message: 'notFound' });
  if (outcome.kind === 'stale') return stale(outcome.current.version, outcome.current);
  redirect(`${prefix}/admin/reports/${id}/edit?saved=1`);
}

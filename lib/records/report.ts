import { z } from 'zod';
import { certainties, damageCauses, damageLevels, stances, verificationStatuses, type Stance } from '../vocab';
import { eventDateInputs, parseEventDate, type EventDate } from '../dates';
import { addError, issuesToFieldErrors, readRows, type FieldErrors, type Parsed } from '../forms';
import {
  checkbox,
  choice,
  optionalChoice,
  optionalDay,
  optionalText,
  pick,
  requiredId,
  requiredText,
  text,
} from '../inputs/fields';
import { parseSourceForm, type SourceData } from './source';
import type { Db } from '../../db/index';
import { getMonumentById } from '../../db/queries/monuments';
import {
  getReportById,
  insertReport,
  reviewReport,
  updateReport,
  type CitationInput as CitationRow,
} from '../../db/queries/reports';
import { getSourceById, insertSource } from '../../db/queries/sources';
import { canReadRecord, type ReadScope } from '../../db/queries/visibility';
import { hasRole } from '../auth/roles';
import { written, type Curator, type RecordModule } from './module';
import { codeField, textField, valueField, type FieldSpec } from '../import/fields';
import { reviewStates } from '../vocab';

export const ReportInput = z.object({
  monumentId: requiredId,
  eventDate: text(10),
  eventDateEnd: text(10),
  approximate: checkbox,
  reportedDate: optionalDay,
  damageLevel: choice(damageLevels.codes),
  cause: optionalChoice(damageCauses.codes),
  reportedActor: optionalText(200),
  summary: requiredText(10_000),
  summaryAr: optionalText(10_000),
  certainty: choice(certainties.codes),
  verificationStatus: choice(verificationStatuses.codes),
  /** Editors choose to publish at once or keep a draft; contributors' reports are always drafts. */
  publish: checkbox,
});

/** One cited source: an existing one (`sourceId`) or a new one typed inline, with the source's stance on the claim. */
export const CitationInput = z.object({
  mode: z.enum(['existing', 'new'], 'invalidChoice'),
  sourceId: z.string().trim(),
  stance: choice(stances.codes),
  quote: optionalText(5_000),
});

/** `row` is the form row the citation came from, so a later check (e.g. a deleted source) can point at its field. */
export type CitationData =
  | { row: number; sourceId: number; stance: Stance; quote: string | null }
  | { row: number; newSource: SourceData; stance: Stance; quote: string | null };

export type ReportData = Omit<z.infer<typeof ReportInput>, 'eventDate' | 'eventDateEnd' | 'approximate'> &
  EventDate & { citations: CitationData[] };

/** More cited sources than one report needs: a longer list is refused, not read (it also bounds the form's size). */
export const MAX_CITATIONS = 30;

export function parseReportForm(values: Record<string, string>): Parsed<ReportData> {
  const parsed = ReportInput.safeParse(pick(ReportInput, values));
  const errors: FieldErrors = parsed.success ? {} : issuesToFieldErrors(parsed.error.issues);
  let date: EventDate | null = null;
  const d = parseEventDate(values.eventDate ?? '', values.eventDateEnd ?? '', checkbox.parse(values.approximate ?? ''));
  if (d.ok) date = d.value;
  else addError(errors, d.field, d.code);

  const citations: CitationData[] = [];
  const cited = new Set<number>();
  const rows = readRows(values, 'citations');
  if (rows.length > MAX_CITATIONS) {
    addError(errors, 'citations', 'tooMany');
    return { ok: false, fieldErrors: errors };
  }
  for (const { index, row } of rows) {
    const prefix = `citations.${index}.`;
    // A row without a mode cites an existing source; any other mode than the two is refused, not guessed.
    const mode = row.mode?.trim() || 'existing';
    if (mode !== 'new' && mode !== 'existing') {
      addError(errors, `${prefix}mode`, 'invalidChoice');
      continue;
    }
    const blank =
      mode === 'existing'
        ? !row.sourceId?.trim()
        : !['title', 'publisher', 'url', 'archivedUrl', 'citationDetail', 'publishedDate', 'quote'].some((k) =>
            row[k]?.trim(),
          );
    if (blank) continue; // an untouched row is ignored
    const c = CitationInput.safeParse({ ...pick(CitationInput, row), mode });
    if (!c.success) Object.assign(errors, issuesToFieldErrors(c.error.issues, prefix));
    if (mode === 'existing') {
      const id = Number(row.sourceId);
      if (!/^\d{1,12}$/.test(row.sourceId!.trim()) || id < 1) {
        addError(errors, `${prefix}sourceId`, 'invalidChoice');
        continue;
      }
      if (cited.has(id)) {
        addError(errors, `${prefix}sourceId`, 'duplicateSource');
        continue;
      }
      cited.add(id);
      if (c.success) citations.push({ row: index, sourceId: id, stance: c.data.stance, quote: c.data.quote });
    } else {
      const s = parseSourceForm(row, '');
      if (!s.ok) {
        for (const [k, v] of Object.entries(s.fieldErrors))
          for (const code of v) addError(errors, `${prefix}${k}`, code);
        continue;
      }
      if (c.success) citations.push({ row: index, newSource: s.data, stance: c.data.stance, quote: c.data.quote });
    }
  }
  if (!parsed.success || !date || Object.keys(errors).length) return { ok: false, fieldErrors: errors };
  const { eventDate: _s, eventDateEnd: _e, approximate: _a, ...rest } = parsed.data;
  return { ok: true, data: { ...rest, ...date, citations } };
}

type ReportLike = {
  monumentId?: number | null;
  eventDate?: string | null;
  eventDateEnd?: string | null;
  eventDatePrecision?: EventDate['eventDatePrecision'];
  reportedDate?: string | null;
  damageLevel?: string;
  cause?: string | null;
  reportedActor?: string | null;
  summary?: string;
  summaryAr?: string | null;
  certainty?: string;
  verificationStatus?: string;
  reviewState?: string;
  citations?: { sourceId: number; stance: string; quote: string | null }[];
};

export function reportFormValues(r: ReportLike): Record<string, string> {
  const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  const date = eventDateInputs({
    eventDate: r.eventDate ?? null,
    eventDateEnd: r.eventDateEnd ?? null,
    eventDatePrecision: r.eventDatePrecision ?? 'day',
  });
  const out: Record<string, string> = {
    monumentId: str(r.monumentId),
    eventDate: date.eventDate,
    eventDateEnd: date.eventDateEnd,
    approximate: date.approximate ? 'on' : '',
    reportedDate: str(r.reportedDate),
    damageLevel: str(r.damageLevel),
    cause: str(r.cause),
    reportedActor: str(r.reportedActor),
    summary: str(r.summary),
    summaryAr: str(r.summaryAr),
    certainty: str(r.certainty),
    verificationStatus: str(r.verificationStatus),
    publish: r.reviewState === 'published' ? 'on' : '',
  };
  (r.citations ?? []).forEach((c, i) => {
    out[`citations.${i}.mode`] = 'existing';
    out[`citations.${i}.sourceId`] = String(c.sourceId);
    out[`citations.${i}.stance`] = c.stance;
    out[`citations.${i}.quote`] = c.quote ?? '';
  });
  return out;
}

/** Checks what a report refers to: a live monument and live sources (that the curator reads, given a `scope`). */
function reportReferenceErrors(db: Db, data: ReportData, scope?: ReadScope): FieldErrors {
  const errors: FieldErrors = {};
  const monument = getMonumentById(db, data.monumentId);
  if (!monument || monument.deletedAt) addError(errors, 'monumentId', 'unknownMonument');
  for (const c of data.citations) {
    if ('sourceId' in c) {
      const source = getSourceById(db, c.sourceId);
      if (!source || source.deletedAt || (scope && !canReadRecord(db, scope, 'source', c.sourceId)))
        addError(errors, `citations.${c.row}.sourceId`, 'unknownSource');
    }
  }
  return errors;
}

/** Sources typed inline are created first (with their own revisions), then cited by id. */
function resolveCitations(tx: Db, citations: CitationData[], curator: Curator): CitationRow[] {
  return citations.map((c) =>
    'newSource' in c
      ? { sourceId: insertSource(tx, c.newSource, { userId: curator.id }).id, stance: c.stance, quote: c.quote }
      : { sourceId: c.sourceId, stance: c.stance, quote: c.quote },
  );
}

/**
 * Reports: any curator adds one. A contributor's report is a draft for the review queue; an editor's is published at
 * once unless kept as a draft. Editors change reports at once (and may publish a draft); contributors change their
 * own drafts and rejected reports directly (which sends them back to the queue); any other contributor edit is a
 * proposal. The monument's status follows in the same transaction (db/queries/reports.ts).
 */
export const reportRecord: RecordModule<ReportData> = {
  type: 'report',
  folder: 'reports',
  createRole: 'contributor',
  uniqueFields: {},
  parseForm: parseReportForm,
  formValues: reportFormValues,
  referenceErrors: reportReferenceErrors,
  get: getReportById,
  create: (tx, { citations, publish, ...input }, curator) => {
    const publishNow = hasRole(curator.role, 'editor') && publish;
    const row = insertReport(
      tx,
      { ...input, reviewState: publishNow ? 'published' : 'draft', createdBy: curator.id },
      resolveCitations(tx, citations, curator),
      { userId: curator.id },
    );
    return { id: row.id, saved: publishNow ? 'published' : 'draft' };
  },
  writesDirectly: (curator, current) =>
    hasRole(curator.role, 'editor') || (current.createdBy === curator.id && current.reviewState !== 'published'),
  update: (tx, id, version, { citations, publish, ...input }, curator) => {
    const editor = hasRole(curator.role, 'editor');
    const actor = { userId: curator.id };
    const row = written(
      updateReport(
        tx,
        id,
        version,
        editor ? input : { ...input, reviewState: 'draft' },
        resolveCitations(tx, citations, curator),
        actor,
      ),
    );
    if (editor && publish && row.reviewState === 'draft') reviewReport(tx, id, 'publish', null, actor);
  },
  proposal: (tx, { citations, publish: _publish, ...input }, curator) => ({
    values: input,
    citations: resolveCitations(tx, citations, curator),
  }),
};

/** The importer's columns of a report (dates, the monument and citations are read by the importer itself). */
export const reportFields: readonly FieldSpec[] = [
  valueField('reported_date', 'reportedDate', ReportInput.shape.reportedDate),
  codeField('damage_level', 'damageLevel', damageLevels.terms, { required: true }),
  codeField('cause', 'cause', damageCauses.terms),
  textField('reported_actor', 'reportedActor', ReportInput.shape.reportedActor),
  textField('summary', 'summary', ReportInput.shape.summary, { required: true }),
  textField('summary_ar', 'summaryAr', ReportInput.shape.summaryAr),
  codeField('certainty', 'certainty', certainties.terms, { required: true }),
  codeField('verification_status', 'verificationStatus', verificationStatuses.terms, {
    required: true,
    fallback: 'unverified',
  }),
  codeField('review_state', 'reviewState', reviewStates.terms, { required: true, fallback: 'draft' }),
];

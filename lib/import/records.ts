/**
 * The planner of each record type: which record a row means (by id, slug, UNESCO number, or a natural key for rows
 * without one), what it would create or change, and every problem with it. Nothing is written here: the plan's
 * writes are applied by lib/import/run.ts with the registry's write functions.
 */
import crypto from 'node:crypto';
import type { Db } from '../../db/index';
import { getSiteById } from '../../db/queries/sites';
import { getMonumentById, type AltNameInput } from '../../db/queries/monuments';
import { getSourceById } from '../../db/queries/sources';
import type { CitationInput } from '../../db/queries/reports';
import {
  findMonumentRefById,
  findMonumentRefBySlug,
  findSiteRefById,
  findSiteRefBySlug,
  findSiteRefByUnescoId,
  findSourceRef,
  getReportForImport,
  isSiteSlugTaken,
  listReportKeys,
  listSourcesByKey,
  type ImportCitation,
  type RecordRef,
} from '../../db/queries/import';
import { siteFields } from '../records/site';
import { AltNameInput as AltNameSchema, monumentFields } from '../records/monument';
import { reportFields } from '../records/report';
import { sourceFields } from '../records/source';
import { LANG_TAG } from '../inputs/fields';
import { lastDayOf, parsePartialDate } from '../dates';
import { coordinatesPairProblem, inDangerSince, slugFromName } from '../records/rules';
import { datePrecisions, type VerificationStatus } from '../vocab';
import { evidenceField, evidenceProblem } from '../evidence';
import { sourceFacts } from '../../db/queries/evidence';
import { excerpt, exportValue, normText, parseCode } from './cells';
import { readFields, type FieldSpec, type FieldsRead, type RowCells } from './fields';
import type { FieldChange, ImportType, MessageValues, PlanRow, Problem } from './types';

/** A write the plan will make, with what the registry's write function needs. */
export type Write =
  | {
      type: ImportType;
      action: 'create';
      row: number;
      input: Record<string, unknown>;
      altNames?: AltNameInput[];
      citations?: CitationInput[];
    }
  | {
      type: ImportType;
      action: 'update';
      row: number;
      id: number;
      version: number;
      input: Record<string, unknown>;
      altNames?: AltNameInput[];
      citations?: CitationInput[];
      before: Record<string, unknown>;
    };

/** State shared by the rows of one file: problems, what earlier rows claimed, and lookups already made. */
export class PlanContext {
  readonly problems: Problem[] = [];
  problemCount = 0;
  /** Record keys (ids, slugs, UNESCO numbers, natural keys) claimed by a row → that row. */
  private readonly claims = new Map<string, number>();
  private readonly sourceCache = new Map<number, { id: number; deletedAt: string | null } | null>();
  private readonly siteCache = new Map<string, RecordRef | null>();
  private readonly monumentCache = new Map<string, RecordRef | null>();
  constructor(
    readonly db: Db,
    readonly maxProblems: number,
    readonly mode: 'csv' | 'whc' = 'csv',
  ) {}

  problem(row: RowCells | null, column: string | null, code: string, values?: MessageValues): void {
    this.problemCount++;
    if (this.problems.length < this.maxProblems)
      this.problems.push({ row: row?.row ?? null, line: row?.line ?? null, column, code, values });
  }

  /** Claims a key for a row; returns the row that claimed it first, if another did. */
  claim(key: string, row: number): number | undefined {
    const first = this.claims.get(key);
    if (first !== undefined && first !== row) return first;
    this.claims.set(key, row);
    return undefined;
  }

  isClaimed(key: string): boolean {
    return this.claims.has(key);
  }

  source(id: number) {
    if (!this.sourceCache.has(id)) this.sourceCache.set(id, findSourceRef(this.db, id) ?? null);
    return this.sourceCache.get(id)!;
  }

  site(by: 'id' | 'slug', value: string): RecordRef | null {
    const key = `${by}:${value}`;
    if (!this.siteCache.has(key))
      this.siteCache.set(
        key,
        (by === 'id' ? findSiteRefById(this.db, Number(value)) : findSiteRefBySlug(this.db, value)) ?? null,
      );
    return this.siteCache.get(key)!;
  }

  monument(by: 'id' | 'slug', value: string): RecordRef | null {
    const key = `${by}:${value}`;
    if (!this.monumentCache.has(key))
      this.monumentCache.set(
        key,
        (by === 'id' ? findMonumentRefById(this.db, Number(value)) : findMonumentRefBySlug(this.db, value)) ?? null,
      );
    return this.monumentCache.get(key)!;
  }
}

export interface RowPlan {
  view: PlanRow;
  write?: Write;
}

const ID = /^\s*\d{1,12}\s*$/;
const present = (v: string | undefined): v is string => v !== undefined && v.trim() !== '';

function reportIssues(ctx: PlanContext, row: RowCells, read: FieldsRead): boolean {
  for (const issue of read.issues) ctx.problem(row, issue.column, issue.code, issue.values);
  return read.issues.length > 0;
}

/**
 * After a problem that stops a row early (an unknown or deleted id, monument or site), the row's other filled cells
 * are still checked, so that the first problem does not hide the others. Empty cells are not: whether a value is
 * required depends on the record the row could not be matched to.
 */
function checkCells(ctx: PlanContext, row: RowCells, specs: readonly FieldSpec[]): void {
  for (const spec of specs) {
    const cell = row.get(spec.column);
    if (cell === undefined || cell.trim() === '') continue;
    const parsed = spec.parse(cell);
    if (!parsed.ok) ctx.problem(row, row.source(spec.column), parsed.code, { value: excerpt(cell), ...parsed.values });
  }
}

function planRow(
  row: RowCells,
  action: PlanRow['action'],
  id: number | null,
  label: string,
  changes: FieldChange[] = [],
  reason?: string,
): PlanRow {
  return { row: row.row, line: row.line, action, id, label, changes, ...(reason ? { reason } : {}) };
}

/**
 * Finds the record a row names by its id column: null when the cell is empty, `false` after a problem (bad id,
 * unknown id, deleted record).
 */
function matchById(
  ctx: PlanContext,
  row: RowCells,
  column: string,
  find: (id: number) => { id: number; deletedAt: string | null } | undefined | null,
): { id: number } | null | false {
  const cell = row.get(column);
  if (!present(cell)) return null;
  if (!ID.test(cell)) {
    ctx.problem(row, row.source(column), 'notInteger', { value: excerpt(cell) });
    return false;
  }
  const ref = find(Number(cell));
  if (!ref) {
    ctx.problem(row, row.source(column), 'idNotFound', { id: cell.trim() });
    return false;
  }
  if (ref.deletedAt) {
    ctx.problem(row, row.source(column), 'deleted', { id: cell.trim() });
    return false;
  }
  return { id: ref.id };
}

/** Claims the record for this row; a second row naming the same record is a problem. */
function claimRecord(ctx: PlanContext, row: RowCells, key: string, column: string | null): boolean {
  const first = ctx.claim(key, row.row);
  if (first !== undefined) {
    ctx.problem(row, column, 'duplicateRow', { first });
    return false;
  }
  return true;
}

/**
 * A new slug for an existing record: given, claimed by no other row of the file, and not another record's. Reports
 * the problem and answers false otherwise.
 */
function newSlugFits(
  ctx: PlanContext,
  row: RowCells,
  slug: string | null,
  kind: 'site' | 'monument',
  id: number,
  findBySlug: (db: PlanContext['db'], slug: string) => { id: number } | undefined,
): boolean {
  if (!slug) {
    ctx.problem(row, row.source('slug'), 'required');
    return false;
  }
  if (!claimRecord(ctx, row, `${kind}-slug:${slug}`, row.source('slug'))) return false;
  const other = findBySlug(ctx.db, slug);
  if (other && other.id !== id) {
    ctx.problem(row, row.source('slug'), 'slugTaken', { slug });
    return false;
  }
  return true;
}

/**
 * Latitude and longitude go together, as in the forms (lib/records/rules.ts); checked only when neither cell was
 * refused already.
 */
const coordinates = (ctx: PlanContext, row: RowCells, merged: Record<string, unknown>, read: FieldsRead) => {
  if (read.issues.some((i) => i.column === row.source('latitude') || i.column === row.source('longitude'))) return true;
  const unpaired = coordinatesPairProblem(merged.latitude, merged.longitude);
  if (unpaired) {
    ctx.problem(row, row.source(unpaired), 'coordinatesPair');
    return false;
  }
  return true;
};

// ---------------------------------------------------------------- sites

/** The UNESCO list's own fields: the only ones its import writes (docs/import.md "The UNESCO World Heritage List"). */
export const unescoSiteColumns = [
  'unesco_id_no',
  'name',
  'name_fr',
  'description',
  'latitude',
  'longitude',
  'year_inscribed',
  'criteria',
  'in_danger',
  'in_danger_since',
  'country_codes',
  'states_name',
  'states_name_ar',
] as const;
const unescoSiteFields = siteFields.filter((f) => (unescoSiteColumns as readonly string[]).includes(f.column));

/** Where a site is: a state code, or UNESCO's states text (a site with neither could not be placed anywhere). */
function placed(ctx: PlanContext, row: RowCells, merged: Record<string, unknown>): boolean {
  if (merged.countryCodes || (typeof merged.statesName === 'string' && merged.statesName.trim())) return true;
  ctx.problem(row, row.source('country_codes'), 'countryOrStates');
  return false;
}

/**
 * UNESCO's 0/0 placeholder arrives as empty coordinates: it clears a 0/0 an older import stored, and leaves any
 * other point (one a curator set) as it is.
 */
function withoutPlaceholder(row: RowCells, existing: { latitude: number | null; longitude: number | null }): RowCells {
  if (row.get('latitude') !== '' || row.get('longitude') !== '') return row;
  if (existing.latitude === 0 && existing.longitude === 0) return row;
  return { ...row, get: (c) => (c === 'latitude' || c === 'longitude' ? undefined : row.get(c)) };
}

/** A slug no site has (live or deleted) and no earlier row claimed: the name's, else with -2, -3… */
function freeSiteSlug(ctx: PlanContext, base: string): string {
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '' : `-${n}`;
    const slug = `${base.slice(0, 100 - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!ctx.isClaimed(`site-slug:${slug}`) && !isSiteSlugTaken(ctx.db, slug)) return slug;
  }
}

export function planSite(ctx: PlanContext, row: RowCells): RowPlan | null {
  const whc = ctx.mode === 'whc';
  let ref: { id: number } | null | false;
  const unescoCell = row.get('unesco_id_no');
  const unescoId = present(unescoCell) && ID.test(unescoCell) ? Number(unescoCell) : null;
  if (whc) {
    if (unescoId === null) {
      ctx.problem(
        row,
        row.source('unesco_id_no'),
        present(unescoCell) ? 'notInteger' : 'required',
        present(unescoCell) ? { value: excerpt(unescoCell) } : undefined,
      );
      return null;
    }
    const found = findSiteRefByUnescoId(ctx.db, unescoId);
    if (found?.deletedAt) {
      // A curator deleted this site on purpose: the UNESCO list does not bring it back.
      if (!claimRecord(ctx, row, `site:${found.id}`, row.source('unesco_id_no'))) return null;
      return { view: planRow(row, 'skip', found.id, found.slug, [], 'deletedInRegistry') };
    }
    ref = found ? { id: found.id } : null;
  } else {
    ref = matchById(ctx, row, 'site_id', (id) => findSiteRefById(ctx.db, id));
    if (ref === false) return null;
    const slugCell = row.get('slug');
    if (!ref && present(slugCell)) {
      const found = findSiteRefBySlug(ctx.db, slugCell.trim());
      if (found?.deletedAt) {
        ctx.problem(row, row.source('slug'), 'deletedSlug', { slug: found.slug });
        return null;
      }
      if (found) ref = { id: found.id };
    }
    if (!ref && unescoId !== null) {
      const found = findSiteRefByUnescoId(ctx.db, unescoId);
      if (found?.deletedAt) {
        ctx.problem(row, row.source('unesco_id_no'), 'deleted', { id: found.id });
        return null;
      }
      if (found) ref = { id: found.id };
    }
    const nameCell = row.get('name');
    if (!ref && !present(slugCell) && present(nameCell)) {
      const derived = slugFromName(nameCell);
      const found = derived ? findSiteRefBySlug(ctx.db, derived) : undefined;
      if (found && !found.deletedAt) ref = { id: found.id };
    }
  }

  const specs = whc ? unescoSiteFields : siteFields;
  if (ref) {
    if (!claimRecord(ctx, row, `site:${ref.id}`, null)) return null;
    const existing = getSiteById(ctx.db, ref.id)!;
    const read = readFields(specs, whc ? withoutPlaceholder(row, existing) : row, existing);
    let bad = reportIssues(ctx, row, read);
    const merged: Record<string, unknown> = { ...existing, ...read.values };
    bad = !coordinates(ctx, row, merged, read) || bad;
    bad = !placed(ctx, row, merged) || bad;
    const since = (merged.inDangerSince ?? null) as number | null;
    if (inDangerSince(Boolean(merged.inDanger), since) !== since) {
      read.values.inDangerSince = null;
      read.changes.push({
        column: row.source('in_danger_since'),
        before: exportValue(existing.inDangerSince),
        after: '',
      });
    }
    if ('slug' in read.values) {
      if (!newSlugFits(ctx, row, read.values.slug as string | null, 'site', existing.id, findSiteRefBySlug)) bad = true;
    }
    if ('unescoIdNo' in read.values && read.values.unescoIdNo !== null) {
      const idNo = read.values.unescoIdNo as number;
      if (!claimRecord(ctx, row, `site-unesco:${idNo}`, row.source('unesco_id_no'))) bad = true;
      else {
        const other = findSiteRefByUnescoId(ctx.db, idNo);
        if (other && other.id !== existing.id) {
          ctx.problem(row, row.source('unesco_id_no'), 'unescoTaken', { id: idNo });
          bad = true;
        }
      }
    } else if (existing.unescoIdNo !== null) ctx.claim(`site-unesco:${existing.unescoIdNo}`, row.row);
    if (!('slug' in read.values)) ctx.claim(`site-slug:${existing.slug}`, row.row);
    if (bad) return null;
    const label = (read.values.slug as string | undefined) ?? existing.slug;
    if (read.changes.length === 0) return { view: planRow(row, 'unchanged', existing.id, label) };
    return {
      view: planRow(row, 'update', existing.id, label, read.changes),
      write: {
        type: 'sites',
        action: 'update',
        row: row.row,
        id: existing.id,
        version: existing.version,
        input: read.values,
        before: existing,
      },
    };
  }

  const read = readFields(specs, row, null);
  let bad = reportIssues(ctx, row, read);
  const v = read.values;
  bad = !coordinates(ctx, row, v, read) || bad;
  if (!read.issues.some((i) => i.column === row.source('country_codes'))) bad = !placed(ctx, row, v) || bad;
  v.inDangerSince = inDangerSince(Boolean(v.inDanger), (v.inDangerSince ?? null) as number | null);
  if (bad) return null;
  let slug = (v.slug as string | null) ?? null;
  if (whc || !slug) {
    const base = slugFromName(String(v.name ?? '')) || (v.unescoIdNo ? `site-${v.unescoIdNo}` : '');
    if (!base) {
      ctx.problem(row, row.source('slug'), 'slugRequired');
      return null;
    }
    slug = whc ? freeSiteSlug(ctx, base) : base;
    read.changes.unshift({ column: whc ? 'slug' : row.source('slug'), before: '', after: slug });
  }
  v.slug = slug;
  if (!claimRecord(ctx, row, `site-slug:${slug}`, row.source('slug'))) return null;
  if (!whc && findSiteRefBySlug(ctx.db, slug)) {
    ctx.problem(row, row.source('slug'), 'slugTaken', { slug });
    return null;
  }
  if (v.unescoIdNo !== null && v.unescoIdNo !== undefined) {
    if (!claimRecord(ctx, row, `site-unesco:${v.unescoIdNo}`, row.source('unesco_id_no'))) return null;
    if (!whc && findSiteRefByUnescoId(ctx.db, v.unescoIdNo as number)) {
      ctx.problem(row, row.source('unesco_id_no'), 'unescoTaken', { id: v.unescoIdNo as number });
      return null;
    }
  }
  return {
    view: planRow(row, 'create', null, slug, read.changes),
    write: { type: 'sites', action: 'create', row: row.row, input: v },
  };
}

// ---------------------------------------------------------------- monuments

/** Alternative names as the export writes them: "name (lang)" joined with " | ". */
export const showAltNames = (names: readonly { name: string; lang: string }[] | undefined) =>
  (names ?? []).map((a) => `${a.name} (${a.lang})`).join(' | ');

function parseAltNames(
  cell: string,
): { ok: true; value: AltNameInput[] } | { ok: false; code: string; values?: MessageValues } {
  const out: AltNameInput[] = [];
  const seen = new Set<string>();
  for (const part of cell.split(/\s*\|\s*/)) {
    if (!part.trim()) continue;
    const m = /^(.*\S)\s*\(([^()]+)\)$/.exec(part.trim());
    if (!m || !LANG_TAG.test(m[2]!.trim()))
      return { ok: false, code: 'altNameFormat', values: { value: excerpt(part) } };
    const parsed = AltNameSchema.safeParse({ name: m[1]!, lang: m[2]!.trim() });
    if (!parsed.success) return { ok: false, code: 'altNameFormat', values: { value: excerpt(part) } };
    const key = `${parsed.data.lang}\u0000${parsed.data.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(parsed.data);
  }
  return { ok: true, value: out };
}

/** The site a monument row names (site_id and/or site_slug); undefined when it names none, null after a problem. */
function readSiteRef(ctx: PlanContext, row: RowCells): RecordRef | undefined | null {
  const idCell = row.get('site_id');
  const slugCell = row.get('site_slug');
  let byId: RecordRef | null | undefined;
  let bySlug: RecordRef | null | undefined;
  if (present(idCell)) {
    if (!ID.test(idCell)) {
      ctx.problem(row, row.source('site_id'), 'notInteger', { value: excerpt(idCell) });
      return null;
    }
    byId = ctx.site('id', idCell.trim());
    if (!byId) {
      ctx.problem(row, row.source('site_id'), 'siteNotFound', { value: idCell.trim() });
      return null;
    }
  }
  if (present(slugCell)) {
    bySlug = ctx.site('slug', slugCell.trim());
    if (!bySlug) {
      ctx.problem(row, row.source('site_slug'), 'siteNotFound', { value: slugCell.trim() });
      return null;
    }
  }
  if (byId && bySlug && byId.id !== bySlug.id) {
    ctx.problem(row, row.source('site_slug'), 'siteMismatch', { id: byId.id, slug: bySlug.slug });
    return null;
  }
  const ref = byId ?? bySlug;
  if (ref?.deletedAt) {
    ctx.problem(row, row.source(byId ? 'site_id' : 'site_slug'), 'siteDeleted', { value: ref.slug });
    return null;
  }
  return ref;
}

export function planMonument(ctx: PlanContext, row: RowCells): RowPlan | null {
  let ref = matchById(ctx, row, 'monument_id', (id) => findMonumentRefById(ctx.db, id));
  if (ref === false) {
    checkCells(ctx, row, monumentFields);
    return null;
  }
  const slugCell = row.get('slug');
  if (!ref && present(slugCell)) {
    const found = findMonumentRefBySlug(ctx.db, slugCell.trim());
    if (found?.deletedAt) {
      ctx.problem(row, row.source('slug'), 'deletedSlug', { slug: found.slug });
      return null;
    }
    if (found) ref = { id: found.id };
  }
  const nameCell = row.get('name');
  if (!ref && !present(slugCell) && present(nameCell)) {
    const derived = slugFromName(nameCell);
    const found = derived ? findMonumentRefBySlug(ctx.db, derived) : undefined;
    if (found && !found.deletedAt) ref = { id: found.id };
  }
  const site = readSiteRef(ctx, row);
  let bad = site === null;
  const altCell = row.get('alternative_names');

  if (ref) {
    if (!claimRecord(ctx, row, `monument:${ref.id}`, null)) return null;
    const existing = getMonumentById(ctx.db, ref.id)!;
    const read = readFields(monumentFields, row, existing);
    bad = reportIssues(ctx, row, read) || bad;
    bad = !coordinates(ctx, row, { ...existing, ...read.values }, read) || bad;
    if (site && site.id !== existing.siteId) {
      const column = row.get('site_slug') !== undefined && present(row.get('site_slug')) ? 'site_slug' : 'site_id';
      const before = ctx.site('id', String(existing.siteId));
      read.values.siteId = site.id;
      read.changes.push({
        column: row.source(column),
        before: column === 'site_slug' ? (before?.slug ?? '') : String(existing.siteId),
        after: column === 'site_slug' ? site.slug : String(site.id),
      });
    }
    let altNames: AltNameInput[] | undefined;
    if (altCell !== undefined && altCell !== showAltNames(existing.altNames)) {
      const parsed = parseAltNames(altCell);
      if (!parsed.ok) {
        ctx.problem(row, row.source('alternative_names'), parsed.code, parsed.values);
        bad = true;
      } else if (showAltNames(parsed.value) !== showAltNames(existing.altNames)) {
        altNames = parsed.value;
        read.changes.push({
          column: row.source('alternative_names'),
          before: showAltNames(existing.altNames),
          after: showAltNames(altNames),
        });
      }
    }
    if ('slug' in read.values) {
      if (!newSlugFits(ctx, row, read.values.slug as string | null, 'monument', existing.id, findMonumentRefBySlug))
        bad = true;
    } else ctx.claim(`monument-slug:${existing.slug}`, row.row);
    if (bad) return null;
    const label = (read.values.slug as string | undefined) ?? existing.slug;
    if (read.changes.length === 0) return { view: planRow(row, 'unchanged', existing.id, label) };
    return {
      view: planRow(row, 'update', existing.id, label, read.changes),
      write: {
        type: 'monuments',
        action: 'update',
        row: row.row,
        id: existing.id,
        version: existing.version,
        input: read.values,
        altNames,
        before: existing,
      },
    };
  }

  const read = readFields(monumentFields, row, null);
  bad = reportIssues(ctx, row, read) || bad;
  bad = !coordinates(ctx, row, read.values, read) || bad;
  if (site === undefined) {
    ctx.problem(row, row.source(row.get('site_slug') !== undefined ? 'site_slug' : 'site_id'), 'siteRequired');
    bad = true;
  }
  let altNames: AltNameInput[] = [];
  if (altCell !== undefined) {
    const parsed = parseAltNames(altCell);
    if (!parsed.ok) {
      ctx.problem(row, row.source('alternative_names'), parsed.code, parsed.values);
      bad = true;
    } else altNames = parsed.value;
  }
  if (bad || !site) return null;
  const v = read.values;
  if (!v.slug) {
    const slug = slugFromName(String(v.name ?? ''));
    if (!slug) {
      ctx.problem(row, row.source('slug'), 'slugRequired');
      return null;
    }
    v.slug = slug;
    read.changes.unshift({ column: row.source('slug'), before: '', after: slug });
  }
  const slug = v.slug as string;
  if (!claimRecord(ctx, row, `monument-slug:${slug}`, row.source('slug'))) return null;
  if (findMonumentRefBySlug(ctx.db, slug)) {
    ctx.problem(row, row.source('slug'), 'slugTaken', { slug });
    return null;
  }
  v.siteId = site.id;
  const siteColumn = present(row.get('site_slug')) ? 'site_slug' : 'site_id';
  read.changes.push({
    column: row.source(siteColumn),
    before: '',
    after: siteColumn === 'site_slug' ? site.slug : String(site.id),
  });
  if (altNames.length)
    read.changes.push({ column: row.source('alternative_names'), before: '', after: showAltNames(altNames) });
  return {
    view: planRow(row, 'create', null, slug, read.changes),
    write: { type: 'monuments', action: 'create', row: row.row, input: v, altNames },
  };
}

// ---------------------------------------------------------------- reports

const PRECISION_RANK = { year: 1, month: 2, day: 3 } as const;

interface EventDateValue {
  eventDate: string | null;
  eventDateEnd: string | null;
  eventDatePrecision: string;
}

/** The event date columns (event_date, event_date_end, event_date_precision), read together; null after a problem. */
function readEventDate(
  ctx: PlanContext,
  row: RowCells,
  existing: EventDateValue | null,
): { value: EventDateValue; changes: FieldChange[] } | null {
  const cols = ['event_date', 'event_date_end', 'event_date_precision'] as const;
  const stored = existing
    ? [exportValue(existing.eventDate), exportValue(existing.eventDateEnd), existing.eventDatePrecision]
    : ['', '', ''];
  const cells = cols.map((c, i) => row.get(c) ?? (existing ? stored[i]! : ''));
  if (existing && cells.every((c, i) => c === stored[i])) return { value: existing, changes: [] };
  const [start, end, precisionCell] = cells.map((c) => c.trim()) as [string, string, string];
  let precision: string | null = null;
  if (precisionCell) {
    const p = parseCode(precisionCell, datePrecisions.terms);
    if (!p.ok) {
      ctx.problem(row, row.source('event_date_precision'), p.code, p.values);
      return null;
    }
    precision = p.value;
  }
  let value: EventDateValue;
  if (!start) {
    if (end) {
      ctx.problem(row, row.source('event_date'), 'required');
      return null;
    }
    value = { eventDate: null, eventDateEnd: null, eventDatePrecision: precision ?? 'day' };
  } else {
    const from = parsePartialDate(start);
    if (!from) {
      ctx.problem(row, row.source('event_date'), 'invalidDate', { value: excerpt(start) });
      return null;
    }
    precision ??= end ? 'approximate' : from.precision;
    if (precision === 'approximate') {
      let last: string | null = null;
      if (end) {
        const to = parsePartialDate(end);
        if (!to) {
          ctx.problem(row, row.source('event_date_end'), 'invalidDate', { value: excerpt(end) });
          return null;
        }
        last = lastDayOf(to);
        if (last < from.date) {
          ctx.problem(row, row.source('event_date_end'), 'endBeforeStart');
          return null;
        }
      }
      value = { eventDate: from.date, eventDateEnd: last, eventDatePrecision: 'approximate' };
    } else {
      if (end) {
        ctx.problem(row, row.source('event_date_end'), 'endOnlyApproximate');
        return null;
      }
      const p = precision as keyof typeof PRECISION_RANK;
      if (PRECISION_RANK[from.precision] < PRECISION_RANK[p]) {
        ctx.problem(row, row.source('event_date'), 'datePrecision', { value: start, precision: p });
        return null;
      }
      const date =
        p === 'year' ? `${from.date.slice(0, 4)}-01-01` : p === 'month' ? `${from.date.slice(0, 7)}-01` : from.date;
      value = { eventDate: date, eventDateEnd: null, eventDatePrecision: p };
    }
  }
  const changes: FieldChange[] = [];
  const keys = ['eventDate', 'eventDateEnd', 'eventDatePrecision'] as const;
  keys.forEach((k, i) => {
    const before = existing ? exportValue(existing[k]) : '';
    const after = exportValue(value[k]);
    if (before !== after && (existing || after !== '')) changes.push({ column: row.source(cols[i]!), before, after });
  });
  return { value, changes };
}

/** The monument a report row names (monument_id and/or monument_slug); undefined when none, null after a problem. */
function readMonumentRef(ctx: PlanContext, row: RowCells): RecordRef | undefined | null {
  const idCell = row.get('monument_id');
  const slugCell = row.get('monument_slug');
  let byId: RecordRef | null | undefined;
  let bySlug: RecordRef | null | undefined;
  if (present(idCell)) {
    if (!ID.test(idCell)) {
      ctx.problem(row, row.source('monument_id'), 'notInteger', { value: excerpt(idCell) });
      return null;
    }
    byId = ctx.monument('id', idCell.trim());
    if (!byId) {
      ctx.problem(row, row.source('monument_id'), 'monumentNotFound', { value: idCell.trim() });
      return null;
    }
  }
  if (present(slugCell)) {
    bySlug = ctx.monument('slug', slugCell.trim());
    if (!bySlug) {
      ctx.problem(row, row.source('monument_slug'), 'monumentNotFound', { value: slugCell.trim() });
      return null;
    }
  }
  if (byId && bySlug && byId.id !== bySlug.id) {
    ctx.problem(row, row.source('monument_slug'), 'monumentMismatch', { id: byId.id, slug: bySlug.slug });
    return null;
  }
  const ref = byId ?? bySlug;
  if (ref?.deletedAt) {
    ctx.problem(row, row.source(byId ? 'monument_id' : 'monument_slug'), 'monumentDeleted', { value: ref.slug });
    return null;
  }
  return ref;
}

const STANCE_COLUMNS = { supports: 'supporting_source_ids', disputes: 'disputing_source_ids' } as const;
type StanceCode = keyof typeof STANCE_COLUMNS;

/** Live citations of a stance as the export writes them ("3;7"): cited sources that are deleted are left out. */
const showIds = (citations: readonly ImportCitation[], stance: StanceCode) =>
  citations
    .filter((c) => c.stance === stance && !c.sourceDeleted)
    .map((c) => c.sourceId)
    .sort((a, b) => a - b)
    .join(';');

/**
 * The source id columns: the citations a report should have. A stance whose column the file lacks keeps its
 * citations; citations of deleted sources (which the export does not show) are kept; quotes are kept by source.
 */
function readCitations(
  ctx: PlanContext,
  row: RowCells,
  existing: readonly ImportCitation[] | null,
): { citations?: CitationInput[]; changes: FieldChange[] } | null {
  const cells = { supports: row.get(STANCE_COLUMNS.supports), disputes: row.get(STANCE_COLUMNS.disputes) };
  if (cells.supports === undefined && cells.disputes === undefined)
    return { citations: existing ? undefined : [], changes: [] };
  const current = existing ?? [];
  if (
    existing &&
    (['supports', 'disputes'] as const).every((s) => cells[s] === undefined || cells[s] === showIds(current, s))
  )
    return { changes: [] };
  const wanted: Record<StanceCode, number[]> = { supports: [], disputes: [] };
  let bad = false;
  for (const stance of ['supports', 'disputes'] as const) {
    const cell = cells[stance];
    if (cell === undefined) {
      wanted[stance] = current.filter((c) => c.stance === stance && !c.sourceDeleted).map((c) => c.sourceId);
      continue;
    }
    const ids = new Set<number>();
    for (const part of cell.split(/[;,|\s]+/).filter(Boolean)) {
      if (!/^\d{1,12}$/.test(part)) {
        ctx.problem(row, row.source(STANCE_COLUMNS[stance]), 'invalidSourceId', { value: excerpt(part) });
        bad = true;
        continue;
      }
      const id = Number(part);
      const source = ctx.source(id);
      if (!source) {
        ctx.problem(row, row.source(STANCE_COLUMNS[stance]), 'sourceNotFound', { id });
        bad = true;
        continue;
      }
      if (source.deletedAt) {
        ctx.problem(row, row.source(STANCE_COLUMNS[stance]), 'sourceDeleted', { id });
        bad = true;
        continue;
      }
      ids.add(id);
    }
    wanted[stance] = [...ids].sort((a, b) => a - b);
  }
  for (const id of wanted.supports) {
    if (wanted.disputes.includes(id)) {
      ctx.problem(row, row.source(STANCE_COLUMNS.disputes), 'sourceBothStances', { id });
      bad = true;
    }
  }
  if (bad) return null;
  const changes: FieldChange[] = [];
  for (const stance of ['supports', 'disputes'] as const) {
    const before = showIds(current, stance);
    const after = wanted[stance].join(';');
    if (before !== after) changes.push({ column: row.source(STANCE_COLUMNS[stance]), before, after });
  }
  if (existing && changes.length === 0) return { changes };
  const quotes = new Map(current.map((c) => [c.sourceId, c.quote]));
  const citations: CitationInput[] = [
    ...wanted.supports.map((sourceId) => ({
      sourceId,
      stance: 'supports' as const,
      quote: quotes.get(sourceId) ?? null,
    })),
    ...wanted.disputes.map((sourceId) => ({
      sourceId,
      stance: 'disputes' as const,
      quote: quotes.get(sourceId) ?? null,
    })),
    ...current.filter((c) => c.sourceDeleted).map((c) => ({ sourceId: c.sourceId, stance: c.stance, quote: c.quote })),
  ].sort((a, b) => a.sourceId - b.sourceId);
  return { citations, changes };
}

/**
 * The evidence rules (lib/evidence.ts) checked before anything is written: a row that would leave a report published
 * against one is a problem on the column it concerns, so the file is refused as a whole and nothing changes.
 */
function evidenceIssue(
  ctx: PlanContext,
  row: RowCells,
  report: Record<string, unknown>,
  citations: readonly { sourceId: number; stance: 'supports' | 'disputes' }[],
): boolean {
  if (report.reviewState !== 'published') return false;
  const facts = citations.flatMap((c) => {
    const source = sourceFacts(ctx.db, c.sourceId);
    return source ? [{ ...source, stance: c.stance }] : [];
  });
  const rule = evidenceProblem({
    verificationStatus: report.verificationStatus as VerificationStatus,
    citations: facts,
  });
  if (!rule) return false;
  const column = evidenceField(rule) === 'citations' ? STANCE_COLUMNS.supports : 'verification_status';
  ctx.problem(row, row.source(column), rule);
  return true;
}

export function planReport(ctx: PlanContext, row: RowCells, createdBy: number | null): RowPlan | null {
  const ref = matchById(ctx, row, 'report_id', (id) => {
    const r = getReportForImport(ctx.db, id);
    return r ? { id: r.id, deletedAt: r.deletedAt } : undefined;
  });
  const monument = readMonumentRef(ctx, row);
  if (ref === false || monument === null) {
    checkCells(ctx, row, reportFields);
    readCitations(ctx, row, null);
    return null;
  }

  if (ref) {
    if (!claimRecord(ctx, row, `report:${ref.id}`, null)) return null;
    const existing = getReportForImport(ctx.db, ref.id)!;
    const read = readFields(reportFields, row, existing as unknown as Record<string, unknown>);
    const bad = reportIssues(ctx, row, read);
    const date = readEventDate(ctx, row, existing);
    const cites = readCitations(ctx, row, existing.citations);
    if (!date || !cites || bad) return null;
    const changes = [...read.changes, ...date.changes, ...cites.changes];
    const input = { ...read.values };
    if (date.changes.length) Object.assign(input, date.value);
    if (monument && monument.id !== existing.monumentId) {
      input.monumentId = monument.id;
      const column = present(row.get('monument_slug')) ? 'monument_slug' : 'monument_id';
      const before = ctx.monument('id', String(existing.monumentId));
      changes.push({
        column: row.source(column),
        before: column === 'monument_slug' ? (before?.slug ?? '') : String(existing.monumentId),
        after: column === 'monument_slug' ? monument.slug : String(monument.id),
      });
    }
    const label = `${ctx.monument('id', String(existing.monumentId))?.slug ?? ''} · ${excerpt(String(input.summary ?? existing.summary), 50)}`;
    if (changes.length === 0) return { view: planRow(row, 'unchanged', existing.id, label) };
    if (evidenceIssue(ctx, row, { ...existing, ...read.values }, cites.citations ?? existing.citations)) return null;
    return {
      view: planRow(row, 'update', existing.id, label, changes),
      write: {
        type: 'reports',
        action: 'update',
        row: row.row,
        id: existing.id,
        version: existing.version,
        input,
        citations: cites.citations,
        before: existing,
      },
    };
  }

  if (!monument) {
    ctx.problem(
      row,
      row.source(row.get('monument_slug') !== undefined ? 'monument_slug' : 'monument_id'),
      'monumentRequired',
    );
    checkCells(ctx, row, reportFields);
    readCitations(ctx, row, null);
    return null;
  }
  const read = readFields(reportFields, row, null);
  const bad = reportIssues(ctx, row, read);
  const date = readEventDate(ctx, row, null);
  if (!date || bad) return null;
  // A row without report_id is the report of the same monument, event date and summary, if there is one.
  const summary = normText(read.values.summary);
  // The summary by its digest: 100,000 claims need not hold 100,000 summaries.
  const key = `report-key:${monument.id}:${date.value.eventDate ?? ''}:${crypto.createHash('sha256').update(summary).digest('base64')}`;
  const first = ctx.claim(key, row.row);
  if (first !== undefined) {
    ctx.problem(row, null, 'duplicateRow', { first });
    return null;
  }
  const same = listReportKeys(ctx.db, monument.id, date.value.eventDate).filter((r) => normText(r.summary) === summary);
  if (same.length > 1) {
    ctx.problem(row, row.source('summary'), 'ambiguousReport', { ids: same.map((r) => r.id).join(', ') });
    return null;
  }
  if (same.length === 1) {
    if (same[0]!.deletedAt) {
      ctx.problem(row, row.source('summary'), 'deleted', { id: same[0]!.id });
      return null;
    }
    // Plan it as a row that named this report by id.
    const withId: RowCells = {
      row: row.row,
      line: row.line,
      get: (c) => (c === 'report_id' ? String(same[0]!.id) : row.get(c)),
      source: (c) => row.source(c),
    };
    return planReport(ctx, withId, createdBy);
  }
  const cites = readCitations(ctx, row, null);
  if (!cites) return null;
  const input = { ...read.values, ...date.value, monumentId: monument.id, createdBy };
  if (evidenceIssue(ctx, row, read.values, cites.citations ?? [])) return null;
  const changes = [
    {
      column: row.source(present(row.get('monument_slug')) ? 'monument_slug' : 'monument_id'),
      before: '',
      after: present(row.get('monument_slug')) ? monument.slug : String(monument.id),
    },
    ...date.changes,
    ...read.changes,
    ...cites.changes,
  ];
  return {
    view: planRow(row, 'create', null, `${monument.slug} · ${excerpt(String(read.values.summary ?? ''), 50)}`, changes),
    write: { type: 'reports', action: 'create', row: row.row, input, citations: cites.citations ?? [] },
  };
}

// ---------------------------------------------------------------- sources

export function planSource(ctx: PlanContext, row: RowCells): RowPlan | null {
  let ref = matchById(ctx, row, 'source_id', (id) => findSourceRef(ctx.db, id));
  if (ref === false) return null;
  if (!ref) {
    // A row without source_id is the live source with the same URL, else with the same title, if exactly one.
    const url = row.get('url')?.trim();
    const title = row.get('title')?.trim();
    const candidates = url ? listSourcesByKey(ctx.db, { url }) : title ? listSourcesByKey(ctx.db, { title }) : [];
    if (candidates.length > 1) {
      ctx.problem(row, row.source(url ? 'url' : 'title'), 'ambiguousSource', {
        ids: candidates.map((c) => c.id).join(', '),
      });
      return null;
    }
    if (candidates.length === 1) ref = { id: candidates[0]!.id };
    else {
      const key = url ? `source-url:${url}` : `source-title:${normText(title)}`;
      const first = ctx.claim(key, row.row);
      if (first !== undefined) {
        ctx.problem(row, null, 'duplicateRow', { first });
        return null;
      }
    }
  }
  if (ref) {
    if (!claimRecord(ctx, row, `source:${ref.id}`, null)) return null;
    const existing = getSourceById(ctx.db, ref.id)!;
    const read = readFields(sourceFields, row, existing);
    if (reportIssues(ctx, row, read)) return null;
    const label = String(read.values.title ?? existing.title);
    if (read.changes.length === 0) return { view: planRow(row, 'unchanged', existing.id, excerpt(label, 60)) };
    return {
      view: planRow(row, 'update', existing.id, excerpt(label, 60), read.changes),
      write: {
        type: 'sources',
        action: 'update',
        row: row.row,
        id: existing.id,
        version: existing.version,
        input: read.values,
        before: existing,
      },
    };
  }
  const read = readFields(sourceFields, row, null);
  if (reportIssues(ctx, row, read)) return null;
  return {
    view: planRow(row, 'create', null, excerpt(String(read.values.title ?? ''), 60), read.changes),
    write: { type: 'sources', action: 'create', row: row.row, input: read.values },
  };
}

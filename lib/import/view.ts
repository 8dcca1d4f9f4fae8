/**
 * What /admin/import shows of a plan: the counts, notices, and the first rows and problems (a plan of 100,000 rows
 * is not sent to the browser whole; the counts cover every row). Shared by the server action and the form.
 */
import type { ImportPlan } from './plan';
import type { EncodingChoice, ImportKind, ImportType, Notice, PlanCounts, PlanRow, Problem } from './types';

export const SHOWN_ROWS = 500;
export const SHOWN_PROBLEMS = 300;
const SHOWN_VALUE = 300;

export interface PlanView {
  fileName: string;
  type: ImportType | null;
  encoding: string | null;
  delimiter: string | null;
  totalRows: number;
  counts: PlanCounts;
  notices: Notice[];
  problems: Problem[];
  problemCount: number;
  rows: PlanRow[];
  fingerprint: string;
  /** The stored upload a commit reads (absent when there is nothing to commit). */
  token?: string;
  sha256?: string;
}

export type ImportStatus = 'idle' | 'invalid' | 'planned' | 'committed' | 'stale' | 'expired' | 'failed';

export interface ImportState {
  status: ImportStatus;
  /** The choices of the check form, kept across answers. */
  values: { kind: ImportKind; type: ImportType | 'auto'; encoding: EncodingChoice; allowLossy?: boolean };
  /** Field → error codes (import.json "form" keys). */
  fieldErrors: Record<string, string[]>;
  plan?: PlanView;
  /** Why a commit failed. */
  reason?: string;
  submission: number;
}

export const initialImportState: ImportState = {
  status: 'idle',
  values: { kind: 'csv', type: 'auto', encoding: 'auto' },
  fieldErrors: {},
  submission: 0,
};

const cut = (v: string) => (v.length > SHOWN_VALUE ? `${v.slice(0, SHOWN_VALUE - 1)}…` : v);

export function planView(plan: ImportPlan, upload?: { token: string; sha256: string }): PlanView {
  return {
    fileName: plan.settings.fileName,
    type: plan.type,
    encoding: plan.encoding,
    delimiter: plan.delimiter,
    totalRows: plan.totalRows,
    counts: plan.counts,
    notices: plan.notices,
    problems: plan.problems.slice(0, SHOWN_PROBLEMS),
    problemCount: plan.problemCount,
    rows: plan.rows.slice(0, SHOWN_ROWS).map((r) => ({
      ...r,
      changes: r.changes.map((c) => ({
        column: c.column,
        before: cut(c.before),
        after: cut(c.after),
        ...(c.lossy ? { lossy: true } : {}),
      })),
    })),
    fingerprint: plan.fingerprint,
    ...(upload ?? {}),
  };
}

/** How many records a commit of this plan would write. */
export const changeCount = (counts: PlanCounts) => counts.create + counts.update;

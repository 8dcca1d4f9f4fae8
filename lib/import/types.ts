/**
 * Shared types of the bulk import: what a file is, what it would change (the plan), and what is wrong
 * with it. Problems and notices carry a message code and values, translated by messages/<locale>/import.json (the web
 * page in either language, the command line in English), so every message exists once in each language.
 */

/** What the file is: our own CSV columns (the exports' columns), or the UNESCO World Heritage Centre's list export. */
export type ImportKind = 'csv' | 'whc';
export const importKinds: readonly ImportKind[] = ['csv', 'whc'];

/** The record type a CSV file holds. */
export type ImportType = 'sites' | 'monuments' | 'reports' | 'sources';
export const importTypes: readonly ImportType[] = ['sites', 'monuments', 'reports', 'sources'];

/** How to read the bytes: detect (UTF-8, else Windows-1252, said so), or as the user says. */
export type EncodingChoice = 'auto' | 'utf-8' | 'windows-1252';
export const encodingChoices: readonly EncodingChoice[] = ['auto', 'utf-8', 'windows-1252'];
export type Encoding = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

export type MessageValues = Record<string, string | number>;

/** Something wrong that stops the import: file-level (row null) or a cell (row and column). */
export interface Problem {
  /** Row as a spreadsheet counts it: the header is row 1, the first record row 2. Null for the whole file. */
  row: number | null;
  /** Physical line of the file where the row (or the fault) starts, when known. */
  line: number | null;
  /** The file's column name, when the problem is one cell or column. */
  column: string | null;
  code: string;
  values?: MessageValues;
}

/** Something the user should know that does not stop the import (an encoding guessed, columns ignored). */
export interface Notice {
  code: string;
  values?: MessageValues;
}

export type RowAction = 'create' | 'update' | 'unchanged' | 'skip';

export interface FieldChange {
  /** The file's column name (what the user edited). */
  column: string;
  before: string;
  after: string;
  /** The change replaces letters with "?" or "�" (lib/import/plan.ts lostLetters). */
  lossy?: boolean;
}

/** One row of the plan as shown to the user. */
export interface PlanRow {
  row: number;
  line: number;
  action: RowAction;
  /** Record id for updates and unchanged rows; null for rows that create. */
  id: number | null;
  /** A human handle: slug, title, or the start of a summary. */
  label: string;
  changes: FieldChange[];
  /** Why a row is skipped (a message code of import.json "skip"). */
  reason?: string;
}

export interface PlanCounts {
  create: number;
  update: number;
  unchanged: number;
  skip: number;
}

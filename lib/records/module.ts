/**
 * What every curated record type provides (lib/records/{site,monument,report,source}.ts), and the one write workflow
 * they share (service.ts): parse the form with the record's schema and cross-field rules, check what it refers to,
 * check the version, write in one transaction with its revision — or, for a contributor, store a proposal — and turn
 * a UNIQUE violation into the field's "taken" error. Forms, server actions, reverts and the importer use the same
 * modules, so a rule is written once.
 */
import type { Db } from '../../db/index';
import type { RecordType, Snapshot } from '../../db/queries/records';
import type { ProposalPayload } from '../../db/queries/proposals';
import type { FieldErrors, Parsed } from '../forms';
import type { UserRole } from '../vocab';
import type { ReadScope } from '../../db/queries/visibility';

export type { RecordType };

/** The signed-in curator a write is made for. */
export interface Curator {
  id: number;
  role: UserRole;
}

export interface RecordModule<Data> {
  type: RecordType;
  /** The folder of its curator pages: /admin/{folder}/{id}/edit. */
  folder: 'sites' | 'monuments' | 'reports' | 'sources';
  /** Who may create one (editing is open to contributors, as proposals or their own drafts). */
  createRole: UserRole;
  /** UNIQUE constraints ("monuments.slug") and the form field each belongs to. */
  uniqueFields: Record<string, string>;
  parseForm(values: Record<string, string>): Parsed<Data>;
  /** A saved record (or a revision's snapshot) as form values: edit forms, conflict tables. */
  formValues(snapshot: Record<string, unknown>): Record<string, string>;
  /**
   * Records the form names that must exist and be live (a site, a monument, cited sources), and be readable by the
   * curator when `scope` is given: a contributor cannot cite a source they may not read.
   */
  referenceErrors(db: Db, data: Data, scope?: ReadScope): FieldErrors;
  get(db: Db, id: number): Snapshot | undefined;
  /** Creates the record with its revision; `saved` is what the edit page is told (?saved=…). */
  create(tx: Db, data: Data, curator: Curator): { id: number; saved: string };
  /** Whether this curator's edit of `current` is written at once (else it becomes a proposal for an editor). */
  writesDirectly(curator: Curator, current: Snapshot): boolean;
  /** Writes an edit whose version was checked in the same transaction. */
  update(tx: Db, id: number, version: number, data: Data, curator: Curator): void;
  /** A contributor's edit as a proposal (inline sources of a report are created now, with their revisions). */
  proposal(tx: Db, data: Data, curator: Curator): ProposalPayload;
}

/** The row of a write whose version was checked in the same transaction: anything else is a bug, and rolls back. */
export function written<T>(result: { ok: true; row: T } | { ok: false }): T {
  if (!result.ok) throw new Error('a record changed inside its own write transaction');
  return result.row;
}

/**
 * The curator write workflow, once for every record type (see module.ts). Each call is one IMMEDIATE transaction:
 * the existence, reference and version checks, the write with its revision (and a report's status refresh), or a
 * contributor's proposal, all see the same state, and a refusal leaves nothing behind. Public pages follow by
 * themselves: the database stamps the pages a change touches (docs/decisions/009).
 */
import { transaction, type Db } from '../../db/index';
import { insertProposal } from '../../db/queries/proposals';
import { findSnapshotAtVersion } from '../../db/queries/revisions';
import type { Snapshot } from '../../db/queries/records';
import { mergeStaleEdit } from '../conflict';
import { parseId, type ConflictRow, type FieldErrors } from '../forms';
import { VersionInput } from '../inputs/fields';
import type { Curator, RecordModule } from './module';
import { canReadRecord } from '../../db/queries/visibility';
import { readScope } from '../auth/read-scope';
import { EvidenceRefusal, evidenceField } from '../evidence';

export type WriteOutcome =
  | { kind: 'invalid'; fieldErrors: FieldErrors }
  | { kind: 'error'; message: 'invalidRequest' | 'notFound' }
  /** Saved meanwhile by someone else: the form again, with the curator's changes on top of the saved record. */
  | { kind: 'conflict'; values: Record<string, string>; rows: ConflictRow[] }
  | { kind: 'created'; id: number; saved: string }
  | { kind: 'saved'; id: number }
  | { kind: 'proposed'; proposalId: number };

/** The column of a UNIQUE constraint violation ("sites.slug"), or null for any other error. */
export function uniqueViolation(error: unknown): string | null {
  const m = /UNIQUE constraint failed: (\w+\.\w+)/.exec(error instanceof Error ? error.message : '');
  return m ? m[1]! : null;
}

/**
 * Runs a write; a UNIQUE violation on one of the record's unique fields becomes that field's 'taken' error, and a
 * report left published against an evidence rule (lib/evidence.ts) the error of the rule, on the field it concerns.
 */
function orTaken(module: RecordModule<unknown>, write: () => WriteOutcome): WriteOutcome {
  try {
    return write();
  } catch (error) {
    if (error instanceof EvidenceRefusal)
      return { kind: 'invalid', fieldErrors: { [evidenceField(error.rule)]: [error.rule] } };
    const field = module.uniqueFields[uniqueViolation(error) ?? ''];
    if (field) return { kind: 'invalid', fieldErrors: { [field]: ['taken'] } };
    throw error;
  }
}

const hasErrors = (errors: FieldErrors) => Object.keys(errors).length > 0;

export function createRecord<Data>(
  module: RecordModule<Data>,
  values: Record<string, string>,
  curator: Curator,
): WriteOutcome {
  const parsed = module.parseForm(values);
  if (!parsed.ok) return { kind: 'invalid', fieldErrors: parsed.fieldErrors };
  return orTaken(module as RecordModule<unknown>, () =>
    transaction((tx) => {
      const refused = module.referenceErrors(tx, parsed.data, readScope(curator));
      if (hasErrors(refused)) return { kind: 'invalid', fieldErrors: refused };
      const { id, saved } = module.create(tx, parsed.data, curator);
      return { kind: 'created', id, saved };
    }),
  );
}

/**
 * Saves an edit of the record named by the form's `id`, made from its `version`: written at once when the module
 * says this curator may, else kept as a proposal for an editor.
 */
export function updateRecord<Data>(
  module: RecordModule<Data>,
  values: Record<string, string>,
  curator: Curator,
): WriteOutcome {
  const id = parseId(values.id);
  const version = VersionInput.safeParse(values.version ?? '');
  if (!id || !version.success) return { kind: 'error', message: 'invalidRequest' };
  const parsed = module.parseForm(values);
  if (!parsed.ok) return { kind: 'invalid', fieldErrors: parsed.fieldErrors };
  return orTaken(module as RecordModule<unknown>, () =>
    transaction((tx): WriteOutcome => {
      const current = module.get(tx, id);
      // A record the curator may not read (another contributor's draft) is not there for them, not even to propose on.
      if (!current || current.deletedAt || !canReadRecord(tx, readScope(curator), module.type, id))
        return { kind: 'error', message: 'notFound' };
      const refused = module.referenceErrors(tx, parsed.data, readScope(curator));
      if (hasErrors(refused)) return { kind: 'invalid', fieldErrors: refused };
      if (current.version !== version.data) return staleEdit(tx, module, current, version.data, values);
      if (!module.writesDirectly(curator, current)) {
        const proposal = insertProposal(tx, {
          entityType: module.type,
          entityId: id,
          baseVersion: version.data,
          createdBy: curator.id,
          payload: module.proposal(tx, parsed.data, curator),
        });
        return { kind: 'proposed', proposalId: proposal.id };
      }
      module.update(tx, id, version.data, parsed.data, curator);
      return { kind: 'saved', id };
    }),
  );
}

/**
 * The answer to a save made from an older version: the fields as the curator opened them, as saved now, and as
 * they sent them; the form is filled with their changes on top of what is saved now, carrying the current version,
 * so that saving again re-applies their edit.
 */
export function staleEdit(
  db: Db,
  module: RecordModule<unknown> | RecordModule<never>,
  current: Snapshot,
  baseVersion: number,
  yours: Record<string, string>,
): WriteOutcome {
  const toValues = module.formValues;
  const opened = findSnapshotAtVersion(db, module.type, current.id, baseVersion);
  const fields = [...new Set([...Object.keys(toValues({})).map((k) => k.split('.')[0]!), 'altNames', 'citations'])];
  const { merged, rows } = mergeStaleEdit(opened ? toValues(opened) : undefined, toValues(current), yours, fields);
  return { kind: 'conflict', values: { ...merged, version: String(current.version) }, rows };
}

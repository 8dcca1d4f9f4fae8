/** Bookkeeping columns a field-by-field diff leaves out (they change on every save, or are derived from reports). */
const BOOKKEEPING = new Set([
  'id',
  'version',
  'createdAt',
  'updatedAt',
  'statusLevel',
  'statusBasis',
  'statusReportId',
  'latestEventDate',
]);
/** Never shown to the public: who wrote a draft, editors' review comments, review state, user accounts. */
const PRIVATE = new Set([
  'reviewComment',
  'createdBy',
  'reviewState',
  'deletedAt',
  'email',
  'passwordHash',
  'sessionVersion',
  'disabledAt',
  'role',
]);

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** The fields that differ between two snapshots of a record, in the order the record lists them. */
export function diffSnapshots(
  before: Record<string, unknown> | null | undefined,
  after: Record<string, unknown> | null | undefined,
): FieldChange[] {
  const keys = [...new Set([...Object.keys(after ?? {}), ...Object.keys(before ?? {})])];
  return keys
    .filter((k) => !BOOKKEEPING.has(k))
    .filter((k) => JSON.stringify(before?.[k] ?? null) !== JSON.stringify(after?.[k] ?? null))
    .map((k) => ({ field: k, before: before?.[k] ?? null, after: after?.[k] ?? null }));
}

/** Names of the changed fields a public reader may see. */
export function publicChangedFields(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): string[] {
  return diffSnapshots(before, after)
    .map((c) => c.field)
    .filter((f) => !PRIVATE.has(f));
}

/** A snapshot value as text: alternative names as "name (lang)", citations as "source #id, stance: “quote”". */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? '✓' : '✗';
  if (Array.isArray(value)) {
    if (value.length === 0) return '—';
    return value
      .map((v) => {
        if (v && typeof v === 'object' && 'lang' in v && 'name' in v) return `${String(v.name)} (${String(v.lang)})`;
        if (v && typeof v === 'object' && 'sourceId' in v) {
          const c = v as { sourceId: number; stance: string; quote?: string | null };
          return `#${c.sourceId} ${c.stance}${c.quote ? `: “${c.quote}”` : ''}`;
        }
        return JSON.stringify(v);
      })
      .join('; ');
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

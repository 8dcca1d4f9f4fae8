import type { ConflictRow } from './forms';

/** Repeated groups ("altNames.0.name", "citations.2.stance") are compared and merged as a whole. */
function groupOf(key: string): string {
  const dot = key.indexOf('.');
  return dot === -1 ? key : key.slice(0, dot);
}

function groups(values: Record<string, string>): Map<string, string> {
  const out = new Map<string, Record<string, string>>();
  for (const [k, v] of Object.entries(values)) {
    const g = groupOf(k);
    if (!out.has(g)) out.set(g, {});
    if (v !== '' || g === k) out.get(g)![k] = v;
  }
  return new Map(
    [...out].map(([g, entries]) => [g, g in entries ? entries[g]! : JSON.stringify(Object.entries(entries).sort())]),
  );
}

const ROW_ORDER = ['name', 'title', 'publisher', 'sourceId', 'sourceType', 'url', 'stance', 'quote'];

/** A readable form of a repeated group's serialized value ("معبد بل (ar); Temple de Bel (fr)"). */
function display(value: string | undefined): string {
  if (value === undefined) return '';
  if (!value.startsWith('[[')) return value;
  const entries = JSON.parse(value) as [string, string][];
  const rows = new Map<string, Record<string, string>>();
  for (const [k, v] of entries) {
    const [, index, field] = k.split('.');
    if (!rows.has(index!)) rows.set(index!, {});
    rows.get(index!)![field!] = v;
  }
  return [...rows.values()]
    .map((r) => {
      const main = [
        ...ROW_ORDER.filter((f) => r[f]).map((f) => r[f]!),
        ...Object.keys(r)
          .filter((f) => !ROW_ORDER.includes(f) && f !== 'lang' && f !== 'mode')
          .map((f) => r[f]!),
      ];
      return `${main.join(' · ')}${r.lang ? ` (${r.lang})` : ''}`;
    })
    .join('; ');
}

/**
 * A three-way merge for a refused, stale save. `opened` is the record as the curator's form showed it, `current`
 * what is saved now (someone else's change), `yours` what the curator submitted. The merged values keep every
 * field the curator changed and take the others from `current`, so saving again re-applies only the curator's
 * edit. Rows list every field that differs anywhere, for the comparison table.
 */
export function mergeStaleEdit(
  opened: Record<string, string> | undefined,
  current: Record<string, string>,
  yours: Record<string, string>,
  fields: string[],
): { merged: Record<string, string>; rows: ConflictRow[] } {
  const o = opened ? groups(pickKeys(opened, fields)) : undefined;
  const c = groups(pickKeys(current, fields));
  const y = groups(pickKeys(yours, fields));
  const merged: Record<string, string> = { ...yours };
  const rows: ConflictRow[] = [];
  const names = [...new Set([...c.keys(), ...y.keys(), ...(o?.keys() ?? [])])];
  for (const g of names) {
    const ov = o?.get(g) ?? (o ? '' : undefined);
    const cv = c.get(g) ?? '';
    const yv = y.get(g) ?? '';
    const theirs = ov !== undefined && ov !== cv;
    const mine = ov === undefined ? yv !== cv : ov !== yv;
    if (!mine) {
      // The curator left this field alone: take what is saved now.
      for (const k of Object.keys(merged)) if (groupOf(k) === g) delete merged[k];
      for (const [k, v] of Object.entries(current)) if (groupOf(k) === g) merged[k] = v;
    }
    if (theirs || (mine && yv !== cv)) {
      rows.push({
        field: g,
        opened: display(ov),
        current: display(cv),
        yours: display(yv),
        theirs,
        mine,
        clash: theirs && mine && yv !== cv,
      });
    }
  }
  return { merged, rows };
}

function pickKeys(values: Record<string, string>, fields: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([k]) => fields.includes(groupOf(k))));
}

'use client';

import { useState } from 'react';

/** Row indexes of a repeated group present in the values ("altNames.0.name" → 0), plus `blank` empty rows to fill in. */
export function initialRows(values: Record<string, string>, prefix: string, blank: number): number[] {
  const pattern = new RegExp(`^${prefix}\\.(\\d+)\\.`);
  const used = [
    ...new Set(
      Object.keys(values)
        .map((k) => pattern.exec(k)?.[1])
        .filter((v): v is string => !!v)
        .map(Number),
    ),
  ].sort((a, b) => a - b);
  const next = used.length ? Math.max(...used) + 1 : 0;
  return [...used, ...Array.from({ length: blank }, (_, i) => next + i)];
}

/** Rows that can be added and removed; each keeps its index, so its field names (and errors) stay stable. */
export function useRows(values: Record<string, string>, prefix: string, blank: number) {
  const [rows, setRows] = useState(() => initialRows(values, prefix, blank));
  return {
    rows,
    /** Adds a row and returns its index. */
    add: (): number => {
      const next = rows.length ? Math.max(...rows) + 1 : 0;
      setRows((r) => (r.includes(next) ? r : [...r, next]));
      return next;
    },
    remove: (index: number) => setRows((r) => r.filter((i) => i !== index)),
  };
}

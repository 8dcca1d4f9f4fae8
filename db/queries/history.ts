/**
 * The published dataset as it was at a moment, rebuilt from the revision history (/export/dataset.zip?as_of=): each
 * record's last snapshot at or before that moment is written into a scratch database of the same schema, statuses are
 * derived again by the same rule, and the export reads that database exactly as it reads the live one. A release's
 * moment gives the release's bytes (lib/export/releases.ts), because both are the same export of the same rows.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { currentDatabaseFile, migrateDatabase, openDatabase } from '../index';
import { evidenceImages, monuments, reports, sites, sources } from '../schema';
import { refreshMonumentStatus } from './status';
import type { ExportSnapshot } from './export';

type Snapshot = Record<string, unknown>;

const TABLES = {
  site: sites,
  monument: monuments,
  source: sources,
  report: reports,
  evidence: evidenceImages,
} as const;
type Kind = keyof typeof TABLES;

/** Property → SQL column of each table (snapshots are stored with the record's property names). */
function columnMap(table: SQLiteTable): Map<string, string> {
  return new Map(Object.entries(getTableColumns(table)).map(([key, column]) => [key, column.name]));
}

function insertSnapshot(client: Database.Database, table: SQLiteTable, names: Map<string, string>, s: Snapshot) {
  const cols: string[] = [];
  const values: unknown[] = [];
  for (const [key, column] of names) {
    if (!(key in s)) continue;
    let v = s[key];
    if (key === 'createdBy') v = null; // users are not part of the published dataset
    if (typeof v === 'boolean') v = v ? 1 : 0;
    else if (v !== null && typeof v === 'object') v = JSON.stringify(v); // a JSON column (an image's variants)
    cols.push(`"${column}"`);
    values.push(v ?? null);
  }
  const tableName = getTableName(table);
  client
    .prepare(`INSERT INTO "${tableName}" (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`)
    .run(...values);
}

/** The dataset version at `asOf`: the last value it took by then, else (times before it was logged) the last public change. */
function versionAt(source: Database.Database, asOf: string): string | null {
  const logged = source
    .prepare('SELECT value FROM dataset_version_log WHERE at <= ? ORDER BY at DESC, id DESC LIMIT 1')
    .pluck()
    .get(asOf) as string | undefined;
  if (logged) return logged;
  const last = source
    .prepare('SELECT max(created_at) FROM revisions WHERE public = 1 AND created_at <= ?')
    .pluck()
    .get(asOf) as string | null;
  return last ? `${last.slice(0, 19)}Z` : null;
}

/**
 * Opens an export snapshot of the dataset as it was at `asOf` (an ISO 8601 instant with milliseconds, as revisions
 * store their time). The scratch file is removed when the snapshot is closed.
 */
export function openHistoricalSnapshot(asOf: string, file: string = currentDatabaseFile()): ExportSnapshot {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-as-of-'));
  const remove = () => fs.rmSync(dir, { recursive: true, force: true });
  let scratch;
  try {
    scratch = openDatabase(path.join(dir, 'as-of.db'));
    // A throwaway copy: no journal to keep, nothing to fsync.
    scratch.$client.pragma('synchronous = OFF');
    migrateDatabase(scratch);
    const source = openDatabase(file, { readonly: true });
    let datasetVersion: string | null;
    try {
      source.$client.exec('BEGIN');
      datasetVersion = versionAt(source.$client, asOf);
      const latest = source.$client.prepare(
        `SELECT entity_type, after FROM revisions WHERE id IN (
           SELECT max(id) FROM revisions
           WHERE created_at <= ? AND after IS NOT NULL AND entity_type IN ('site', 'monument', 'source', 'report', 'evidence')
           GROUP BY entity_type, entity_id)
         ORDER BY CASE entity_type WHEN 'site' THEN 0 WHEN 'monument' THEN 1 WHEN 'source' THEN 2 WHEN 'report' THEN 3 ELSE 4 END, entity_id`,
      ) as Database.Statement<[string], { entity_type: Kind; after: string }>;
      const maps = Object.fromEntries(Object.entries(TABLES).map(([k, t]) => [k, columnMap(t)])) as Record<
        Kind,
        Map<string, string>
      >;
      const client = scratch.$client;
      const altName = client.prepare('INSERT INTO monument_names (monument_id, name, lang) VALUES (?, ?, ?)');
      const citation = client.prepare(
        'INSERT INTO report_sources (report_id, source_id, stance, quote) SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM sources WHERE id = ?)',
      );
      const monumentIds: number[] = [];
      client.transaction(() => {
        for (const row of latest.iterate(asOf)) {
          const s = JSON.parse(row.after) as Snapshot;
          insertSnapshot(client, TABLES[row.entity_type], maps[row.entity_type], s);
          if (row.entity_type === 'monument') {
            monumentIds.push(s.id as number);
            for (const n of (s.altNames as { name: string; lang: string }[] | undefined) ?? [])
              altName.run(s.id, n.name, n.lang);
          }
          if (row.entity_type === 'report')
            for (const c of (s.citations as { sourceId: number; stance: string; quote: string | null }[] | undefined) ??
              [])
              citation.run(s.id, c.sourceId, c.stance, c.quote ?? null, c.sourceId);
        }
        // Snapshots of monuments keep the status of their own last edit: derive it again from the reports, as then.
        for (const id of monumentIds) refreshMonumentStatus(scratch!, id);
      })();
    } finally {
      source.$client.close();
    }
    scratch.$client.exec('BEGIN');
    const db = scratch;
    let closed = false;
    return {
      db,
      datasetVersion,
      close() {
        if (closed) return;
        closed = true;
        try {
          db.$client.close();
        } finally {
          remove();
        }
      },
    };
  } catch (error) {
    scratch?.$client.close();
    remove();
    throw error;
  }
}

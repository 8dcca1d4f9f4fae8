import type { Db } from '../index';
import type { Filters } from '../../lib/filters';
import type { DamageLevel } from '../../lib/vocab';
import { monumentConditions } from './filters';
import { statement } from './prepared';

/**
 * The overview map's data: every live monument of a live site with coordinates that matches the shared filters
 * (lib/filters.ts), as the search page selects them. A monument's status is the stored one, derived from published
 * reports only (lib/status.ts), so drafts never colour a marker.
 */
export interface MapMonument {
  slug: string;
  name: string;
  nameAr: string | null;
  latitude: number;
  longitude: number;
  statusLevel: DamageLevel;
  statusBasis: string;
}

const located = 'm.latitude IS NOT NULL AND m.longitude IS NOT NULL';

/** Markers in a stable order (by id), so the same data gives the same bytes and the same ETag everywhere. */
export function listMapMonuments(db: Db, f: Filters): MapMonument[] {
  const where = monumentConditions(f);
  return statement(
    db,
    `SELECT m.slug AS slug, m.name AS name, m.name_ar AS nameAr, m.latitude AS latitude, m.longitude AS longitude,
       m.status_level AS statusLevel, m.status_basis AS statusBasis
     FROM monuments m JOIN sites s ON s.id = m.site_id
     WHERE ${where.sql} AND ${located} ORDER BY m.id`,
  ).all(...where.params) as MapMonument[];
}

export interface MapCounts {
  /** Monuments on the map per status level and strength (established or weak). */
  byStatus: { level: DamageLevel; weak: boolean; count: number }[];
  located: number;
  /** Matching monuments without coordinates: listed by search, absent from the map. */
  unlocated: number;
}

/** What the map shows, counted: the text alternative under it (a table by status, linked to the search page). */
export function countMapMonuments(db: Db, f: Filters): MapCounts {
  const where = monumentConditions(f);
  const rows = statement(
    db,
    `SELECT m.status_level AS level, m.status_basis IN ('unverified', 'disputed') AS weak,
       (${located}) AS located, count(*) AS count
     FROM monuments m JOIN sites s ON s.id = m.site_id
     WHERE ${where.sql} GROUP BY 1, 2, 3`,
  ).all(...where.params) as { level: DamageLevel; weak: number; located: number; count: number }[];
  const byStatus = rows
    .filter((r) => r.located)
    .map((r) => ({ level: r.level, weak: Boolean(r.weak), count: r.count }));
  const sum = (rs: { count: number }[]) => rs.reduce((n, r) => n + r.count, 0);
  return { byStatus, located: sum(byStatus), unlocated: sum(rows.filter((r) => !r.located)) };
}

/** The version of what readers see (bumped by every committed change, migration 0007): keys kept map downloads. */
export function mapDataVersion(db: Db): string {
  const state = statement(db, 'SELECT version, epoch FROM registry_state WHERE id = 1').get() as
    { version: number; epoch: string } | undefined;
  return state ? `${state.epoch}.${state.version}` : '0';
}

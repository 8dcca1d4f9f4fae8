/**
 * The UNESCO World Heritage Centre's public list export (whc.unesco.org/en/list, "Download: CSV/XLS"), one row per
 * property: read into the registry's site fields, so that the sites planner (lib/import/records.ts, in its
 * `whc` mode) creates or updates sites by UNESCO number and touches only the fields UNESCO is the source of.
 *
 * - name_en → name, name_fr → name_fr, short_description_en → description (HTML stripped, entities decoded);
 * - latitude, longitude; date_inscribed → year_inscribed; criteria_txt → criteria;
 * - danger_list ("Y 2013": in danger since 2013; "P 1997-2005": was, is no longer), else danger (1/0) → in_danger,
 *   in_danger_since;
 * - iso_code ("sy", or "at,hu" for a transboundary property) → country_codes in upper case; UNESCO's own states
 *   text (states_name_en, states_name_ar) → states_name, states_name_ar. A row with no iso_code (id_no 148, "Old City
 *   of Jerusalem and its Walls": "Jerusalem (Site proposed by Jordan)") gets no code: the states text says where it
 *   is, in UNESCO's words, and the registry never invents a code;
 * - latitude 0 and longitude 0 together are UNESCO's placeholder for "no single point" (transboundary serial
 *   properties): read as missing, and the plan says which rows had it.
 * An empty cell leaves the registry's value as it is (a partial export never wipes data). Other columns
 * (unique_number, area_hectares, category, region_en, transboundary, date_end…) are not stored.
 */
import { excerpt, type Check } from './cells';
import { stripHtml } from './html';
import type { RowCells } from './fields';
import type { MessageValues } from './types';

export const WHC_REQUIRED = ['id_no', 'name_en'] as const;
/** Columns the import reads; any other column of the export is left alone. */
export const WHC_READ = [
  'id_no',
  'name_en',
  'name_fr',
  'short_description_en',
  'latitude',
  'longitude',
  'date_inscribed',
  'criteria_txt',
  'danger',
  'danger_list',
  'iso_code',
  'states_name_en',
  'states_name_ar',
] as const;

export interface Danger {
  inDanger: boolean;
  since: number | null;
}

const DANGER_PERIOD = /([YP])\s*(\d{4})(?:\s*[-–]\s*(\d{4}))?/gi;

/**
 * The danger status from danger_list ("Y 2013", "P 1997-2005", or several periods such as "P 1992-2004 Y 2012"):
 * a Y period means in danger now, since its year; only P periods mean no longer. An empty list falls back to the
 * `danger` column (1 / Y / true).
 */
export function parseDanger(list: string, danger: string): Check<Danger> {
  const text = list.trim();
  if (!text) return { ok: true, value: { inDanger: /^(1|y|yes|true)$/i.test(danger.trim()), since: null } };
  let current: number | null = null;
  let periods = 0;
  const rest = text.replace(DANGER_PERIOD, (_m, kind: string, year: string) => {
    periods++;
    if (kind.toUpperCase() === 'Y') current = Math.max(current ?? 0, Number(year));
    return ' ';
  });
  if (!periods || /[^\s,;]/.test(rest)) return { ok: false, code: 'dangerList', values: { value: excerpt(text) } };
  return { ok: true, value: { inDanger: current !== null, since: current } };
}

type Cell = { value: string; column: string };

/**
 * One row of the UNESCO list as site columns for the planner. `get` reads a cell of the file by its column name.
 * Returns the danger problem, if any, instead of a value for in_danger.
 */
export function whcRowCells(
  row: number,
  line: number,
  get: (column: string) => string | undefined,
): {
  cells: RowCells;
  problem?: { column: string; code: string; values?: MessageValues };
  /** Both coordinates were 0: UNESCO's placeholder, read as missing. */
  zeroPoint?: boolean;
} {
  const cells = new Map<string, Cell>();
  const put = (ours: string, theirs: string, value: string | undefined) => {
    if (value !== undefined && value.trim() !== '') cells.set(ours, { value: value.trim(), column: theirs });
  };
  const text = (column: string) => {
    const v = get(column);
    return v === undefined ? undefined : stripHtml(v);
  };
  put('unesco_id_no', 'id_no', get('id_no'));
  put('name', 'name_en', text('name_en'));
  put('name_fr', 'name_fr', text('name_fr'));
  put('description', 'short_description_en', text('short_description_en'));
  const lat = get('latitude')?.trim();
  const lon = get('longitude')?.trim();
  const zeroPoint = !!lat && !!lon && Number(lat) === 0 && Number(lon) === 0;
  if (zeroPoint) {
    // An empty value: the planner clears a 0/0 an older import stored, and keeps a point a curator set.
    cells.set('latitude', { value: '', column: 'latitude' });
    cells.set('longitude', { value: '', column: 'longitude' });
  } else {
    put('latitude', 'latitude', lat);
    put('longitude', 'longitude', lon);
  }
  const inscribed = get('date_inscribed')?.trim();
  if (inscribed)
    put('year_inscribed', 'date_inscribed', /^\d{4}(\D|$)/.test(inscribed) ? inscribed.slice(0, 4) : inscribed);
  const criteria = text('criteria_txt');
  put('criteria', 'criteria_txt', criteria?.replace(/\s+/g, ''));
  const iso = text('iso_code');
  put('country_codes', 'iso_code', iso?.replace(/\s+/g, '').toUpperCase());
  put('states_name', 'states_name_en', text('states_name_en'));
  put('states_name_ar', 'states_name_ar', text('states_name_ar'));
  let problem: { column: string; code: string; values?: MessageValues } | undefined;
  const dangerColumn = get('danger_list') !== undefined && get('danger_list')!.trim() ? 'danger_list' : 'danger';
  if (get('danger_list') !== undefined || get('danger') !== undefined) {
    const danger = parseDanger(get('danger_list') ?? '', get('danger') ?? '');
    if (!danger.ok) problem = { column: 'danger_list', code: danger.code, values: danger.values };
    else {
      cells.set('in_danger', { value: danger.value.inDanger ? 'true' : 'false', column: dangerColumn });
      if (danger.value.since !== null)
        cells.set('in_danger_since', { value: String(danger.value.since), column: dangerColumn });
    }
  }
  const sources: Record<string, string> = {
    unesco_id_no: 'id_no',
    name: 'name_en',
    name_fr: 'name_fr',
    description: 'short_description_en',
    year_inscribed: 'date_inscribed',
    criteria: 'criteria_txt',
    country_codes: 'iso_code',
    states_name: 'states_name_en',
    states_name_ar: 'states_name_ar',
    in_danger: dangerColumn,
    in_danger_since: dangerColumn,
    latitude: 'latitude',
    longitude: 'longitude',
  };
  return {
    cells: { row, line, get: (c) => cells.get(c)?.value, source: (c) => cells.get(c)?.column ?? sources[c] ?? c },
    problem,
    zeroPoint,
  };
}

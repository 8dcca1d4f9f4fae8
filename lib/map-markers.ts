import { damageLevels, type DamageLevel } from './vocab';

/**
 * The overview map's marker download (GET /api/v1/map/monuments, docs/api.md): one compact array per monument, so
 * that 100,000 markers travel in a few megabytes before compression. Shared by the route that writes it and the
 * browser code that reads it.
 */
export const MARKER_FIELDS = ['slug', 'name', 'name_ar', 'longitude', 'latitude', 'status', 'weak'] as const;

/** [slug, name, Arabic name or null, longitude, latitude, index into `statuses` (= severity rank), 1 if weak] */
export type MarkerRow = [string, string, string | null, number, number, number, 0 | 1];

export interface MarkerDownload {
  fields: typeof MARKER_FIELDS;
  /** The damage level codes, least severe first: a row's `status` is an index into this list. */
  statuses: readonly DamageLevel[];
  data: MarkerRow[];
  meta: Record<string, unknown> & { total: number };
}

/** Five decimals: about a metre, finer than any recorded position, and shorter than what SQLite gives back. */
const round = (n: number) => Math.round(n * 1e5) / 1e5;

export function markerRow(m: {
  slug: string;
  name: string;
  nameAr: string | null;
  latitude: number;
  longitude: number;
  statusLevel: DamageLevel;
  statusBasis: string;
}): MarkerRow {
  const weak = m.statusBasis === 'unverified' || m.statusBasis === 'disputed';
  return [
    m.slug,
    m.name,
    m.nameAr,
    round(m.longitude),
    round(m.latitude),
    damageLevels.codes.indexOf(m.statusLevel),
    weak ? 1 : 0,
  ];
}

export interface Marker {
  slug: string;
  name: string;
  nameAr: string | null;
  longitude: number;
  latitude: number;
  status: DamageLevel;
  weak: boolean;
}

/** A download's rows as markers; rows whose status the reader does not know are drawn as unknown. */
export function readMarkers(download: Pick<MarkerDownload, 'statuses' | 'data'>): Marker[] {
  return download.data.map(([slug, name, nameAr, longitude, latitude, status, weak]) => ({
    slug,
    name,
    nameAr,
    longitude,
    latitude,
    status: download.statuses[status] ?? 'unknown',
    weak: weak === 1,
  }));
}

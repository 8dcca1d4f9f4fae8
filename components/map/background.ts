import L from 'leaflet';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { ALPHA2_BY_NUMERIC } from './country-codes';

/** Leaflet writes attributions with innerHTML: configuration text is shown as text, never as markup. */
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** If no tile has arrived by then (a host that never answers), the offline layer is drawn anyway. */
const TILE_WAIT_MS = 4000;

/**
 * The map's background: tiles from MAP_TILE_URL, and under them, whenever tiles fail, are not configured or do not
 * arrive, land, borders and country names from Natural Earth (world-atlas, public domain) shipped with the app. The
 * atlas is a separate script chunk, loaded only when it is needed. `onUnavailable` says whether the detailed
 * background is missing, for the note beside the map.
 */
export function addBackground(
  map: L.Map,
  options: { tileUrl: string; attribution: string; locale: string; onUnavailable: (missing: boolean) => void },
): () => void {
  let drawn = false;
  let loaded = false;
  let alive = true;
  const offline = () => {
    if (loaded) return;
    options.onUnavailable(true);
    if (drawn) return;
    drawn = true;
    void drawAtlas(map, options.locale, () => alive);
  };
  if (!options.tileUrl) {
    offline();
    return () => {
      alive = false;
    };
  }
  const tiles = L.tileLayer(options.tileUrl, { attribution: escapeHtml(options.attribution), maxZoom: 19 });
  const timer = setTimeout(offline, TILE_WAIT_MS);
  tiles.on('tileload', () => {
    loaded = true;
    clearTimeout(timer);
    options.onUnavailable(false);
  });
  tiles.on('tileerror', offline);
  tiles.addTo(map);
  return () => {
    alive = false;
    clearTimeout(timer);
  };
}

/** Shoelace area and centroid of a ring in degrees: good enough to place a label and rank countries by size. */
function ringCentroid(ring: Position[]): { area: number; at: [number, number] } {
  let a = 0;
  let x = 0;
  let y = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x0, y0] = ring[j] as [number, number];
    const [x1, y1] = ring[i] as [number, number];
    const f = x0 * y1 - x1 * y0;
    a += f;
    x += (x0 + x1) * f;
    y += (y0 + y1) * f;
  }
  if (a === 0) return { area: 0, at: ring[0] as [number, number] };
  return { area: Math.abs(a / 2), at: [x / (3 * a), y / (3 * a)] };
}

/** A country's label point: the centroid of its largest part (France's is in Europe, not between it and Guiana). */
function labelPoint(f: Feature<Polygon | MultiPolygon>): { area: number; at: [number, number] } | null {
  const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  let best: { area: number; at: [number, number] } | null = null;
  for (const polygon of polygons) {
    const c = ringCentroid(polygon[0] ?? []);
    if (!best || c.area > best.area) best = c;
  }
  return best;
}

/** Square degrees a country needs for its name to show at a zoom level: large ones first, all from zoom 5. */
const minArea = (zoom: number) => (zoom <= 2 ? 150 : zoom === 3 ? 25 : zoom === 4 ? 4 : 0);

async function drawAtlas(map: L.Map, locale: string, alive: () => boolean): Promise<void> {
  const topo = (await import('world-atlas/countries-110m.json')).default as unknown as Topology<{
    countries: GeometryCollection<{ name: string }>;
    land: GeometryCollection;
  }>;
  if (!alive()) return; // the map was removed while the atlas loaded
  const basePane = map.createPane('atlas');
  basePane.classList.add('map-atlas-pane');
  const labelPane = map.createPane('atlas-labels');
  labelPane.classList.add('map-atlas-labels');
  const renderer = L.canvas({ pane: 'atlas', padding: 0.5 });
  L.geoJSON(feature(topo, topo.objects.land), {
    renderer,
    interactive: false,
    style: { stroke: true, color: '#7d9bb0', weight: 1, fill: true, fillColor: '#f4f1e8', fillOpacity: 1 },
  } as L.GeoJSONOptions).addTo(map);
  L.geoJSON(
    mesh(topo, topo.objects.countries, (a, b) => a !== b),
    { renderer, interactive: false, style: { color: '#8c8c8c', weight: 1, fill: false } } as L.GeoJSONOptions,
  ).addTo(map);
  map.attributionControl?.addAttribution('Natural Earth');

  const names = new Intl.DisplayNames([locale], { type: 'region' });
  const labels: { marker: L.Marker; area: number }[] = [];
  for (const f of feature(topo, topo.objects.countries).features as Feature<Polygon | MultiPolygon>[]) {
    const code = ALPHA2_BY_NUMERIC.get(String(f.id));
    const point = code && f.geometry ? labelPoint(f) : null;
    if (!code || !point) continue;
    const marker = L.marker([point.at[1], point.at[0]], {
      pane: 'atlas-labels',
      interactive: false,
      keyboard: false,
      // No size: the name sets its own width, centred on the point by the stylesheet.
      icon: L.divIcon({
        className: 'map-atlas-label',
        html: `<span>${escapeHtml(names.of(code) ?? code)}</span>`,
        iconSize: null as unknown as L.PointExpression,
      }),
    });
    labels.push({ marker, area: point.area });
  }
  const group = L.layerGroup().addTo(map);
  const show = () => {
    group.clearLayers();
    const least = minArea(map.getZoom());
    for (const l of labels) if (l.area >= least) group.addLayer(l.marker);
    // Names of the background are for the eye; the page says in words where each monument is.
    for (const l of labels) l.marker.getElement()?.setAttribute('aria-hidden', 'true');
  };
  show();
  map.on('zoomend', show);
}

'use client';

import { useEffect, useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import L from 'leaflet';
import { keyboardPopup } from './popup-keyboard';
import Supercluster from 'supercluster';
import 'leaflet/dist/leaflet.css';
import { readMarkers, type Marker, type MarkerDownload } from '@/lib/map-markers';
import { addBackground } from './background';

export interface OverviewLabels {
  region: string;
  zoomIn: string;
  zoomOut: string;
  closePopup: string;
  openRecord: string;
  /** ICU-free templates: "{count}" is replaced. */
  group: string;
  statuses: Record<string, string>;
  weak: string;
  loading: string;
  loadFailed: string;
  backgroundUnavailable: string;
  searchArea?: string;
}

export interface OverviewMapProps {
  /** The marker download with the page's filters (/api/v1/map/monuments?…). */
  dataUrl: string;
  locale: string;
  /** '' for English, '/ar' for Arabic: where record links point. */
  prefix: string;
  tileUrl: string;
  attribution: string;
  labels: OverviewLabels;
  /** The area the page was asked for (bbox=minLon,minLat,maxLon,maxLat): shown first when given. */
  bbox?: [number, number, number, number] | null;
  compact?: boolean;
}

type Props = { name: string; href: string; status: string; weak: boolean };
type ClusterProps = { worst: number };

/** Markers closer than this many pixels are drawn as one cluster (a 24 px target each, WCAG 2.5.8, never overlap). */
const CLUSTER_RADIUS_PX = 40;

/** The view's box for the URL, on the world's one copy (a view across the antimeridian is cut at ±180). */
export function viewBox(bounds: L.LatLngBounds): string {
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
  const r = (v: number) => Number(v.toFixed(4));
  const west = clamp(bounds.getWest(), -180, 180);
  const east = clamp(bounds.getEast(), -180, 180);
  const south = clamp(bounds.getSouth(), -90, 90);
  const north = clamp(bounds.getNorth(), -90, 90);
  return [r(west), r(south), r(east), r(north)].join(',');
}

function popupContent(points: Props[], labels: OverviewLabels): HTMLElement {
  const list = document.createElement('ul');
  list.className = 'map-popup';
  for (const p of points) {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = p.href;
    link.textContent = p.name;
    link.dir = 'auto';
    const hidden = document.createElement('span');
    hidden.className = 'visually-hidden';
    hidden.textContent = ` (${labels.openRecord})`;
    link.append(hidden);
    const status = document.createElement('div');
    status.textContent = statusText(p, labels);
    item.append(link, status);
    list.append(item);
  }
  return list;
}

const statusText = (p: { status: string; weak: boolean }, labels: OverviewLabels) =>
  `${labels.statuses[p.status] ?? p.status}${p.weak ? ` (${labels.weak})` : ''}`;

/**
 * Every monument of a result set on one map, clustered with supercluster so that 100,000 markers stay smooth: only
 * the clusters and markers of the current view are in the page. Markers are coloured by status, drawn square when
 * destroyed, and dashed and hatched when the status rests on an unverified or disputed report (the legend's rules).
 * Each marker and cluster is a keyboard stop with a spoken name; the page lists the same monuments in words.
 */
export default function OverviewMap({
  dataUrl,
  locale,
  prefix,
  tileUrl,
  attribution,
  labels,
  bbox,
  compact,
}: OverviewMapProps) {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');
  const [noBackground, setNoBackground] = useState(false);
  const router = useRouter();

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const map = L.map(el, { zoomControl: false, attributionControl: false, scrollWheelZoom: !compact, minZoom: 1 });
    mapRef.current = map;
    L.control.zoom({ zoomInTitle: labels.zoomIn, zoomOutTitle: labels.zoomOut }).addTo(map);
    L.control.attribution({ prefix: '<a href="https://leafletjs.com">Leaflet</a>' }).addTo(map);
    if (bbox)
      map.fitBounds([
        [bbox[1], bbox[0]],
        [bbox[3], bbox[2]],
      ]);
    else map.setView([25, 20], 2);
    const stopBackground = addBackground(map, { tileUrl, attribution, locale, onUnavailable: setNoBackground });

    const controller = new AbortController();
    const layer = L.layerGroup().addTo(map);
    let index: Supercluster<Props, ClusterProps> | null = null;

    const draw = () => {
      if (!index) return;
      layer.clearLayers();
      const b = map.getBounds();
      const zoom = Math.round(map.getZoom());
      const box: [number, number, number, number] = [
        Math.max(-180, b.getWest()),
        Math.max(-85, b.getSouth()),
        Math.min(180, b.getEast()),
        Math.min(85, b.getNorth()),
      ];
      for (const f of index.getClusters(box, zoom)) {
        const [lon, lat] = f.geometry.coordinates as [number, number];
        const p = f.properties;
        if ('cluster' in p && p.cluster) {
          const n = p.point_count;
          const worst = Object.keys(labels.statuses)[p.worst] ?? 'unknown';
          const size = n < 100 ? 30 : n < 1000 ? 36 : 42;
          const marker = L.marker([lat, lon], {
            icon: L.divIcon({
              className: `map-marker map-marker-group map-cluster-${worst}`,
              html: `<span aria-hidden="true">${p.point_count_abbreviated}</span>`,
              iconSize: [size, size],
            }),
            keyboard: true,
          });
          const id = p.cluster_id;
          marker.on('click', () => {
            const zoomTo = Math.min(index!.getClusterExpansionZoom(id), map.getMaxZoom());
            map.setView([lat, lon], zoomTo);
          });
          marker.addTo(layer);
          const el = marker.getElement();
          el?.setAttribute('aria-label', labels.group.replace('{count}', String(n)));
          el?.setAttribute('role', 'button');
        } else {
          const point = p as Props;
          const marker = L.marker([lat, lon], {
            icon: L.divIcon({
              className: `map-marker map-marker-${point.status}${point.weak ? ' map-marker-weak' : ''}`,
              html: '',
              iconSize: [26, 26],
            }),
            title: point.name,
            keyboard: true,
          });
          marker.bindPopup(() => popupContent([point], labels));
          keyboardPopup(map, marker, labels.closePopup);
          marker.addTo(layer);
          marker.getElement()?.setAttribute('aria-label', `${point.name} — ${statusText(point, labels)}`);
        }
      }
      el.dataset.markers = String(layer.getLayers().length);
    };

    fetch(dataUrl, { signal: controller.signal })
      .then((res) => {
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        return res.json() as Promise<MarkerDownload>;
      })
      .then((download) => {
        const markers: Marker[] = readMarkers(download);
        const levels = Object.keys(labels.statuses);
        index = new Supercluster<Props, ClusterProps>({
          radius: CLUSTER_RADIUS_PX,
          // Leaflet's tiles are 256 px: with supercluster's default extent (512) the radius would be half as many
          // screen pixels, and 26 px markers could overlap (axe: target-size).
          extent: 256,
          maxZoom: 17,
          map: (p) => ({ worst: levels.indexOf(p.status) }),
          reduce: (acc, p) => {
            acc.worst = Math.max(acc.worst, p.worst);
          },
        });
        index.load(
          markers.map((m) => ({
            type: 'Feature' as const,
            geometry: { type: 'Point' as const, coordinates: [m.longitude, m.latitude] },
            properties: {
              name: (locale === 'ar' && m.nameAr) || m.name,
              href: `${prefix}/monuments/${m.slug}`,
              status: m.status,
              weak: m.weak,
            },
          })),
        );
        if (!bbox && markers.length > 0) {
          const bounds = L.latLngBounds(markers.map((m) => [m.latitude, m.longitude] as [number, number]));
          map.fitBounds(bounds, { padding: [24, 24], maxZoom: markers.length === 1 ? 12 : 8 });
        }
        draw();
        map.on('moveend', draw);
        setState('ready');
        el.dataset.ready = 'true';
      })
      .catch((error: unknown) => {
        if ((error as Error).name === 'AbortError') return;
        setState('failed');
      });

    return () => {
      controller.abort();
      stopBackground();
      map.remove();
      mapRef.current = null;
    };
    // Built once per mount: the page's filters do not change while it is shown (a new search is a new page).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const searchArea = () => {
    const map = mapRef.current;
    if (!map) return;
    const params = new URLSearchParams(window.location.search);
    params.delete('page'); // a new area starts at its first page
    params.set('bbox', viewBox(map.getBounds()));
    router.push(`${prefix}/monuments?${params.toString()}`);
  };

  return (
    <div className={`map-frame${compact ? ' map-frame-compact' : ''}`}>
      <p className="map-status muted" role="status">
        {state === 'loading' ? labels.loading : state === 'failed' ? labels.loadFailed : ''}
      </p>
      {noBackground && <p className="map-note">{labels.backgroundUnavailable}</p>}
      <div
        ref={container}
        className={`map map-overview${compact ? ' map-compact' : ''}`}
        role="region"
        aria-label={labels.region}
        dir="ltr"
      />
      {labels.searchArea && (
        <p>
          <button type="button" className="button map-search-area" onClick={searchArea} disabled={state !== 'ready'}>
            {labels.searchArea}
          </button>
        </p>
      )}
    </div>
  );
}

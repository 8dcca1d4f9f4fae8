'use client';

import { useEffect, useRef, useState } from 'react';
import L from 'leaflet';
import { keyboardPopup } from './popup-keyboard';
import 'leaflet/dist/leaflet.css';
import { addBackground } from './background';

export interface MapPoint {
  key: string;
  name: string;
  latitude: number;
  longitude: number;
  href: string;
  /** A damage level code, for the marker's colour; the label below says the same in words. */
  status: string;
  /** Resting on an unverified or disputed report: drawn dashed and hatched, like the weak badges. */
  weak?: boolean;
  statusLabel: string;
}

export interface MapLabels {
  region: string;
  zoomIn: string;
  zoomOut: string;
  closePopup: string;
  openRecord: string;
  backgroundUnavailable: string;
}

export interface LeafletMapProps {
  points: MapPoint[];
  tileUrl: string;
  attribution: string;
  labels: MapLabels;
  locale: string;
  onReady?: () => void;
}

/** Markers closer than this (in screen pixels) are drawn as one, so that no two 24 px targets overlap (WCAG 2.5.8). */
const MIN_SEPARATION_PX = 34;

/** Greedy grouping at the current zoom: each group keeps its first point's position, so groups stay apart. */
function group(map: L.Map, points: MapPoint[]): MapPoint[][] {
  const seeds: { at: L.Point; members: MapPoint[] }[] = [];
  for (const p of points) {
    const at = map.project([p.latitude, p.longitude]);
    const near = seeds.find((s) => s.at.distanceTo(at) < MIN_SEPARATION_PX);
    if (near) near.members.push(p);
    else seeds.push({ at, members: [p] });
  }
  return seeds.map((s) => s.members);
}

/** Popup content built from DOM nodes: curators' names reach the page as text (bindPopup with a string would parse HTML). */
function popupContent(members: MapPoint[], labels: MapLabels): HTMLElement {
  const list = document.createElement('ul');
  list.className = 'map-popup';
  for (const p of members) {
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
    status.textContent = p.statusLabel;
    item.append(link, status);
    list.append(item);
  }
  return list;
}

export default function LeafletMap({ points, tileUrl, attribution, labels, locale, onReady }: LeafletMapProps) {
  const container = useRef<HTMLDivElement>(null);
  const [noBackground, setNoBackground] = useState(false);

  useEffect(() => {
    const el = container.current;
    if (!el || points.length === 0) return;
    // Wheel zoom off: a page that scrolls past the map must not get stuck zooming it.
    const map = L.map(el, { zoomControl: false, attributionControl: false, scrollWheelZoom: false });
    L.control.zoom({ zoomInTitle: labels.zoomIn, zoomOutTitle: labels.zoomOut }).addTo(map);
    L.control.attribution({ prefix: '<a href="https://leafletjs.com">Leaflet</a>' }).addTo(map);
    const stopBackground = addBackground(map, { tileUrl, attribution, locale, onUnavailable: setNoBackground });
    if (points.length === 1) map.setView([points[0]!.latitude, points[0]!.longitude], 16);
    else
      map.fitBounds(L.latLngBounds(points.map((p) => [p.latitude, p.longitude] as [number, number])), {
        padding: [48, 48],
        maxZoom: 17,
      });

    const layer = L.layerGroup().addTo(map);
    const draw = () => {
      layer.clearLayers();
      for (const members of group(map, points)) {
        const first = members[0]!;
        const many = members.length > 1;
        const icon = L.divIcon({
          className: `map-marker map-marker-${many ? 'group' : first.status}${!many && first.weak ? ' map-marker-weak' : ''}`,
          html: many ? `<span aria-hidden="true">${members.length}</span>` : '',
          iconSize: [26, 26],
        });
        const name = members.map((m) => `${m.name} — ${m.statusLabel}`).join('; ');
        const marker = L.marker([first.latitude, first.longitude], {
          icon,
          title: members.map((m) => m.name).join(', '),
          keyboard: true,
        });
        marker.bindPopup(() => popupContent(members, labels));
        keyboardPopup(map, marker, labels.closePopup);
        marker.addTo(layer);
        marker.getElement()?.setAttribute('aria-label', name);
      }
    };
    draw();
    map.on('zoomend', draw);
    onReady?.();
    return () => {
      stopBackground();
      map.remove();
    };
    // Built once per mount: the points of a server-rendered page do not change while it is shown.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <>
      {noBackground && <p className="map-note">{labels.backgroundUnavailable}</p>}
      <div ref={container} className="map" role="region" aria-label={labels.region} dir="ltr" />
    </>
  );
}

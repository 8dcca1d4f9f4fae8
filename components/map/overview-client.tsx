'use client';

import dynamic from 'next/dynamic';
import type { OverviewMapProps } from './overview-map';

// Leaflet needs a browser (it reads `window` on import): the map is loaded only there, after the page is usable.
const OverviewMap = dynamic(() => import('./overview-map'), { ssr: false });

export function OverviewMapClient(props: OverviewMapProps) {
  return <OverviewMap {...props} />;
}

'use client';

import dynamic from 'next/dynamic';
import { useState } from 'react';
import type { LeafletMapProps } from './leaflet-map';

// Leaflet needs a browser (it reads `window` on import): it is loaded only there, after the page is usable.
const LeafletMap = dynamic(() => import('./leaflet-map'), { ssr: false });

/**
 * A map of points as a progressive enhancement: the server HTML holds only a note, and every point's name, status
 * and coordinates are written elsewhere on the page, so the page works without JavaScript or without tiles.
 */
export function LocationMap({ fallback, ...props }: Omit<LeafletMapProps, 'onReady'> & { fallback: string }) {
  const [ready, setReady] = useState(false);
  return (
    <div className="map-frame">
      {!ready && <p className="map-fallback muted">{fallback}</p>}
      <LeafletMap {...props} onReady={() => setReady(true)} />
    </div>
  );
}

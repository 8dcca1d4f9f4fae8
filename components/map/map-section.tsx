import { getLocale, getTranslations } from 'next-intl/server';
import { config } from '@/lib/config';
import { StatusLegend } from '@/components/status-legend';
import { LocationMap } from './location-map';
import type { MapPoint } from './leaflet-map';

/**
 * A titled map section. Tiles come from MAP_TILE_URL with MAP_TILE_ATTRIBUTION shown on the map; without tiles
 * (offline, blocked, or none configured) the offline atlas shows land, borders and country names under the markers,
 * with a note, and without JavaScript the page's own lists carry every position.
 */
export async function MapSection({
  regionLabel,
  points,
  unlocated = 0,
}: {
  regionLabel: string;
  points: MapPoint[];
  unlocated?: number;
}) {
  if (points.length === 0) return null;
  const t = await getTranslations('map');
  const locale = await getLocale();
  const { MAP_TILE_URL, MAP_TILE_ATTRIBUTION } = config();
  return (
    <section className="map-section" aria-labelledby="map-title">
      <h2 id="map-title">{t('title')}</h2>
      <p id="map-help" className="muted">
        {t('keyboardHint')}
      </p>
      <LocationMap
        points={points}
        tileUrl={MAP_TILE_URL}
        attribution={MAP_TILE_ATTRIBUTION}
        fallback={t('fallback')}
        locale={locale}
        labels={{
          region: regionLabel,
          zoomIn: t('zoomIn'),
          zoomOut: t('zoomOut'),
          closePopup: t('closePopup'),
          openRecord: t('openRecord'),
          backgroundUnavailable: t('backgroundUnavailable'),
        }}
      />
      <StatusLegend locale={locale} markers />
      {unlocated > 0 && <p className="muted">{t('unlocated', { count: unlocated })}</p>}
    </section>
  );
}

import { getTranslations } from 'next-intl/server';
import { config } from '@/lib/config';
import { damageLevels, vocabLabel } from '@/lib/vocab';
import { StatusLegend } from '@/components/status-legend';
import { OverviewMapClient } from './overview-client';

/** `bbox=minLon,minLat,maxLon,maxLat` as the search page reads it, or null (a bad box is the search page's to report). */
export function parseViewBox(raw: string | null | undefined): [number, number, number, number] | null {
  const parts = (raw ?? '').split(',').map((p) => Number(p.trim()));
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) return null;
  const [w, s, e, n] = parts as [number, number, number, number];
  if (w < -180 || e > 180 || s < -90 || n > 90 || s > n || w > e) return null;
  return [w, s, e, n];
}

/**
 * The overview map with its legend and the note about keyboard use: every located monument matching `query` (the
 * search parameters, as on /monuments), clustered. Without JavaScript only the note shows; the page around it lists
 * the same monuments in words. `searchArea` adds the "Search this area" button (the search page).
 */
export async function OverviewSection({
  locale,
  query,
  title,
  titleId = 'map-title',
  compact = false,
  searchArea = false,
  children,
}: {
  locale: string;
  /** The filters as a query string without "?" (empty for every monument). */
  query: string;
  title: string;
  titleId?: string;
  compact?: boolean;
  searchArea?: boolean;
  children?: React.ReactNode;
}) {
  const t = await getTranslations({ locale, namespace: 'map' });
  const { MAP_TILE_URL, MAP_TILE_ATTRIBUTION } = config();
  const bbox = parseViewBox(new URLSearchParams(query).get('bbox'));
  const dataUrl = `/api/v1/map/monuments${query ? `?${query}` : ''}`;
  return (
    <section className="map-section" aria-labelledby={titleId}>
      <h2 id={titleId}>{title}</h2>
      <p className="muted">{searchArea ? t('searchAreaHint') : t('overviewKeyboardHint')}</p>
      <noscript>
        <p className="muted">{t('fallback')}</p>
      </noscript>
      <OverviewMapClient
        // A new search (the search page navigates in place) is a new map with its own markers.
        key={query}
        dataUrl={dataUrl}
        locale={locale}
        prefix={locale === 'ar' ? '/ar' : ''}
        tileUrl={MAP_TILE_URL}
        attribution={MAP_TILE_ATTRIBUTION}
        bbox={bbox}
        compact={compact}
        labels={{
          region: t('overviewRegion'),
          zoomIn: t('zoomIn'),
          zoomOut: t('zoomOut'),
          closePopup: t('closePopup'),
          openRecord: t('openRecord'),
          group: t.raw('group') as string,
          statuses: Object.fromEntries(damageLevels.codes.map((c) => [c, vocabLabel('damageLevel', c, locale)])),
          weak: t('weak'),
          loading: t('loading'),
          loadFailed: t('loadFailed'),
          backgroundUnavailable: t('backgroundUnavailable'),
          ...(searchArea && { searchArea: t('searchArea') }),
        }}
      />
      <StatusLegend locale={locale} markers />
      {children}
    </section>
  );
}

import { getTranslations } from 'next-intl/server';
import { Link } from '@/i18n/navigation';
import { damageLevels, severityRank, termHref, vocabLabel } from '@/lib/vocab';

/**
 * The key to the status labels, shown near every list of statuses and under every map: the damage levels (most
 * severe first, each linked to its definition) and what a solid or a dashed, hatched outline means.
 * `markers` draws the swatches as map markers instead of badges.
 */
export async function StatusLegend({ locale, markers = false }: { locale: string; markers?: boolean }) {
  const t = await getTranslations({ locale, namespace: 'methodology' });
  const levels = [...damageLevels.codes].sort((a, b) => severityRank(b) - severityRank(a));
  const swatch = (level: string, weak: boolean) =>
    markers ? (
      <span aria-hidden="true" className={`legend-marker map-marker-${level}${weak ? ' map-marker-weak' : ''}`} />
    ) : (
      <span aria-hidden="true" className={`badge badge-${level}${weak ? ' badge-weak' : ''}`}>
        {t('legend.sample')}
      </span>
    );
  return (
    <div className="legend" role="group" aria-label={t('legend.title')}>
      <p className="legend-title">{t('legend.title')}</p>
      <ul className="legend-list" aria-label={t('legend.levels')}>
        {levels.map((level) => (
          <li key={level}>
            {markers && swatch(level, false)}
            <Link href={termHref('damageLevel', level)} className={markers ? undefined : `badge badge-${level}`}>
              {vocabLabel('damageLevel', level, locale)}
            </Link>
          </li>
        ))}
      </ul>
      <ul className="legend-list">
        <li>
          {swatch('destroyed', false)} <Link href="/methodology#status-established">{t('legend.established')}</Link>
        </li>
        <li>
          {swatch('destroyed', true)} <Link href="/methodology#strength">{t('legend.weak')}</Link>
        </li>
        <li>
          <Link href="/methodology">{t('legend.more')}</Link>
        </li>
      </ul>
    </div>
  );
}

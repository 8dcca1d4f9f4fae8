import type { Metadata } from 'next';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { Link } from '@/i18n/navigation';
import { getDb } from '@/db';
import { listSitesWithCounts } from '@/db/queries/sites';
import { listRecentlyAffectedMonuments } from '@/db/queries/monuments';
import { StatusBadge } from '@/components/status-badge';
import { RecordName } from '@/components/record-name';
import { formatCountries } from '@/lib/i18n-format';
import { localeAlternates } from '@/lib/alternates';

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  return { alternates: localeAlternates('/', locale) };
}

export default async function HomePage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const t = await getTranslations('home');
  const db = getDb();
  const sites = listSitesWithCounts(db);
  const recent = listRecentlyAffectedMonuments(db, 12);

  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>

      <section aria-labelledby="recent-title">
        <h2 id="recent-title">{t('recentTitle')}</h2>
        {recent.length === 0 ? <p>{t('empty')}</p> : (
          <ul className="card-list">
            {recent.map((m) => (
              <li key={m.id} className="card">
                <Link href={`/monuments/${m.slug}`}><RecordName record={m} locale={locale} /></Link>
                {' '}<StatusBadge level={m.statusLevel} basis={m.statusBasis} locale={locale} />
                <div className="muted"><RecordName record={{ name: m.siteName, nameAr: m.siteNameAr }} locale={locale} /></div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="sites-title">
        <h2 id="sites-title">{t('sitesTitle')}</h2>
        <ul className="card-list">
          {sites.map((s) => (
            <li key={s.id} className="card">
              <Link href={`/sites/${s.slug}`}><RecordName record={s} locale={locale} /></Link>
              <div className="muted">{formatCountries(s.countryCodes, locale)}</div>
              <div>{t('monumentCount', { count: s.monumentCount })} · {t('damagedCount', { count: s.damagedCount })}</div>
              {s.inDanger && <div className="danger-note">{t('inDanger')}</div>}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

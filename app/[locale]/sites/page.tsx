import type { Metadata } from 'next';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { Link } from '@/i18n/navigation';
import { getDb } from '@/db';
import { listSitesWithCounts } from '@/db/queries/sites';
import { RecordName } from '@/components/record-name';
import { countryName, formatSiteStates, localisedName } from '@/lib/i18n-format';
import { localeAlternates } from '@/lib/alternates';

// Rendered from the database on each request that reaches Next; server.js keeps the result until the data it shows
// changes (docs/decisions/009), so Next keeps no copy of its own.
export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: 'browse' });
  return { title: t('sitesTitle'), alternates: localeAlternates('/sites', locale) };
}

export default async function SitesPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const t = await getTranslations('browse');
  const th = await getTranslations('home');
  const sites = listSitesWithCounts(getDb());

  // A transboundary site is listed under each of its countries; a site UNESCO lists under no state code, under
  // UNESCO's own states text (never under a code made up for it).
  const byCountry = new Map<string, typeof sites>();
  const add = (key: string, s: (typeof sites)[number]) => byCountry.set(key, [...(byCountry.get(key) ?? []), s]);
  for (const s of sites) {
    const codes = s.countryCodes.split(',').filter(Boolean);
    for (const code of codes) add(code, s);
    if (codes.length === 0) add(`states:${formatSiteStates(s, locale)}`, s);
  }
  const collator = new Intl.Collator(locale);
  const groups = [...byCountry.entries()]
    .map(([key, list], i) => ({
      code: key.startsWith('states:') ? `states-${i}` : key,
      name: key.startsWith('states:') ? key.slice('states:'.length) : countryName(key, locale),
      sites: list.sort((a, b) => collator.compare(localisedName(a, locale).primary, localisedName(b, locale).primary)),
    }))
    .sort((a, b) => collator.compare(a.name, b.name));

  return (
    <>
      <h1>{t('sitesTitle')}</h1>
      <p className="lead">{t('sitesIntro')}</p>
      {groups.length === 0 && <p>{t('noSites')}</p>}
      {groups.length > 1 && (
        <nav aria-label={t('sitesTitle')}>
          <ul className="inline-list">
            {groups.map((g) => (
              <li key={g.code}>
                <a href={`#country-${g.code}`}>{g.name}</a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {groups.map((g) => (
        <section key={g.code} aria-labelledby={`country-${g.code}`}>
          <h2 id={`country-${g.code}`}>
            {g.name} <span className="muted count">({t('siteCount', { count: g.sites.length })})</span>
          </h2>
          <ul className="card-list">
            {g.sites.map((s) => (
              <li key={s.id} className="card">
                <Link href={`/sites/${s.slug}`}>
                  <RecordName record={s} locale={locale} />
                </Link>
                <div>
                  {th('monumentCount', { count: s.monumentCount })} · {th('damagedCount', { count: s.damagedCount })}
                </div>
                {s.inDanger && <div className="danger-note">{th('inDanger')}</div>}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}

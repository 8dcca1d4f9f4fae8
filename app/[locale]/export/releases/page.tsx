import type { Metadata } from 'next';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { getDb } from '@/db';
import { listReleases } from '@/db/queries/releases';
import { localeAlternates } from '@/lib/alternates';
import { Link } from '@/i18n/navigation';

// Rendered from the database; server.js keeps the page until a release (or the data) changes it (migration 0015 stamps it).
export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: 'export.releasesPage' });
  return { title: t('title'), description: t('intro'), alternates: localeAlternates('/export/releases', locale) };
}

/** /export/releases: every dated release, newest first, with its checksum and its permanent download. */
export default async function ReleasesPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const t = await getTranslations('export.releasesPage');
  const tr = await getTranslations('export.releases');
  const releases = listReleases(getDb());
  const number = new Intl.NumberFormat(locale === 'ar' ? 'ar' : 'en');
  return (
    <article className="export-page">
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      {releases.length === 0 ? (
        <p>{t('none')}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption>{t('caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('version')}</th>
                <th scope="col">{t('date')}</th>
                <th scope="col">{t('datasetVersion')}</th>
                <th scope="col">{t('size')}</th>
                <th scope="col">{t('sha256')}</th>
                <th scope="col">{t('download')}</th>
              </tr>
            </thead>
            <tbody>
              {releases.map((r) => (
                <tr key={r.version} id={`release-${r.version}`}>
                  <th scope="row" dir="ltr">
                    {r.version}
                  </th>
                  <td dir="ltr">
                    <time dateTime={r.asOf}>{r.asOf}</time>
                  </td>
                  <td dir="ltr">{r.datasetVersion ?? '—'}</td>
                  <td>{t('bytes', { bytes: number.format(r.bytes) })}</td>
                  <td dir="ltr">
                    <code className="checksum">{r.sha256}</code>
                  </td>
                  <td>
                    <a href={`/export/releases/${r.version}/dataset.zip`} dir="ltr">
                      dataset.zip
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {releases[0] && (
        <>
          <h2>{t('cite')}</h2>
          <blockquote dir="auto" className="citation">
            {tr('citeTemplate', {
              year: releases[0].asOf.slice(0, 4),
              version: releases[0].version,
              date: releases[0].asOf.slice(0, 10),
              url: `${releases[0].baseUrl.replace(/\/$/, '')}/export/releases/${releases[0].version}/dataset.zip`,
              licence: releases[0].licence,
            })}
          </blockquote>
        </>
      )}
      <p>{tr('asOf')}</p>
      <p>
        <Link href="/export">{t('back')}</Link>
      </p>
    </article>
  );
}

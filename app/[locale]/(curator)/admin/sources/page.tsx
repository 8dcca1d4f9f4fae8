import type { Metadata } from 'next';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { Link } from '@/i18n/navigation';
import { RowLink } from '@/components/curator/row-link';
import { ScrollTable } from '@/components/curator/scroll-table';
import { getDb } from '@/db';
import { listSourcesForCurator } from '@/db/queries/sources';
import { readScope, requireUser } from '@/lib/auth';
import { formatDay } from '@/lib/dates';
import { vocabLabel } from '@/lib/vocab';

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<{ q?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  return { title: (await getTranslations({ locale, namespace: 'curator.sources' }))('title') };
}

export default async function SourcesPage({ params, searchParams }: Props) {
  const { locale } = await params;
  const user = await requireUser({ locale, returnTo: `${locale === 'ar' ? '/ar' : ''}/admin/sources` });
  setRequestLocale(locale);
  const t = await getTranslations('curator');
  const q = (await searchParams).q?.trim().slice(0, 200) || undefined;
  const sources = listSourcesForCurator(getDb(), { q, limit: 300, scope: readScope(user) });
  return (
    <>
      <h1 id="sources-h">{t('sources.title')}</h1>
      <p>
        <Link href="/admin/sources/new">{t('dashboard.newSource')}</Link>
      </p>
      <form method="get" role="search" className="inline-form">
        <label htmlFor="src-q">{t('dashboard.filter')}</label>
        <input id="src-q" name="q" type="search" defaultValue={q ?? ''} />
        <button type="submit">{t('dashboard.filterButton')}</button>
      </form>
      <ScrollTable labelledBy="sources-h">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('fields.title')}</th>
              <th scope="col">{t('fields.publisher')}</th>
              <th scope="col">{t('fields.sourceType')}</th>
              <th scope="col">{t('fields.publishedDate')}</th>
              <th scope="col">{t('dashboard.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {sources.map((s) => (
              <tr key={s.id}>
                <td>
                  <bdi>{s.title}</bdi>
                </td>
                <td>
                  <bdi>{s.publisher}</bdi>
                </td>
                <td>{vocabLabel('sourceType', s.sourceType, locale)}</td>
                <td>{formatDay(s.publishedDate, locale)}</td>
                <td className="row-actions">
                  <RowLink href={`/admin/sources/${s.id}/edit`} label={t('dashboard.edit')} record={s.title} />
                  <RowLink href={`/admin/history/source/${s.id}`} label={t('dashboard.history')} record={s.title} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
    </>
  );
}

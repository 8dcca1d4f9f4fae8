import type { Metadata } from 'next';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { getDb } from '@/db';
import { listMonumentChoices } from '@/db/queries/monuments';
import { listSourcesForCurator } from '@/db/queries/sources';
import { hasRole, requireUser } from '@/lib/auth';
import { parseId } from '@/lib/forms';
import { ReportForm } from '@/components/curator/report-form';
import { createReportAction } from '../../../_actions/reports';

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<{ monument?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  return { title: (await getTranslations({ locale, namespace: 'curator.reports' }))('new') };
}

export default async function NewReportPage({ params, searchParams }: Props) {
  const { locale } = await params;
  const user = await requireUser({ locale, returnTo: `${locale === 'ar' ? '/ar' : ''}/admin/reports/new` });
  setRequestLocale(locale);
  const t = await getTranslations('curator');
  const db = getDb();
  const monument = parseId((await searchParams).monument);
  const editor = hasRole(user.role, 'editor');
  const monuments = listMonumentChoices(db, { include: monument }).map((m) => ({ value: String(m.id), label: locale === 'ar' && m.nameAr ? `${m.nameAr} — ${m.siteNameAr ?? m.siteName}` : `${m.name} — ${m.siteName}` }));
  const sources = listSourcesForCurator(db, { limit: 200 }).map(({ id, title, publisher }) => ({ id, title, publisher }));
  return (
    <>
      <h1>{t('reports.new')}</h1>
      {!editor && <p className="hint">{t('hints.draft')}</p>}
      <ReportForm action={createReportAction} locale={locale} monuments={monuments} sources={sources} canPublish={editor}
        initial={{ monumentId: monument ? String(monument) : '', verificationStatus: 'unverified', publish: editor ? 'on' : '' }}
        submitLabel={t('form.create')} />
    </>
  );
}

import type { Metadata } from 'next';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { getDb } from '@/db';
import { listSitesForCurator } from '@/db/queries/sites';
import { requireRole } from '@/lib/auth';
import { parseId } from '@/lib/forms';
import { MonumentForm } from '@/components/curator/monument-form';
import { createMonumentAction } from '../../../_actions/monuments';

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<{ site?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  return { title: (await getTranslations({ locale, namespace: 'curator.monuments' }))('new') };
}

export default async function NewMonumentPage({ params, searchParams }: Props) {
  const { locale } = await params;
  await requireRole('editor', { locale, returnTo: `${locale === 'ar' ? '/ar' : ''}/admin/monuments/new` });
  setRequestLocale(locale);
  const t = await getTranslations('curator');
  const site = parseId((await searchParams).site);
  const sites = listSitesForCurator(getDb()).map((s) => ({
    value: String(s.id),
    label: locale === 'ar' && s.nameAr ? s.nameAr : s.name,
  }));
  return (
    <>
      <h1>{t('monuments.new')}</h1>
      <MonumentForm
        action={createMonumentAction}
        initial={site ? { siteId: String(site) } : {}}
        locale={locale}
        sites={sites}
        submitLabel={t('form.create')}
      />
    </>
  );
}

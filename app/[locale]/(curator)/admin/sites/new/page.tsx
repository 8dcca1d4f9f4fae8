import type { Metadata } from 'next';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { requireRole } from '@/lib/auth';
import { SiteForm } from '@/components/curator/site-form';
import { createSiteAction } from '../../../_actions/sites';

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  return { title: (await getTranslations({ locale, namespace: 'curator.sites' }))('new') };
}

export default async function NewSitePage({ params }: Props) {
  const { locale } = await params;
  await requireRole('editor', { locale, returnTo: `${locale === 'ar' ? '/ar' : ''}/admin/sites/new` });
  setRequestLocale(locale);
  const t = await getTranslations('curator');
  return (
    <>
      <h1>{t('sites.new')}</h1>
      <SiteForm action={createSiteAction} initial={{}} locale={locale} submitLabel={t('form.create')} />
    </>
  );
}

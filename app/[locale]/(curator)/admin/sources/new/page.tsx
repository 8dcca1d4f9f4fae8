import type { Metadata } from 'next';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { requireUser } from '@/lib/auth';
import { SourceForm } from '@/components/curator/source-form';
import { createSourceAction } from '../../../_actions/sources';

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  return { title: (await getTranslations({ locale, namespace: 'curator.sources' }))('new') };
}

export default async function NewSourcePage({ params }: Props) {
  const { locale } = await params;
  await requireUser({ locale, returnTo: `${locale === 'ar' ? '/ar' : ''}/admin/sources/new` });
  setRequestLocale(locale);
  const t = await getTranslations('curator');
  return (
    <>
      <h1>{t('sources.new')}</h1>
      <SourceForm action={createSourceAction} initial={{}} locale={locale} submitLabel={t('form.create')} />
    </>
  );
}

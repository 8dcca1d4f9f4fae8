import type { Metadata } from 'next';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { getDb } from '@/db';
import { getSiteChoice } from '@/db/queries/curator-lookup';
import { requireRole } from '@/lib/auth';
import { parseId } from '@/lib/forms';
import { monumentFormFields } from '@/lib/records/monument';
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
  const siteId = parseId((await searchParams).site);
  // The site asked for (?site=, from its page); the picker searches the others as the curator types.
  const site = siteId ? (getSiteChoice(getDb(), siteId) ?? null) : null;
  return (
    <>
      <h1>{t('monuments.new')}</h1>
      <MonumentForm
        action={createMonumentAction}
        initial={site ? { siteId: String(site.id) } : {}}
        locale={locale}
        fields={monumentFormFields}
        site={site}
        submitLabel={t('form.create')}
      />
    </>
  );
}

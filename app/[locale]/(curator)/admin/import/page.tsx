import type { Metadata } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getMessages, getTranslations, setRequestLocale } from 'next-intl/server';
import { requireRole } from '@/lib/auth';
import { importLimits } from '@/lib/import/run';
import { config } from '@/lib/config';
import { ImportForm } from '@/components/curator/import-form';

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  return { title: (await getTranslations({ locale, namespace: 'import' }))('title') };
}

/** Bulk import (editors and admins): upload a CSV or the UNESCO list, check the plan, then commit it. */
export default async function ImportPage({ params }: Props) {
  const { locale } = await params;
  await requireRole('editor', { locale, returnTo: `${locale === 'ar' ? '/ar' : ''}/admin/import` });
  setRequestLocale(locale);
  const t = await getTranslations('import');
  const limits = importLimits();
  const mb = Math.round((limits.maxBytes / (1024 * 1024)) * 10) / 10;
  // The import form also reads the import catalog (the curator layout gives the browser only the curator one).
  const all = (await getMessages()) as Record<string, Record<string, unknown>>;
  const messages = {
    common: { language: all.common!.language, error: all.common!.error, session: all.common!.session },
    curator: all.curator!,
    import: all.import!,
  };
  return (
    <>
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      <details className="import-help">
        <summary>{t('help.title')}</summary>
        <p>{t('help.csv')}</p>
        <p>{t('help.whc')}</p>
        <p>{t('help.package')}</p>
        <p>{t('help.encodings')}</p>
        <p>{t('help.limits', { maxMb: mb, maxRows: limits.maxRows.toLocaleString('en') })}</p>
      </details>
      <NextIntlClientProvider messages={messages}>
        <ImportForm
          maxBytes={limits.maxBytes}
          maxRows={limits.maxRows}
          ttlMinutes={config().IMPORT_UPLOAD_TTL_MINUTES}
        />
      </NextIntlClientProvider>
    </>
  );
}

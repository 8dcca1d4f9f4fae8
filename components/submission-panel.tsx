import { NextIntlClientProvider } from 'next-intl';
import { getMessages, getTranslations } from 'next-intl/server';
import { Link } from '@/i18n/navigation';
import type { FormState } from '@/lib/forms';
import { SubmissionForm } from './submission-form';

/**
 * The page around the public submission form: what happens to a submission, then the form. The browser gets the
 * `submit` catalog only on these pages (shared reader pages carry `common` alone).
 */
export async function SubmissionPanel({
  locale,
  monument,
  started,
  action,
}: {
  locale: string;
  monument: { slug: string; name: string } | null;
  started: string;
  action: (prev: FormState, formData: FormData) => Promise<FormState>;
}) {
  const t = await getTranslations('submit');
  const { common, submit } = (await getMessages()) as Record<string, Record<string, unknown>>;
  const messages = { common: { language: common!.language, error: common!.error, session: common!.session }, submit };
  return (
    <article className="submission">
      <h1>{monument ? t('titleFor', { name: monument.name }) : t('title')}</h1>
      <p>{t('intro')}</p>
      <p>{t('reviewNote')}</p>
      <NextIntlClientProvider messages={messages}>
        <SubmissionForm action={action} started={started} locale={locale} monument={monument} />
      </NextIntlClientProvider>
      {monument ? (
        <p>
          <Link href={`/monuments/${monument.slug}`}>{t('back', { name: monument.name })}</Link> ·{' '}
          <Link href="/submit">{t('unlisted')}</Link>
        </p>
      ) : (
        <p>{t('listedHint')}</p>
      )}
    </article>
  );
}

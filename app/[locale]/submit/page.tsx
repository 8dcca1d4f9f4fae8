import type { Metadata } from 'next';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { SubmissionPanel } from '@/components/submission-panel';
import { signFormTime } from '@/lib/records/submission';
import { submitEvidenceAction } from '../_actions/submissions';

// Per request, never shared: the form carries the signed time it was made (server.js never keeps a dynamic page).
export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: 'submit' });
  return { title: t('title'), robots: { index: false, follow: false } };
}

/** "Send evidence or a correction" about a monument not listed yet (or without knowing which one). */
export default async function SubmitPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  return <SubmissionPanel locale={locale} monument={null} started={signFormTime()} action={submitEvidenceAction} />;
}

import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { getDb } from '@/db';
import { getMonumentBySlug } from '@/db/queries/monuments';
import { localisedName } from '@/lib/i18n-format';
import { SubmissionPanel } from '@/components/submission-panel';
import { signFormTime } from '@/lib/records/submission';
import { submitEvidenceAction } from '../../../_actions/submissions';

// Per request, never shared: the form carries the signed time it was made (server.js never keeps a dynamic page).
export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ locale: string; slug: string }> };

function liveMonument(slug: string) {
  const monument = getMonumentBySlug(getDb(), slug);
  return monument && !monument.site.deletedAt ? monument : null;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, slug } = await params;
  const monument = liveMonument(slug);
  if (!monument) return {};
  const t = await getTranslations({ locale, namespace: 'submit' });
  return {
    title: t('titleFor', { name: localisedName(monument, locale).primary }),
    robots: { index: false, follow: false },
  };
}

/** "Send evidence or a correction" about one listed monument. */
export default async function MonumentSubmitPage({ params }: Props) {
  const { locale, slug } = await params;
  setRequestLocale(locale);
  const monument = liveMonument(slug);
  if (!monument) notFound();
  return (
    <SubmissionPanel
      locale={locale}
      monument={{ slug: monument.slug, name: localisedName(monument, locale).primary }}
      started={signFormTime()}
      action={submitEvidenceAction}
    />
  );
}

import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { NotFoundContent, ServerErrorContent } from '@/components/fallback-pages';
import { FALLBACK_PAGE_HEADER } from '@/lib/routes';

// Rendered on each request that reaches Next, never kept: server.js answers it with 404 (docs/decisions/009).
export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: 'common' });
  const error = (await headers()).get(FALLBACK_PAGE_HEADER) === 'error';
  return { title: error ? t('error.title') : t('notFound.title'), robots: { index: false } };
}

/**
 * Any unknown path under a locale: the not-found page, rendered here rather than by notFound(). Next renders what
 * notFound() (or an error) leaves as an empty shell that only a script fills in, so without JavaScript the page was
 * blank; server.js sets this route's status to 404, and renders it in place of such a shell for any other page
 * (header FALLBACK_PAGE_HEADER: which page, 'not-found' or 'error').
 */
export default async function CatchAll({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const error = (await headers()).get(FALLBACK_PAGE_HEADER) === 'error';
  return error ? <ServerErrorContent /> : <NotFoundContent />;
}

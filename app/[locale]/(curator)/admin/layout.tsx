import type { ReactNode } from 'react';
import type { Metadata } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getMessages, getTranslations, setRequestLocale } from 'next-intl/server';
import { Link } from '@/i18n/navigation';
import { getDb } from '@/db';
import { countDraftReports } from '@/db/queries/reports';
import { countPendingProposals } from '@/db/queries/proposals';
import { countNewSubmissions } from '@/db/queries/submissions';
import { hasRole, requireUser } from '@/lib/auth';
import { vocabLabel } from '@/lib/vocab';
import { SignOutButton } from '@/components/curator/sign-out-button';
import { SessionHint } from '@/components/curator/session-status';

// Per-user pages: never cached (they read the session cookie).
export const dynamic = 'force-dynamic';

export const metadata: Metadata = { robots: { index: false, follow: false } };

type Props = { children: ReactNode; params: Promise<{ locale: string }> };

/** Curator area: signed-in users only (every page and action below checks again with its own role). */
export default async function CuratorLayout({ children, params }: Props) {
  const { locale } = await params;
  const user = await requireUser({ locale, returnTo: locale === 'ar' ? '/ar/admin' : '/admin' });
  setRequestLocale(locale);
  const t = await getTranslations('curator.nav');
  const tImport = await getTranslations('import');
  const editor = hasRole(user.role, 'editor');
  const db = getDb();
  const waiting = editor ? countDraftReports(db) + countPendingProposals(db) + countNewSubmissions(db) : 0;
  // The browser gets the catalogs its curator components read, not every page's (each page carries them).
  const { common, curator } = (await getMessages()) as Record<string, Record<string, unknown>>;
  const messages = {
    common: { language: common!.language, error: common!.error, session: common!.session },
    curator: curator!,
  };
  return (
    <NextIntlClientProvider messages={messages}>
      <div className="curator">
        <SessionHint />
        <nav aria-label={t('label')} className="curator-nav">
          <ul>
            <li>
              <Link href="/admin">{t('dashboard')}</Link>
            </li>
            <li>
              <Link href="/admin/reports/new">{t('newReport')}</Link>
            </li>
            {editor && (
              <li>
                <Link href="/admin/review">{t('review', { count: waiting })}</Link>
              </li>
            )}
            {editor && (
              <li>
                <Link href="/admin/import">{tImport('nav')}</Link>
              </li>
            )}
            <li>
              <Link href="/admin/mine">{t('mine')}</Link>
            </li>
            <li>
              <Link href="/admin/sources">{t('sources')}</Link>
            </li>
            {hasRole(user.role, 'admin') && (
              <li>
                <Link href="/admin/users">{t('users')}</Link>
              </li>
            )}
            <li>
              <Link href="/changes">{t('changes')}</Link>
            </li>
          </ul>
          <p className="signed-in">
            {t('signedInAs', { name: user.name, role: vocabLabel('userRole', user.role, locale) })}{' '}
            <SignOutButton locale={locale} />
          </p>
        </nav>
        {children}
      </div>
    </NextIntlClientProvider>
  );
}

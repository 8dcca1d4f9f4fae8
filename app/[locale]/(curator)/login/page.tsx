import type { Metadata } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { Link } from '@/i18n/navigation';
import { currentUser, signInTarget } from '@/lib/auth';
import { vocabLabel } from '@/lib/vocab';
import { LoginForm } from '@/components/curator/login-form';
import { SignOutButton } from '@/components/curator/sign-out-button';

// Per-user pages: never cached (they read the session cookie).
export const dynamic = 'force-dynamic';

type Props = {
  params: Promise<{ locale: string }>;
  searchParams: Promise<{ callbackUrl?: string; error?: string; ended?: string }>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: 'auth' });
  return { title: t('title'), robots: { index: false } };
}

/** The sign-in page (dynamic: it reads the session and ?callbackUrl=). */
export default async function LoginPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const t = await getTranslations('auth');
  const user = await currentUser();
  const query = await searchParams;
  // Only a path on this site is followed after signing in (lib/http/safe-redirect), else the dashboard.
  const callbackUrl = signInTarget(query.callbackUrl, locale);
  return (
    <NextIntlClientProvider>
      <div className="narrow">
        <h1>{t('title')}</h1>
        {user ? (
          <>
            <p>{t('signedInAs', { name: user.name, role: vocabLabel('userRole', user.role, locale) })}</p>
            <p>
              <Link href="/admin">{t('toDashboard')}</Link>
            </p>
            <SignOutButton locale={locale} />
          </>
        ) : (
          <>
            {query.ended === '1' && (
              <p className="ok-note" role="status">
                {t('ended')}
              </p>
            )}
            <p>{t('intro')}</p>
            <LoginForm callbackUrl={callbackUrl} initialError={query.error?.slice(0, 40)} />
          </>
        )}
      </div>
    </NextIntlClientProvider>
  );
}

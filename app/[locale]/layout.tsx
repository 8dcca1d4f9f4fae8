import type { ReactNode } from 'react';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { hasLocale, NextIntlClientProvider } from 'next-intl';
import { getMessages, getTranslations, setRequestLocale } from 'next-intl/server';
import { routing, isRtl } from '@/i18n/routing';
import { Link } from '@/i18n/navigation';
import { LanguageSwitch } from '@/components/language-switch';
import { SearchBox } from '@/components/search/search-box';
import { FooterSession, HeaderSession } from '@/components/curator/session-status';
import { config } from '@/lib/config';
import '../globals.css';

export async function generateMetadata({ params }: { params: Promise<{ locale: string }> }): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: 'common' });
  return {
    title: { default: t('siteTitle'), template: `%s — ${t('siteTitle')}` },
    description: t('tagline'),
    metadataBase: new URL(config().PUBLIC_BASE_URL),
  };
}

export default async function LocaleLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ locale: string }>;
}) {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) notFound();
  setRequestLocale(locale);
  const t = await getTranslations({ locale, namespace: 'common' });
  const tc = await getTranslations({ locale, namespace: 'changes' });
  const tm = await getTranslations({ locale, namespace: 'methodology' });
  // Every message sent here is serialised into every cached page: readers' pages need only `common` in the browser
  // (language switch, error page, the signed-in curator's line); server components read their catalogs on the
  // server. Curator pages add theirs.
  const { common, browse } = (await getMessages()) as {
    common: Record<string, unknown>;
    browse: Record<string, unknown>;
  };
  const messages = {
    common: { language: common.language, error: common.error, session: common.session },
    browse: { suggest: browse.suggest }, // the search boxes' suggestions (components/search/suggest-input.tsx)
  };
  return (
    <html lang={locale} dir={isRtl(locale) ? 'rtl' : 'ltr'}>
      <body>
        <NextIntlClientProvider messages={messages}>
          <a className="skip-link" href="#main">
            {t('skipToContent')}
          </a>
          <header className="site-header">
            <Link href="/" className="brand">
              {t('siteTitle')}
            </Link>
            <nav aria-label={t('nav.mainNavigation')}>
              <ul>
                <li>
                  <Link href="/">{t('nav.home')}</Link>
                </li>
                <li>
                  <Link href="/sites">{t('nav.sites')}</Link>
                </li>
                <li>
                  <Link href="/monuments">{t('nav.search')}</Link>
                </li>
                <li>
                  <Link href="/map">{t('nav.map')}</Link>
                </li>
                <li>
                  <Link href="/export">{t('nav.export')}</Link>
                </li>
              </ul>
            </nav>
            <SearchBox locale={locale} id="header-search" compact />
            <LanguageSwitch />
            {/* Filled in the browser: this header is part of pages every reader shares. */}
            <HeaderSession />
          </header>
          <main id="main" tabIndex={-1}>
            {children}
          </main>
          <footer className="site-footer">
            <p>{t('footer.about')}</p>
            <p>{t('footer.licence', { licence: config().DATA_LICENCE })}</p>
            <p>
              <Link href="/methodology">{tm('footerLink')}</Link> · <Link href="/changes">{tc('footerLink')}</Link> ·{' '}
              <FooterSession />
            </p>
            <p>
              <Link href="/submit">{t('footer.submit')}</Link>
            </p>
          </footer>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}

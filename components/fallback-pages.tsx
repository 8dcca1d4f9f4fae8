import { useLocale, useTranslations } from 'next-intl';
import { Link } from '@/i18n/navigation';

/** The not-found page's content: said in words, with a search and a way home, readable without JavaScript. */
export function NotFoundContent() {
  const t = useTranslations('common.notFound');
  const locale = useLocale();
  return (
    <div className="not-found">
      <h1>{t('title')}</h1>
      <p>{t('body')}</p>
      <form action={locale === 'ar' ? '/ar/monuments' : '/monuments'} method="get" role="search">
        <label htmlFor="nf-q">{t('searchLabel')}</label>
        <input id="nf-q" name="q" type="search" />
        <button type="submit">{t('searchButton')}</button>
      </form>
      <p>
        <Link href="/">{t('home')}</Link>
      </p>
    </div>
  );
}

/**
 * The error page as the server renders it (server.js asks for it when a page failed before any of it could be sent):
 * no retry button, which needs a script; reloading the page is the retry.
 */
export function ServerErrorContent() {
  const t = useTranslations('common.error');
  const tn = useTranslations('common.notFound');
  return (
    <div role="alert" className="not-found">
      <h1>{t('title')}</h1>
      <p>{t('body')}</p>
      <p>
        <Link href="/">{tn('home')}</Link>
      </p>
    </div>
  );
}

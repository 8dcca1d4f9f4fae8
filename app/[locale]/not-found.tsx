import { useLocale, useTranslations } from 'next-intl';
import { Link } from '@/i18n/navigation';

export default function NotFound() {
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

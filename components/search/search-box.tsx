import { getTranslations } from 'next-intl/server';

/** A one-field search form (home page): a GET form to the search page, so it works without JavaScript. */
export async function SearchBox({ locale, id = 'search-box' }: { locale: string; id?: string }) {
  const t = await getTranslations('browse');
  return (
    <form
      className="search-box"
      action={locale === 'ar' ? '/ar/monuments' : '/monuments'}
      method="get"
      role="search"
      aria-label={t('searchTitle')}
    >
      <label htmlFor={id}>{t('searchLabel')}</label>
      <div className="search-bar-row">
        <input id={id} name="q" type="search" maxLength={200} dir="auto" />
        <button type="submit">{t('searchButton')}</button>
      </div>
    </form>
  );
}

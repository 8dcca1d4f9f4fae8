import { getTranslations } from 'next-intl/server';
import { damageLevels } from '@/lib/vocab';
import { SuggestInput } from './suggest-input';

/**
 * A one-field search form (home page, and every page's header when `compact`): a GET form to the search page, so it
 * works without JavaScript; with it, the field suggests monuments and sites as the reader types (SuggestInput).
 */
export async function SearchBox({
  locale,
  id = 'search-box',
  compact = false,
}: {
  locale: string;
  id?: string;
  compact?: boolean;
}) {
  const t = await getTranslations('browse');
  const lang = locale === 'ar' ? 'ar' : 'en';
  const statusLabels = Object.fromEntries(damageLevels.terms.map((term) => [term.code, term[lang]]));
  return (
    <form
      className={compact ? 'search-box header-search' : 'search-box'}
      action={locale === 'ar' ? '/ar/monuments' : '/monuments'}
      method="get"
      role="search"
      aria-label={compact ? t('suggest.headerTitle') : t('searchTitle')}
    >
      {/* The header's field and button are named apart from the page's own (a search page's "Search" button, a
          curator form's "Monument" or "Site" picker), so that each name leads to one control. */}
      <label htmlFor={id} className={compact ? 'visually-hidden' : undefined}>
        {compact ? t('suggest.headerTitle') : t('searchLabel')}
      </label>
      <div className="search-bar-row">
        <SuggestInput id={id} locale={lang} statusLabels={statusLabels} />
        <button type="submit">{compact ? t('suggest.headerButton') : t('searchButton')}</button>
      </div>
    </form>
  );
}

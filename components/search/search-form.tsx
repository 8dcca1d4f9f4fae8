import { getTranslations } from 'next-intl/server';
import {
  damageCauses,
  damageLevels,
  monumentKinds,
  verificationStatuses,
  vocabLabel,
  type VocabularyName,
} from '@/lib/vocab';
import { countryName } from '@/lib/i18n-format';
import type { SearchSort } from '@/lib/search-params';

export interface SearchFormState {
  q: string;
  from: string;
  to: string;
  /** Values checked per list filter, as they came in the URL (so a bad value is still visible in the summary). */
  selected: Record<'country' | 'site' | 'kind' | 'status' | 'cause' | 'verification', Set<string>>;
  sort?: SearchSort;
  /** The area (`bbox`) the results are limited to, kept by a new search; left out when it was refused. */
  bbox?: string;
  /** The reported actor a chart's bar chose (no field of its own: kept as it is, removed with its chip). */
  actor?: string;
  errors: Record<string, string>;
}

interface Choices {
  countries: string[];
  sites: { slug: string; name: string; nameAr: string | null }[];
}

const VOCAB_FILTERS: {
  key: 'kind' | 'status' | 'cause' | 'verification';
  vocab: VocabularyName;
  codes: readonly string[];
}[] = [
  { key: 'kind', vocab: 'monumentKind', codes: monumentKinds.codes },
  { key: 'status', vocab: 'damageLevel', codes: [...damageLevels.codes].reverse() }, // most severe first
  { key: 'cause', vocab: 'damageCause', codes: damageCauses.codes },
  { key: 'verification', vocab: 'verificationStatus', codes: verificationStatuses.codes },
];

/**
 * The search form: a plain GET form, so it works without JavaScript and every filter ends up in the URL.
 * Checkbox groups send repeated parameters (kind=temple&kind=arch), which the shared filter parser accepts.
 */
export async function SearchForm({
  locale,
  state,
  choices,
  path = '/monuments',
}: {
  locale: string;
  state: SearchFormState;
  choices: Choices;
  /** The page the form shows its results on: the search page, or the overview map (same parameters). */
  path?: '/monuments' | '/map';
}) {
  const t = await getTranslations('search');
  const action = locale === 'ar' ? `/ar${path}` : path;
  const { selected, errors } = state;
  const setCount = Object.values(selected).reduce((n, s) => n + s.size, 0) + (state.from ? 1 : 0) + (state.to ? 1 : 0);
  const collator = new Intl.Collator(locale);
  const countries = choices.countries
    .map((code) => ({ code, label: countryName(code, locale) }))
    .sort((a, b) => collator.compare(a.label, b.label));
  const errorId = (key: string) => (errors[key] ? `error-${key}` : undefined);
  const describedBy = (...ids: (string | undefined)[]) => ids.filter(Boolean).join(' ') || undefined;
  const fieldError = (key: string) =>
    errors[key] ? (
      <p id={`error-${key}`} className="field-error">
        {errors[key]}
      </p>
    ) : null;

  return (
    <form className="search-form" action={action} method="get" role="search" aria-label={t('title')}>
      <div className="search-bar">
        <label htmlFor="search-q">{t('queryLabel')}</label>
        <div className="search-bar-row">
          <input
            id="search-q"
            name="q"
            type="search"
            defaultValue={state.q}
            maxLength={200}
            dir="auto"
            aria-invalid={errors.q ? true : undefined}
            aria-describedby={errorId('q')}
          />
          <button type="submit">{t('submit')}</button>
        </div>
        {fieldError('q')}
      </div>
      {state.sort && <input type="hidden" name="sort" value={state.sort} />}
      {state.bbox && <input type="hidden" name="bbox" value={state.bbox} />}
      {state.actor && <input type="hidden" name="actor" value={state.actor} />}

      {/* Closed unless something needs fixing: the active filters are listed (and removable) above the results. */}
      <details className="filters" open={Object.keys(errors).length > 0 || undefined}>
        <summary>
          {t('filters')} <span className="muted">({t('filtersSet', { count: setCount })})</span>
        </summary>
        <div className="filter-grid">
          <fieldset aria-describedby={errorId('country')}>
            <legend>{t('country')}</legend>
            {fieldError('country')}
            {countries.map((c) => (
              <label key={c.code} className="check">
                <input type="checkbox" name="country" value={c.code} defaultChecked={selected.country.has(c.code)} />{' '}
                {c.label}
              </label>
            ))}
          </fieldset>

          <div className="field">
            <label htmlFor="filter-site">{t('site')}</label>
            <select
              id="filter-site"
              name="site"
              defaultValue={[...selected.site][0] ?? ''}
              aria-invalid={errors.site ? true : undefined}
              aria-describedby={errorId('site')}
            >
              <option value="">{t('allSites')}</option>
              {choices.sites.map((s) => (
                <option key={s.slug} value={s.slug}>
                  {locale === 'ar' && s.nameAr ? s.nameAr : s.name}
                </option>
              ))}
            </select>
            {fieldError('site')}
            {/* Further sites from a shared link stay in the search; each can be removed from the active filters. */}
            {[...selected.site].slice(1).map((slug) => (
              <input key={slug} type="hidden" name="site" value={slug} />
            ))}
          </div>

          {VOCAB_FILTERS.map(({ key, vocab, codes }) => (
            <fieldset key={key} aria-describedby={errorId(key)}>
              <legend>{t(key)}</legend>
              {fieldError(key)}
              {codes.map((code) => (
                <label key={code} className="check">
                  <input type="checkbox" name={key} value={code} defaultChecked={selected[key].has(code)} />{' '}
                  {vocabLabel(vocab, code, locale)}
                </label>
              ))}
            </fieldset>
          ))}

          <fieldset>
            <legend>{t('eventDate')}</legend>
            <p id="date-hint" className="muted">
              {t('dateHint')}
            </p>
            <div className="field">
              <label htmlFor="filter-from">{t('from')}</label>
              <input
                id="filter-from"
                name="from"
                type="text"
                autoComplete="off"
                dir="ltr"
                size={10}
                defaultValue={state.from}
                aria-invalid={errors.from ? true : undefined}
                aria-describedby={describedBy(errorId('from'), 'date-hint')}
              />
              {fieldError('from')}
            </div>
            <div className="field">
              <label htmlFor="filter-to">{t('to')}</label>
              <input
                id="filter-to"
                name="to"
                type="text"
                autoComplete="off"
                dir="ltr"
                size={10}
                defaultValue={state.to}
                aria-invalid={errors.to ? true : undefined}
                aria-describedby={describedBy(errorId('to'), 'date-hint')}
              />
              {fieldError('to')}
            </div>
          </fieldset>
        </div>
        <button type="submit">{t('applyFilters')}</button>
      </details>
    </form>
  );
}

const LIST_FILTERS = ['country', 'site', 'kind', 'status', 'cause', 'verification'] as const;

/** The form's state from the URL, as typed (a bad value stays visible next to its message). */
export function formStateFrom(sp: URLSearchParams, errors: Record<string, string>, sort?: SearchSort): SearchFormState {
  return {
    q: sp.get('q') ?? '',
    from: sp.get('from')?.trim() ?? '',
    to: sp.get('to')?.trim() ?? '',
    selected: Object.fromEntries(
      LIST_FILTERS.map((key) => [
        key,
        new Set(
          sp
            .getAll(key)
            .flatMap((v) => v.split(','))
            .map((v) => (key === 'country' ? v.trim().toUpperCase() : v.trim()))
            .filter(Boolean),
        ),
      ]),
    ) as SearchFormState['selected'],
    sort,
    errors,
  };
}

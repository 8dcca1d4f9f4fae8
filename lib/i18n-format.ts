import { cachedFormatter } from './intl-cache';

/** Locale-aware formatting shared by pages (dates live in lib/dates.ts). */

export function countryName(code: string, locale: string): string {
  try {
    return (
      cachedFormatter(`region:${locale}`, () => new Intl.DisplayNames([locale], { type: 'region' })).of(code) ?? code
    );
  } catch {
    return code;
  }
}

export function formatCountries(codes: string, locale: string): string {
  return codes
    .split(',')
    .filter(Boolean)
    .map((c) => countryName(c, locale))
    .join(locale === 'ar' ? '، ' : ', ');
}

/**
 * Where a site is, for people: its countries' names, or (for a site UNESCO lists under no state code) UNESCO's own
 * states text in the page's language when there is one.
 */
export function formatSiteStates(
  s: { countryCodes: string; statesName?: string | null; statesNameAr?: string | null },
  locale: string,
): string {
  if (s.countryCodes) return formatCountries(s.countryCodes, locale);
  return (locale === 'ar' ? (s.statesNameAr ?? s.statesName) : s.statesName) ?? '';
}

/** The record's name in the page's language when it has one, and the other alongside. */
export function localisedName(
  r: { name: string; nameAr: string | null },
  locale: string,
): { primary: string; primaryLang: string; secondary: string | null; secondaryLang: string } {
  if (locale === 'ar' && r.nameAr)
    return { primary: r.nameAr, primaryLang: 'ar', secondary: r.name, secondaryLang: 'en' };
  return { primary: r.name, primaryLang: 'en', secondary: r.nameAr, secondaryLang: 'ar' };
}

export function formatCoordinate(value: number, locale: string): string {
  const intlLocale = locale === 'ar' ? 'ar-SY' : 'en-GB';
  return cachedFormatter(
    `coordinate:${intlLocale}`,
    () => new Intl.NumberFormat(intlLocale, { maximumFractionDigits: 4, numberingSystem: 'latn' }),
  ).format(value);
}

/** A stored UTC timestamp as date and time ("27 Nov 2026, 15:26 UTC"), for histories and activity lists. */
export function formatTimestamp(iso: string, locale: string): string {
  const d = new Date(iso.endsWith('Z') ? iso : `${iso}Z`);
  if (Number.isNaN(d.getTime())) return iso;
  const intlLocale = locale === 'ar' ? 'ar-SY' : 'en-GB';
  const format = cachedFormatter(
    `timestamp:${intlLocale}`,
    () =>
      new Intl.DateTimeFormat(intlLocale, {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hour12: false,
        timeZone: 'UTC',
        numberingSystem: 'latn',
      }),
  );
  return `${format.format(d)} UTC`;
}

/** Names readers understand for the language tags the registry stores most, where Intl's wording is not what we say. */
const LANGUAGE_NAMES: Record<string, { en: string; ar: string }> = {
  ar: { en: 'Arabic', ar: 'العربية' },
  'ar-Latn': { en: 'Arabic, Latin script', ar: 'العربية بحروف لاتينية' },
  en: { en: 'English', ar: 'الإنجليزية' },
  fr: { en: 'French', ar: 'الفرنسية' },
};

/**
 * The name of a BCP 47 language tag in the reader's language ("ar-Latn" → "Arabic, Latin script" / "العربية بحروف
 * لاتينية"): readers are never shown raw tags. Other tags are named by Intl, and shown as they are only if it cannot.
 */
export function languageName(tag: string, locale: string): string {
  const known = LANGUAGE_NAMES[tag];
  if (known) return locale === 'ar' ? known.ar : known.en;
  try {
    return (
      cachedFormatter(`language:${locale}`, () => new Intl.DisplayNames([locale], { type: 'language' })).of(tag) ?? tag
    );
  } catch {
    return tag;
  }
}

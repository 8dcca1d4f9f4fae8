import { defineRouting } from 'next-intl/routing';

export const locales = ['en', 'ar'] as const;
export type Locale = (typeof locales)[number];

export const routing = defineRouting({
  locales,
  defaultLocale: 'en',
  // English at the URLs the issues name (/monuments/temple-of-bel), Arabic under /ar/….
  localePrefix: 'as-needed',
  // The URL alone decides the language, so a cached page is right for everyone who requests that URL.
  // The switch still remembers the reader's choice in a cookie (see components/language-switch.tsx).
  localeDetection: false,
});

export const isRtl = (locale: string) => locale === 'ar';

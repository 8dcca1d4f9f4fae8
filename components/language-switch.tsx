'use client';

import { useLocale, useTranslations } from 'next-intl';
import { Link, usePathname } from '@/i18n/navigation';

/** Links to the same page in the other language and remembers the choice in a cookie (the URL still decides). */
export function LanguageSwitch() {
  const t = useTranslations('common.language');
  const locale = useLocale();
  const pathname = usePathname();
  const other = locale === 'ar' ? 'en' : 'ar';
  return (
    <Link
      href={pathname}
      locale={other}
      hrefLang={other}
      lang={other}
      className="language-switch"
      aria-label={t('switchToLabel')}
      onClick={() => {
        document.cookie = `NEXT_LOCALE=${other}; path=/; max-age=31536000; samesite=lax`;
      }}
    >
      {t('switchTo')}
    </Link>
  );
}

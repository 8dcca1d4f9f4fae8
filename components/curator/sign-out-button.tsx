'use client';

import { signOut } from 'next-auth/react';
import { useTranslations } from 'next-intl';
import { setSessionHint } from './session-hint';

/**
 * Signs the curator out and forgets the session hint. `to` is where they land: the sign-in page from the curator
 * area, the home page from the pages every reader shares.
 */
export function SignOutButton({ locale, to = 'login' }: { locale: string; to?: 'login' | 'home' }) {
  // common.session travels with every page (the locale layout sends it), the curator catalogs only with curator pages.
  const t = useTranslations('common.session');
  const prefix = locale === 'ar' ? '/ar' : '';
  return (
    <button
      type="button"
      className="secondary"
      onClick={() => {
        setSessionHint(false);
        void signOut({ callbackUrl: to === 'home' ? prefix || '/' : `${prefix}/login` });
      }}
    >
      {t('signOut')}
    </button>
  );
}

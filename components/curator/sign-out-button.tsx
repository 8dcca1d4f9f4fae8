'use client';

import { signOut } from 'next-auth/react';
import { useTranslations } from 'next-intl';
import { redirectPath } from '@/lib/http/safe-redirect';
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
        // next-auth's redirect callback checks it again on the server (lib/auth/options.ts).
        const target = to === 'home' ? prefix || '/' : `${prefix}/login`;
        void signOut({ callbackUrl: redirectPath(target, window.location.origin, '/login') });
      }}
    >
      {t('signOut')}
    </button>
  );
}

'use client';

import { signOut } from 'next-auth/react';
import { useTranslations } from 'next-intl';
import { setSessionHint } from './session-status';

export function SignOutButton({ locale }: { locale: string }) {
  const t = useTranslations('auth');
  return (
    <button
      type="button"
      className="secondary"
      onClick={() => {
        setSessionHint(false);
        void signOut({ callbackUrl: locale === 'ar' ? '/ar/login' : '/login' });
      }}
    >
      {t('signOut')}
    </button>
  );
}

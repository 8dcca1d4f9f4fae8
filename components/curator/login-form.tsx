'use client';

import { useRef, useState } from 'react';
import { signIn } from 'next-auth/react';
import { useTranslations } from 'next-intl';
import { redirectPath } from '@/lib/http/safe-redirect';
import { setSessionHint } from './session-hint';

/**
 * Email and password, checked by next-auth's Credentials provider (POST /api/auth/callback/credentials). On success
 * the page reloads at `callbackUrl`; on failure the message says why without saying whether the email exists.
 */
export function LoginForm({ callbackUrl, initialError }: { callbackUrl: string; initialError?: string }) {
  const t = useTranslations('auth');
  const [error, setError] = useState<string | null>(initialError ? messageFor(initialError) : null);
  const [pending, setPending] = useState(false);
  const password = useRef<HTMLInputElement>(null);

  /** next-auth's error code (from signIn, or ?error= when a browser lands here from /api/auth) as a sentence. */
  function messageFor(code: string): string {
    const wait = /^locked:(\d+)(s?)$/.exec(code);
    if (wait) {
      // "locked:7s": seconds (a wait under a minute is said in seconds); "locked:15": minutes, as older links say.
      const seconds = wait[2] ? Number(wait[1]) : Number(wait[1]) * 60;
      return seconds < 60 ? t('lockedSeconds', { seconds }) : t('locked', { minutes: Math.ceil(seconds / 60) });
    }
    if (code.startsWith('locked:')) return t('locked', { minutes: 15 });
    if (code === 'CredentialsSignin') return t('invalid');
    return t('failed');
  }

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    let result;
    try {
      result = await signIn('credentials', {
        email: String(form.get('email') ?? ''),
        password: String(form.get('password') ?? ''),
        redirect: false,
        callbackUrl,
      });
    } catch {
      result = { error: 'network' };
    }
    if (result?.ok && !result.error) {
      // Public pages then ask who is signed in (they show the curator's name and "Add a report").
      setSessionHint(true);
      // The page checked callbackUrl already; checked again here, against the address the browser is really on.
      window.location.assign(redirectPath(callbackUrl, window.location.origin, '/admin'));
      return;
    }
    setPending(false);
    setError(messageFor(result?.error ?? 'network'));
    if (password.current) {
      password.current.value = '';
      password.current.focus();
    }
  }

  return (
    <form onSubmit={onSubmit} className="record-form login-form" noValidate>
      <p className="form-summary" role="alert" hidden={!error}>
        {error}
      </p>
      <div className="field">
        <label htmlFor="login-email">{t('email')}</label>
        <input id="login-email" name="email" type="email" autoComplete="username" required dir="ltr" />
      </div>
      <div className="field">
        <label htmlFor="login-password">{t('password')}</label>
        <input
          id="login-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          dir="ltr"
          ref={password}
        />
      </div>
      <button type="submit" disabled={pending}>
        {pending ? t('signingIn') : t('submit')}
      </button>
    </form>
  );
}

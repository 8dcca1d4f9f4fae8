'use client';

import { useEffect, useState, useSyncExternalStore } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { Link } from '@/i18n/navigation';
import { SESSION_HINT_COOKIE, setSessionHint } from './session-hint';
import { SignOutButton } from './sign-out-button';

/**
 * Who is signed in, for pages every reader shares (the header and footer of the public pages, the monument page's
 * "Add a report"): those pages are the same bytes for everyone, kept by server.js and any shared cache, so they
 * render nothing per user on the server; this asks next-auth's session endpoint from the browser instead.
 *
 * Readers never send that request: the sign-in form and the curator area set a hint cookie, and only a browser
 * that carries it asks. The cookie is no credential (the session cookie is HttpOnly); a stale hint costs one
 * request and is cleared.
 */
const hasHint = () => document.cookie.split(/;\s*/).includes(`${SESSION_HINT_COOKIE}=1`);

type Session = { name: string };
/** One request per page load, shared by every component that asks. */
let asked: Promise<Session | null> | null = null;

function askSession(): Promise<Session | null> {
  asked ??= fetch('/api/auth/session', { cache: 'no-store', headers: { accept: 'application/json' } })
    .then(async (res) => {
      if (!res.ok) return null;
      const body = (await res.json()) as { user?: { name?: unknown } } | null;
      const name = body?.user?.name;
      if (typeof name === 'string' && name) return { name };
      setSessionHint(false);
      return null;
    })
    .catch(() => null);
  return asked;
}

const noSubscription = () => () => {};

/**
 * undefined while unknown (on the server, while hydrating, while asking), null when nobody is signed in,
 * else the curator.
 */
export function useCuratorSession(): Session | null | undefined {
  const hinted = useSyncExternalStore<boolean | null>(noSubscription, hasHint, () => null);
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  useEffect(() => {
    if (!hinted) return;
    let live = true;
    void askSession().then((s) => {
      if (live) setSession(s);
    });
    return () => {
      live = false;
    };
  }, [hinted]);
  if (hinted === null) return undefined;
  return hinted ? session : null;
}

/** Wraps a name in Unicode isolates, so an Arabic name in an English sentence (or the reverse) cannot reorder it. */
const isolate = (name: string) => `\u2068${name}\u2069`;

const SignOut = () => <SignOutButton locale={useLocale()} to="home" />;

/** The header's line for a signed-in curator: name, dashboard, sign out. Nothing for readers. */
export function HeaderSession() {
  const t = useTranslations('common.session');
  const session = useCuratorSession();
  if (!session) return null;
  return (
    <div className="session-status header-session">
      <span>{t('signedInAs', { name: isolate(session.name) })}</span>
      <Link href="/admin">{t('dashboard')}</Link>
      <SignOut />
    </div>
  );
}

/** The footer's curator link: "Curator sign-in" (the server's markup, for everyone), or the signed-in curator. */
export function FooterSession() {
  const t = useTranslations('common.session');
  const session = useCuratorSession();
  if (session === null || session === undefined)
    return (
      <Link href="/login" className="session-signin">
        {t('signIn')}
      </Link>
    );
  return (
    <span className="session-status footer-session">
      <span>{t('signedInAs', { name: isolate(session.name) })}</span>
      {' · '}
      <Link href="/admin">{t('dashboard')}</Link> <SignOut />
    </span>
  );
}

/** The monument page's "Add a report", for signed-in curators only: it opens the report form on this monument. */
export function AddReportLink({ monumentId, label }: { monumentId: number; label: string }) {
  const session = useCuratorSession();
  if (!session) return null;
  return (
    <p className="curator-action">
      <Link href={`/admin/reports/new?monument=${monumentId}`} prefetch={false}>
        {label}
      </Link>
    </p>
  );
}

/** Rendered by the curator area: marks this browser as a curator's, so public pages ask who is signed in. */
export function SessionHint() {
  useEffect(() => setSessionHint(true), []);
  return null;
}

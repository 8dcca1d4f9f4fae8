'use client';

import { useTranslations } from 'next-intl';

/** Shown when a page fails to render; the digest lets a reader quote the server log line without seeing a stack trace. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations('common.error');
  return (
    <div role="alert">
      <h1>{t('title')}</h1>
      <p>{t('body')}</p>
      {error.digest && <p className="muted">{t('reference', { id: error.digest })}</p>}
      <button type="button" onClick={reset}>
        {t('retry')}
      </button>
    </div>
  );
}

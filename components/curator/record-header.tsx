import { getTranslations } from 'next-intl/server';
import { Link } from '@/i18n/navigation';

/** A confirmation after a redirecting save (?saved=1|created|published|draft), announced politely. */
export async function SavedNotice({ saved }: { saved?: string }) {
  if (!saved) return null;
  const t = await getTranslations('curator.saved');
  const key = ['created', 'published', 'draft'].includes(saved) ? saved : 'updated';
  return (
    <p className="ok-note" role="status">
      {t(key)}
    </p>
  );
}

/**
 * Links from a record's edit page to its history and (when it has one) its public page. The public page is not
 * prefetched: a prefetch still rendering when the curator saves could be cached with the old content.
 */
export async function RecordLinks({ history, publicHref }: { history: string; publicHref?: string }) {
  const t = await getTranslations('curator.dashboard');
  return (
    <p className="record-links">
      <Link href={history}>{t('history')}</Link>
      {publicHref && (
        <>
          {' '}
          ·{' '}
          <Link href={publicHref} prefetch={false}>
            {t('view')}
          </Link>
        </>
      )}
    </p>
  );
}

import type { Metadata } from 'next';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { Link } from '@/i18n/navigation';
import { getDb } from '@/db';
import { listPublicChanges, type PublicChange } from '@/db/queries/revisions';
import { publicChangedFields } from '@/lib/diff';
import { formatTimestamp } from '@/lib/i18n-format';
import { localeAlternates } from '@/lib/alternates';
import { vocabLabel } from '@/lib/vocab';

// Rendered from the database on each request that reaches Next; server.js keeps the result until the data it shows
// changes (docs/decisions/009), so Next keeps no copy of its own.
export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: 'changes' });
  return { title: t('title'), alternates: localeAlternates('/changes', locale) };
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');

function label(c: PublicChange, locale: string): { name: string; href?: string } {
  const s = c.after ?? c.before ?? {};
  const live = !(c.after && c.after.deletedAt);
  if (c.entityType === 'site')
    return {
      name: text(locale === 'ar' && s.nameAr ? s.nameAr : s.name),
      href: live ? `/sites/${text(s.slug)}` : undefined,
    };
  if (c.entityType === 'monument')
    return {
      name: text(locale === 'ar' && s.nameAr ? s.nameAr : s.name),
      href: live ? `/monuments/${text(s.slug)}` : undefined,
    };
  if (c.entityType === 'report') {
    const monument = (locale === 'ar' && c.monumentNameAr) || c.monumentName || '';
    const visible = live && c.after?.reviewState === 'published' && c.monumentSlug && !c.monumentDeletedAt;
    return { name: monument, href: visible ? `/monuments/${c.monumentSlug}#report-${c.entityId}` : undefined };
  }
  return { name: text(s.title) };
}

/**
 * Recent published changes, newest first (cached; every published change revalidates it). Only public facts are
 * listed: what changed and when. Curators' names, drafts and review comments never appear here.
 */
export default async function ChangesPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const t = await getTranslations('changes');
  const tf = await getTranslations('curator.fields');
  const changes = listPublicChanges(getDb(), { limit: 100 });
  return (
    <>
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      {changes.length === 0 ? (
        <p>{t('empty')}</p>
      ) : (
        <ol className="changes">
          {changes.map((c) => {
            const { name, href } = label(c, locale);
            const fields = c.action === 'update' || c.action === 'revert' ? publicChangedFields(c.before, c.after) : [];
            return (
              <li key={c.id}>
                <time dateTime={c.createdAt}>{formatTimestamp(c.createdAt, locale)}</time>
                {' — '}
                {vocabLabel('revisionAction', c.action, locale)} · {t(`types.${c.entityType}`)}{' '}
                {href ? (
                  <Link href={href}>
                    <bdi>{name}</bdi>
                  </Link>
                ) : (
                  <bdi>{name}</bdi>
                )}
                {fields.length > 0 && (
                  <span className="muted">
                    {' '}
                    ({fields.map((f) => (tf.has(f) ? tf(f) : f)).join(locale === 'ar' ? '، ' : ', ')})
                  </span>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </>
  );
}

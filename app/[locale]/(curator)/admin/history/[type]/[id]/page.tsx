import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { Link } from '@/i18n/navigation';
import { getDb } from '@/db';
import { listRevisionsWithAuthors } from '@/db/queries/revisions';
import { getRecordSnapshot, recordLabel, recordTypes, type RecordType } from '@/db/queries/records';
import { getSiteById } from '@/db/queries/sites';
import { getMonumentById } from '@/db/queries/monuments';
import { hasRole, requireUser } from '@/lib/auth';
import { parseId } from '@/lib/forms';
import { diffSnapshots, formatValue } from '@/lib/diff';
import { formatTimestamp } from '@/lib/i18n-format';
import { vocabLabel } from '@/lib/vocab';
import { ActionButton } from '@/components/curator/action-button';
import { restoreRecordAction, revertRecordAction } from '../../../../_actions/records';

type Props = { params: Promise<{ locale: string; type: string; id: string }>; searchParams: Promise<{ done?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  return { title: (await getTranslations({ locale, namespace: 'curator.history' }))('title') };
}

const EDIT_PATH: Record<RecordType, string> = { site: 'sites', monument: 'monuments', report: 'reports', source: 'sources' };

/** A record's history: every revision with who, when and a field-by-field diff; editors revert to any revision or restore. */
export default async function HistoryPage({ params, searchParams }: Props) {
  const { locale, type: rawType, id: rawId } = await params;
  const user = await requireUser({ locale, returnTo: `${locale === 'ar' ? '/ar' : ''}/admin/history/${rawType}/${rawId}` });
  setRequestLocale(locale);
  const type = recordTypes.find((t) => t === rawType);
  const id = parseId(rawId);
  const db = getDb();
  const record = type && id ? getRecordSnapshot(db, type, id) : undefined;
  if (!type || !id || !record) notFound();
  const t = await getTranslations('curator');
  const tf = await getTranslations('curator.fields');
  const editor = hasRole(user.role, 'editor');
  const revisions = listRevisionsWithAuthors(db, type, id);
  const done = (await searchParams).done;
  const label = recordLabel(type, record) || `#${id}`;
  let publicHref: string | undefined;
  if (!record.deletedAt) {
    if (type === 'site') publicHref = `/sites/${String(record.slug)}`;
    if (type === 'monument') publicHref = `/monuments/${String(record.slug)}`;
    if (type === 'report' && record.reviewState === 'published') {
      const m = getMonumentById(db, record.monumentId as number);
      if (m && !m.deletedAt) publicHref = `/monuments/${m.slug}#report-${id}`;
    }
  }
  const site = type === 'monument' ? getSiteById(db, record.siteId as number) : undefined;

  return (
    <>
      <h1>{t('history.title')}: {t(`types.${type}`)} <bdi>{label}</bdi></h1>
      {done && <p className="ok-note" role="status">{t(`history.done.${done === 'deleted' || done === 'restored' ? done : 'reverted'}`)}</p>}
      <p className="record-links">
        <Link href={`/admin/${EDIT_PATH[type]}/${id}/edit`}>{t('dashboard.edit')}</Link>
        {publicHref && <> · <Link href={publicHref} prefetch={false}>{t('dashboard.view')}</Link></>}
        {site && <> · {t('fields.siteId')}: <bdi>{site.name}</bdi></>}
      </p>
      {record.deletedAt && (
        <div className="danger-note">
          <p>{t('history.isDeleted')}</p>
          {editor && <ActionButton action={restoreRecordAction} fields={{ type, id: String(id), locale }} label={t('history.restore')} />}
        </div>
      )}
      <ol className="revisions" reversed>
        {revisions.map((r, index) => {
          const changes = diffSnapshots(r.before as Record<string, unknown> | null, r.after as Record<string, unknown> | null);
          const isCurrent = index === revisions.findIndex((x) => x.after !== null);
          return (
            <li key={r.id} className="revision" id={`revision-${r.id}`}>
              <h2>
                {t('history.revision', { id: r.id })} — {vocabLabel('revisionAction', r.action, locale)}
              </h2>
              <p className="muted">
                <time dateTime={r.createdAt}>{formatTimestamp(r.createdAt, locale)}</time> · {r.userName ? <bdi>{r.userName}</bdi> : t('history.agent', { agent: r.agent ?? '?' })}
              </p>
              {r.comment && <p dir="auto">{t('history.comment')}: <q>{r.comment}</q></p>}
              {changes.length > 0 && r.action !== 'create' && (
                <div className="table-scroll">
                  <table className="diff">
                    <caption className="visually-hidden">{t('history.diffCaption', { id: r.id })}</caption>
                    <thead><tr><th scope="col">{t('conflict.field')}</th><th scope="col">{t('history.before')}</th><th scope="col">{t('history.after')}</th></tr></thead>
                    <tbody>
                      {changes.map((c) => (
                        <tr key={c.field}>
                          <th scope="row">{tf.has(c.field) ? tf(c.field) : c.field}</th>
                          <td dir="auto"><del>{formatValue(c.before)}</del></td>
                          <td dir="auto"><ins>{formatValue(c.after)}</ins></td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
              {r.action === 'create' && <p className="muted">{t('history.created')}</p>}
              {editor && r.after !== null && !isCurrent && !record.deletedAt && (
                <ActionButton action={revertRecordAction} label={t('history.revert', { id: r.id })}
                  fields={{ type, id: String(id), version: String(record.version), revisionId: String(r.id), locale }} />
              )}
            </li>
          );
        })}
      </ol>
    </>
  );
}

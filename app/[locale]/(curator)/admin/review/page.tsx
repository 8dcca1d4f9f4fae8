import type { Metadata } from 'next';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { Link } from '@/i18n/navigation';
import { getDb } from '@/db';
import { listDraftReports } from '@/db/queries/reports';
import { listPendingProposals } from '@/db/queries/proposals';
import { listNewSubmissions } from '@/db/queries/submissions';
import { getRecordSnapshot, recordLabel } from '@/db/queries/records';
import { requireRole } from '@/lib/auth';
import { diffSnapshots } from '@/lib/diff';
import { formatEventDate } from '@/lib/dates';
import { formatTimestamp } from '@/lib/i18n-format';
import { vocabLabel } from '@/lib/vocab';
import { ReviewQueue, type QueueItem } from '@/components/curator/review-queue';
import { StatusBadge } from '@/components/status-badge';
import { ScrollTable } from '@/components/curator/scroll-table';
import { recordValueText, type ValueWords } from '@/components/curator/field-values';
import { monumentVocabularyFields } from '@/lib/records/monument';
import { recordNamesFor } from '@/db/queries/curator-lookup';
import { reviewAction } from '../../_actions/review';

const fieldIdOf = (name: string) => `f-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  return { title: (await getTranslations({ locale, namespace: 'curator.review' }))('title') };
}

const EDIT_PATH = { site: 'sites', monument: 'monuments', report: 'reports', source: 'sources' } as const;

/** Editors' queue: contributors' draft reports and proposed edits, oldest first. */
export default async function ReviewPage({ params }: Props) {
  const { locale } = await params;
  await requireRole('editor', { locale, returnTo: `${locale === 'ar' ? '/ar' : ''}/admin/review` });
  setRequestLocale(locale);
  const t = await getTranslations('curator');
  const tf = await getTranslations('curator.fields');
  const tv = await getTranslations('curator.values');
  const words: ValueWords = {
    yes: tv('yes'),
    no: tv('no'),
    none: tv('none'),
    source: (n) => tv('source', { id: n }),
    record: (n) => tv('record', { id: n }),
  };
  const db = getDb();

  const drafts: QueueItem[] = listDraftReports(db).map((r) => ({
    key: `report:${r.id}:${r.version}`,
    title: t('review.draftTitle', { id: r.id, monument: r.monumentName }),
    details: (
      <div className="queue-details">
        <p className="muted">
          {t('review.by', { name: r.authorName ?? '?', date: formatTimestamp(r.createdAt, locale) })}
        </p>
        <p>
          {formatEventDate(r, locale)} — <StatusBadge level={r.damageLevel} locale={locale} /> ·{' '}
          {vocabLabel('verificationStatus', r.verificationStatus, locale)}
        </p>
        <p dir="auto">{r.summary}</p>
        {r.citations.length > 0 && (
          <ul>
            {r.citations.map((c) => (
              <li key={c.sourceId}>
                <strong>{vocabLabel('stance', c.stance, locale)}</strong>: <bdi>{c.title}</bdi>
                {c.publisher && (
                  <>
                    {' '}
                    — <bdi>{c.publisher}</bdi>
                  </>
                )}
                {c.quote && <blockquote dir="auto">{c.quote}</blockquote>}
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link href={`/admin/reports/${r.id}/edit`}>{t('review.openReport', { id: r.id })}</Link>
        </p>
      </div>
    ),
  }));

  const proposals: QueueItem[] = listPendingProposals(db).map((p) => {
    const current = getRecordSnapshot(db, p.entityType, p.entityId);
    const proposed = current
      ? {
          ...current,
          ...p.payload.values,
          ...(p.payload.altNames ? { altNames: p.payload.altNames } : {}),
          ...(p.payload.citations ? { citations: p.payload.citations } : {}),
        }
      : null;
    const changes = current && proposed ? diffSnapshots(current, proposed) : [];
    const names = recordNamesFor(db, [current, proposed], locale);
    const show = (field: string, v: unknown) =>
      recordValueText(field, v, locale, words, names, p.entityType === 'monument' ? monumentVocabularyFields : {});
    return {
      key: `proposal:${p.id}`,
      title: t('review.proposalTitle', {
        id: p.id,
        type: t(`types.${p.entityType}`),
        label: recordLabel(p.entityType, current),
      }),
      details: (
        <div className="queue-details">
          <p className="muted">{t('review.by', { name: p.authorName, date: formatTimestamp(p.createdAt, locale) })}</p>
          {current && current.version !== p.baseVersion && <p className="danger-note">{t('review.stale')}</p>}
          <ScrollTable label={t('review.diffCaption', { id: p.id })}>
            <table className="diff labelled-table">
              <caption className="visually-hidden">{t('review.diffCaption', { id: p.id })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('conflict.field')}</th>
                  <th scope="col">{t('review.now')}</th>
                  <th scope="col">{t('review.proposed')}</th>
                </tr>
              </thead>
              <tbody>
                {changes.map((c) => (
                  <tr key={c.field}>
                    <th scope="row">{tf.has(c.field) ? tf(c.field) : c.field}</th>
                    <td dir="auto" className="value">
                      <del>{show(c.field, c.before)}</del>
                    </td>
                    <td dir="auto" className="value">
                      <ins>{show(c.field, c.after)}</ins>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
          <p>
            <Link href={`/admin/${EDIT_PATH[p.entityType]}/${p.entityId}/edit`}>{t('review.openRecord')}</Link>
          </p>
        </div>
      ),
    };
  });

  // Public submissions: editors and admins only (this page requires the editor role), contact details included.
  const submissions: QueueItem[] = listNewSubmissions(db).map((s) => {
    const key = `submission:${s.id}`;
    const monumentField = fieldIdOf(`monument.${key}`);
    return {
      key,
      title: t('review.submissionTitle', { id: s.id, about: s.monumentName ?? s.place ?? '' }),
      approveLabel: t('review.convert'),
      rejectLabel: t('review.dismiss'),
      details: (
        <div className="queue-details">
          <p className="muted">{t('review.submissionReceived', { date: formatTimestamp(s.createdAt, locale) })}</p>
          <dl className="facts compact">
            <dt>{t('review.submissionWhere')}</dt>
            <dd>
              {s.monumentSlug ? (
                <Link href={`/monuments/${s.monumentSlug}`}>
                  <bdi>{s.monumentName}</bdi>
                </Link>
              ) : (
                <bdi>{s.place}</bdi>
              )}
              {s.siteName && (
                <>
                  {' '}
                  (<bdi>{s.siteName}</bdi>)
                </>
              )}
            </dd>
            {s.eventDate && (
              <>
                <dt>{t('review.submissionWhen')}</dt>
                <dd>{formatEventDate(s, locale)}</dd>
              </>
            )}
            <dt>{t('review.submissionLinks')}</dt>
            <dd>
              {s.links.length === 0 ? (
                t('review.submissionNoLinks')
              ) : (
                <ul>
                  {s.links.map((url) => (
                    <li key={url} dir="ltr">
                      {/* Typed by anyone: followed without passing on this page's address or any trust. */}
                      <a href={url} rel="nofollow noopener noreferrer ugc">
                        {url}
                      </a>
                    </li>
                  ))}
                </ul>
              )}
              {s.filesLater && <p>{t('review.submissionFilesLater')}</p>}
            </dd>
            <dt>{t('review.submissionContact')}</dt>
            <dd>{s.contact ? <bdi>{s.contact}</bdi> : t('review.submissionNoContact')}</dd>
          </dl>
          <blockquote dir="auto" className="submission-text">
            {s.body}
          </blockquote>
          {!s.monumentId && (
            <div className="field">
              <label htmlFor={monumentField}>{t('review.submissionMonument')}</label>
              <p className="hint" id={`${monumentField}-hint`}>
                {t('review.submissionMonumentHint')}
              </p>
              <input
                id={monumentField}
                name={`monument.${key}`}
                type="text"
                dir="ltr"
                autoComplete="off"
                aria-describedby={`${monumentField}-hint`}
              />
            </div>
          )}
        </div>
      ),
    };
  });

  return (
    <>
      <h1>{t('review.title')}</h1>
      <p>{t('review.intro')}</p>
      <ReviewQueue action={reviewAction} items={[...drafts, ...proposals, ...submissions]} />
    </>
  );
}

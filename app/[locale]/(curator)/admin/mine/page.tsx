import type { Metadata } from 'next';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { Link } from '@/i18n/navigation';
import { getDb } from '@/db';
import { listReportsByCreator } from '@/db/queries/reports';
import { listProposalsByUser } from '@/db/queries/proposals';
import { getRecordSnapshot, recordLabel } from '@/db/queries/records';
import { countLiveSessionsByUser } from '@/db/queries/sessions';
import { requireUser } from '@/lib/auth';
import { sessionLimits } from '@/lib/auth/sessions';
import { ActionButton } from '@/components/curator/action-button';
import { endOwnSessionsAction } from '../../_actions/sessions';
import { formatEventDate } from '@/lib/dates';
import { formatTimestamp } from '@/lib/i18n-format';
import { vocabLabel } from '@/lib/vocab';

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<{ proposed?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  return { title: (await getTranslations({ locale, namespace: 'curator.mine' }))('title') };
}

/**
 * A curator's own submissions: their reports (drafts, published, rejected with the editor's comment) and proposals;
 * and "sign out everywhere" for their own sessions.
 */
export default async function MinePage({ params, searchParams }: Props) {
  const { locale } = await params;
  const user = await requireUser({ locale, returnTo: `${locale === 'ar' ? '/ar' : ''}/admin/mine` });
  setRequestLocale(locale);
  const t = await getTranslations('curator');
  const db = getDb();
  const reports = listReportsByCreator(db, user.id);
  const proposals = listProposalsByUser(db, user.id);
  const proposed = (await searchParams).proposed;
  return (
    <>
      <h1>{t('mine.title')}</h1>
      {proposed && (
        <p className="ok-note" role="status">
          {t('saved.proposed')}
        </p>
      )}
      <section aria-labelledby="mine-reports">
        <h2 id="mine-reports">{t('mine.reports')}</h2>
        {reports.length === 0 ? (
          <p>{t('mine.none')}</p>
        ) : (
          <ul className="plain-list">
            {reports.map((r) => (
              <li key={r.id} className={`mine-item state-${r.reviewState}`}>
                <Link href={`/admin/reports/${r.id}/edit`}>
                  #{r.id} <bdi>{r.monumentName}</bdi> — {formatEventDate(r, locale)}
                </Link>{' '}
                <strong>{vocabLabel('reviewState', r.reviewState, locale)}</strong>
                {r.deletedAt && <> · {vocabLabel('revisionAction', 'delete', locale)}</>}
                <div dir="auto" className="muted">
                  {recordLabel('report', r)}
                </div>
                {r.reviewComment && (
                  <p>
                    {t('review.editorComment')}: <q dir="auto">{r.reviewComment}</q>
                  </p>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="mine-proposals">
        <h2 id="mine-proposals">{t('mine.proposals')}</h2>
        {proposals.length === 0 ? (
          <p>{t('mine.none')}</p>
        ) : (
          <ul className="plain-list">
            {proposals.map((p) => (
              <li key={p.id} className={`mine-item state-${p.state}`}>
                {t('review.proposalTitle', {
                  id: p.id,
                  type: t(`types.${p.entityType}`),
                  label: recordLabel(p.entityType, getRecordSnapshot(db, p.entityType, p.entityId)),
                })}{' '}
                <strong>{vocabLabel('proposalState', p.state, locale)}</strong>{' '}
                <span className="muted">({formatTimestamp(p.createdAt, locale)})</span>
                {p.reviewComment && (
                  <p>
                    {t('review.editorComment')}: <q dir="auto">{p.reviewComment}</q>
                  </p>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="mine-sessions">
        <h2 id="mine-sessions">{t('mine.sessionsTitle')}</h2>
        <p>
          {t('mine.sessionsIntro', {
            count: countLiveSessionsByUser(db, sessionLimits().idleMs).get(user.id) ?? 0,
          })}
        </p>
        <ActionButton action={endOwnSessionsAction} fields={{ locale }} label={t('mine.endOwnSessions')} />
      </section>
    </>
  );
}

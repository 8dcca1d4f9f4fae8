import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { getDb } from '@/db';
import { getReportById } from '@/db/queries/reports';
import { getMonumentById } from '@/db/queries/monuments';
import { getMonumentChoice } from '@/db/queries/curator-lookup';
import { listSourcesByIds } from '@/db/queries/sources';
import { hasRole, readScope, requireUser } from '@/lib/auth';
import { canReadRecord } from '@/db/queries/visibility';
import { parseId } from '@/lib/forms';
import { reportFormValues } from '@/lib/records/report';
import { vocabLabel } from '@/lib/vocab';
import { ReportForm } from '@/components/curator/report-form';
import { ActionButton } from '@/components/curator/action-button';
import { RecordLinks, SavedNotice } from '@/components/curator/record-header';
import { updateReportAction } from '../../../../_actions/reports';
import { deleteRecordAction } from '../../../../_actions/records';
import { listEvidenceForReport } from '@/db/queries/evidence-images';
import { EvidenceManager } from '@/components/evidence/evidence-manager';
import { config } from '@/lib/config';

type Props = {
  params: Promise<{ locale: string; id: string }>;
  searchParams: Promise<{ saved?: string; evidence?: string; fields?: string }>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  return { title: (await getTranslations({ locale, namespace: 'curator.reports' }))('edit') };
}

export default async function EditReportPage({ params, searchParams }: Props) {
  const { locale, id: rawId } = await params;
  const user = await requireUser({ locale, returnTo: `${locale === 'ar' ? '/ar' : ''}/admin/reports/${rawId}/edit` });
  setRequestLocale(locale);
  const id = parseId(rawId);
  const db = getDb();
  const scope = readScope(user);
  const report = id && canReadRecord(db, scope, 'report', id) ? getReportById(db, id) : undefined;
  if (!report) notFound();
  const t = await getTranslations('curator');
  const editor = hasRole(user.role, 'editor');
  const own = report.createdBy === user.id;
  const ownUnpublished = own && report.reviewState !== 'published';
  const monument = getMonumentById(db, report.monumentId);
  // The pickers search as the curator types; the page names only what the report already points at.
  const choice = getMonumentChoice(db, report.monumentId, scope) ?? null;
  const sources = listSourcesByIds(
    db,
    report.citations.map((c) => c.sourceId),
  ).map(({ id: sid, title, publisher }) => ({ id: sid, title, publisher }));
  return (
    <>
      <h1>
        {t('reports.edit')} #{report.id}
      </h1>
      <SavedNotice saved={(await searchParams).saved} />
      <p>
        {t('dashboard.state')}: <strong>{vocabLabel('reviewState', report.reviewState, locale)}</strong>
        {report.reviewComment && (editor || own) && (
          <>
            {' '}
            — {t('review.editorComment')}: <q dir="auto">{report.reviewComment}</q>
          </>
        )}
      </p>
      <RecordLinks
        history={`/admin/history/report/${report.id}`}
        publicHref={
          report.reviewState === 'published' && !report.deletedAt && monument
            ? `/monuments/${monument.slug}#report-${report.id}`
            : undefined
        }
      />
      {report.deletedAt ? (
        <p className="danger-note">{t('history.isDeleted')}</p>
      ) : (
        <>
          {!editor && !ownUnpublished && <p className="hint">{t('hints.proposal')}</p>}
          <ReportForm
            action={updateReportAction}
            locale={locale}
            monument={choice}
            sources={sources}
            canPublish={editor && report.reviewState === 'draft'}
            initial={{
              ...reportFormValues(report),
              publish: '',
              id: String(report.id),
              version: String(report.version),
            }}
            submitLabel={editor || ownUnpublished ? t('form.save') : t('form.propose')}
          />
          <EvidenceManager
            reportId={report.id}
            rows={listEvidenceForReport(db, report.id, { deleted: editor || own })}
            locale={locale}
            outcome={(await searchParams).evidence}
            fields={(await searchParams).fields}
            canKeepOriginal={editor}
            maxBytes={config().EVIDENCE_MAX_BYTES}
          />
          {editor && (
            <ActionButton
              action={deleteRecordAction}
              fields={{ type: 'report', id: String(report.id), version: String(report.version), locale }}
              label={t('form.delete')}
              className="danger"
            />
          )}
        </>
      )}
    </>
  );
}

import type { Metadata } from 'next';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { Link } from '@/i18n/navigation';
import { getDb } from '@/db';
import { getMonumentChoice } from '@/db/queries/curator-lookup';
import { getReportById } from '@/db/queries/reports';
import { hasRole, readScope, requireUser } from '@/lib/auth';
import { canReadRecord } from '@/db/queries/visibility';
import { parseId } from '@/lib/forms';
import { reportFormValues } from '@/lib/records/report';
import { ReportForm } from '@/components/curator/report-form';
import { reportGist } from '@/components/curator/field-values';
import { createReportAction } from '../../../_actions/reports';

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<{ monument?: string; from?: string }> };

/** What "start from the previous report" copies: the assessment and its dates, never the summary or the sources. */
const COPIED = [
  'eventDate',
  'eventDateEnd',
  'approximate',
  'damageLevel',
  'cause',
  'reportedActor',
  'certainty',
  'verificationStatus',
] as const;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  return { title: (await getTranslations({ locale, namespace: 'curator.reports' }))('new') };
}

/**
 * A new report. ?monument=<id> chooses the monument (the public monument page and the dashboard link here);
 * ?from=<report id> fills the form from that report, to record what changed since.
 */
export default async function NewReportPage({ params, searchParams }: Props) {
  const { locale } = await params;
  const query = await searchParams;
  // Back to the same monument (and copy) after signing in again.
  const again = new URLSearchParams(
    Object.entries({ monument: query.monument, from: query.from }).filter(
      (e): e is [string, string] => typeof e[1] === 'string' && !!parseId(e[1]),
    ),
  );
  const user = await requireUser({
    locale,
    returnTo: `${locale === 'ar' ? '/ar' : ''}/admin/reports/new${again.size ? `?${again}` : ''}`,
  });
  setRequestLocale(locale);
  const t = await getTranslations('curator');
  const db = getDb();
  const editor = hasRole(user.role, 'editor');
  const scope = readScope(user);
  const fromId = parseId(query.from);
  const from = fromId && canReadRecord(db, scope, 'report', fromId) ? getReportById(db, fromId) : undefined;
  const source = from && !from.deletedAt && from.reviewState !== 'rejected' ? from : undefined;
  const monumentId = parseId(query.monument) ?? source?.monumentId ?? null;
  const monument = monumentId ? (getMonumentChoice(db, monumentId, scope) ?? null) : null;
  // A report on another monument than the one asked for is not copied.
  const copyFrom = source && monument && source.monumentId === monument.id ? source : undefined;
  const initial: Record<string, string> = {
    monumentId: monument ? String(monument.id) : '',
    verificationStatus: 'unverified',
    publish: editor ? 'on' : '',
  };
  if (copyFrom) {
    const values = reportFormValues(copyFrom);
    for (const k of COPIED) initial[k] = values[k] ?? '';
  }
  return (
    <>
      <h1>{t('reports.new')}</h1>
      {!editor && <p className="hint">{t('hints.draft')}</p>}
      {copyFrom && (
        <p className="ok-note" role="status">
          {t('reports.filledFrom', { id: copyFrom.id, report: reportGist(copyFrom, locale) })}{' '}
          <Link href={`/admin/reports/${copyFrom.id}/edit`}>{t('reports.openFilledFrom', { id: copyFrom.id })}</Link>
        </p>
      )}
      <ReportForm
        key={`${monument?.id ?? ''}:${copyFrom?.id ?? ''}`}
        action={createReportAction}
        locale={locale}
        monument={monument}
        sources={[]}
        canPublish={editor}
        initial={initial}
        submitLabel={t('form.create')}
        startFrom={{ filledFrom: copyFrom?.id ?? null }}
      />
    </>
  );
}

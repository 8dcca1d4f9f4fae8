import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { getDb } from '@/db';
import { getSourceById } from '@/db/queries/sources';
import { hasRole, readScope, requireUser } from '@/lib/auth';
import { canReadRecord } from '@/db/queries/visibility';
import { parseId } from '@/lib/forms';
import { isUnlinkedSource, sourceFormValues } from '@/lib/records/source';
import { SourceForm } from '@/components/curator/source-form';
import { ActionButton } from '@/components/curator/action-button';
import { RecordLinks, SavedNotice } from '@/components/curator/record-header';
import { updateSourceAction } from '../../../../_actions/sources';
import { deleteRecordAction } from '../../../../_actions/records';

type Props = { params: Promise<{ locale: string; id: string }>; searchParams: Promise<{ saved?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  return { title: (await getTranslations({ locale, namespace: 'curator.sources' }))('edit') };
}

export default async function EditSourcePage({ params, searchParams }: Props) {
  const { locale, id: rawId } = await params;
  const user = await requireUser({ locale, returnTo: `${locale === 'ar' ? '/ar' : ''}/admin/sources/${rawId}/edit` });
  setRequestLocale(locale);
  const id = parseId(rawId);
  const source = id && canReadRecord(getDb(), readScope(user), 'source', id) ? getSourceById(getDb(), id) : undefined;
  if (!source) notFound();
  const t = await getTranslations('curator');
  const editor = hasRole(user.role, 'editor');
  return (
    <>
      <h1>
        {t('sources.edit')}: <bdi>{source.title}</bdi>
      </h1>
      <SavedNotice saved={(await searchParams).saved} />
      <RecordLinks history={`/admin/history/source/${source.id}`} />
      {source.deletedAt ? (
        <p className="danger-note">{t('history.isDeleted')}</p>
      ) : (
        <>
          {!editor && <p className="hint">{t('hints.proposal')}</p>}
          {/* Not a refusal: some sources are offline, but a reader still needs a way to find them. */}
          {isUnlinkedSource(source) && !source.citationDetail && (
            <p className="warning-note" role="status" id="unlinked-source">
              {t('hints.unlinkedSource')}
            </p>
          )}
          <SourceForm
            action={updateSourceAction}
            initial={{ ...sourceFormValues(source), id: String(source.id), version: String(source.version) }}
            locale={locale}
            submitLabel={editor ? t('form.save') : t('form.propose')}
          />
          {editor && (
            <ActionButton
              action={deleteRecordAction}
              fields={{ type: 'source', id: String(source.id), version: String(source.version), locale }}
              label={t('form.delete')}
              className="danger"
            />
          )}
        </>
      )}
    </>
  );
}

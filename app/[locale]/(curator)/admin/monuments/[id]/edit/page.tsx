import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { Link } from '@/i18n/navigation';
import { getDb } from '@/db';
import { getMonumentById } from '@/db/queries/monuments';
import { getSiteChoice } from '@/db/queries/curator-lookup';
import { hasRole, readScope, requireUser } from '@/lib/auth';
import { canReadRecord } from '@/db/queries/visibility';
import { parseId } from '@/lib/forms';
import { monumentFormFields, monumentFormValues } from '@/lib/records/monument';
import { MonumentForm } from '@/components/curator/monument-form';
import { ActionButton } from '@/components/curator/action-button';
import { RecordLinks, SavedNotice } from '@/components/curator/record-header';
import { updateMonumentAction } from '../../../../_actions/monuments';
import { deleteRecordAction } from '../../../../_actions/records';

type Props = { params: Promise<{ locale: string; id: string }>; searchParams: Promise<{ saved?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  return { title: (await getTranslations({ locale, namespace: 'curator.monuments' }))('edit') };
}

export default async function EditMonumentPage({ params, searchParams }: Props) {
  const { locale, id: rawId } = await params;
  const user = await requireUser({ locale, returnTo: `${locale === 'ar' ? '/ar' : ''}/admin/monuments/${rawId}/edit` });
  setRequestLocale(locale);
  const id = parseId(rawId);
  const db = getDb();
  const monument = id && canReadRecord(db, readScope(user), 'monument', id) ? getMonumentById(db, id) : undefined;
  if (!monument) notFound();
  const t = await getTranslations('curator');
  const editor = hasRole(user.role, 'editor');
  // Only the monument's own site: the picker searches the others as the curator types.
  const site = getSiteChoice(db, monument.siteId) ?? null;
  return (
    <>
      <h1>
        {t('monuments.edit')}: <bdi>{monument.name}</bdi>
      </h1>
      <SavedNotice saved={(await searchParams).saved} />
      <RecordLinks
        history={`/admin/history/monument/${monument.id}`}
        publicHref={monument.deletedAt ? undefined : `/monuments/${monument.slug}`}
      />
      <p>
        <Link href={`/admin/reports/new?monument=${monument.id}`}>{t('dashboard.addReport')}</Link>
      </p>
      {monument.deletedAt ? (
        <p className="danger-note">{t('history.isDeleted')}</p>
      ) : (
        <>
          {!editor && <p className="hint">{t('hints.proposal')}</p>}
          <MonumentForm
            action={updateMonumentAction}
            initial={{ ...monumentFormValues(monument), id: String(monument.id), version: String(monument.version) }}
            locale={locale}
            fields={monumentFormFields}
            site={site}
            submitLabel={editor ? t('form.save') : t('form.propose')}
          />
          {editor && (
            <ActionButton
              action={deleteRecordAction}
              fields={{ type: 'monument', id: String(monument.id), version: String(monument.version), locale }}
              label={t('form.delete')}
              className="danger"
            />
          )}
        </>
      )}
    </>
  );
}

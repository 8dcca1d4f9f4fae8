import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { getDb } from '@/db';
import { getSiteById } from '@/db/queries/sites';
import { hasRole, readScope, requireUser } from '@/lib/auth';
import { canReadRecord } from '@/db/queries/visibility';
import { parseId } from '@/lib/forms';
import { siteFormValues } from '@/lib/records/site';
import { SiteForm } from '@/components/curator/site-form';
import { ActionButton } from '@/components/curator/action-button';
import { RecordLinks, SavedNotice } from '@/components/curator/record-header';
import { updateSiteAction } from '../../../../_actions/sites';
import { deleteRecordAction } from '../../../../_actions/records';

type Props = { params: Promise<{ locale: string; id: string }>; searchParams: Promise<{ saved?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  return { title: (await getTranslations({ locale, namespace: 'curator.sites' }))('edit') };
}

export default async function EditSitePage({ params, searchParams }: Props) {
  const { locale, id: rawId } = await params;
  const user = await requireUser({ locale, returnTo: `${locale === 'ar' ? '/ar' : ''}/admin/sites/${rawId}/edit` });
  setRequestLocale(locale);
  const id = parseId(rawId);
  const site = id && canReadRecord(getDb(), readScope(user), 'site', id) ? getSiteById(getDb(), id) : undefined;
  if (!site) notFound();
  const t = await getTranslations('curator');
  const editor = hasRole(user.role, 'editor');
  return (
    <>
      <h1>
        {t('sites.edit')}: <bdi>{site.name}</bdi>
      </h1>
      <SavedNotice saved={(await searchParams).saved} />
      <RecordLinks
        history={`/admin/history/site/${site.id}`}
        publicHref={site.deletedAt ? undefined : `/sites/${site.slug}`}
      />
      {site.deletedAt ? (
        <p className="danger-note">{t('history.isDeleted')}</p>
      ) : (
        <>
          {!editor && <p className="hint">{t('hints.proposal')}</p>}
          <SiteForm
            action={updateSiteAction}
            initial={{ ...siteFormValues(site), id: String(site.id), version: String(site.version) }}
            locale={locale}
            submitLabel={editor ? t('form.save') : t('form.propose')}
          />
          {editor && (
            <ActionButton
              action={deleteRecordAction}
              fields={{ type: 'site', id: String(site.id), version: String(site.version), locale }}
              label={t('form.delete')}
              className="danger"
            />
          )}
        </>
      )}
    </>
  );
}

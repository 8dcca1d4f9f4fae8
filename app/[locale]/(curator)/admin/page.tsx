import type { Metadata } from 'next';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { Link } from '@/i18n/navigation';
import { RowLink } from '@/components/curator/row-link';
import { getDb } from '@/db';
import { listSitesForCurator } from '@/db/queries/sites';
import { listMonumentsForCurator } from '@/db/queries/monuments';
import { listReportsForCurator } from '@/db/queries/reports';
import { listSourcesForCurator } from '@/db/queries/sources';
import { listRecentRevisions } from '@/db/queries/revisions';
import { recordLabel, type RecordType } from '@/db/queries/records';
import { canReadRecord } from '@/db/queries/visibility';
import { hasRole, readScope, requireUser } from '@/lib/auth';
import { formatEventDate } from '@/lib/dates';
import { vocabLabel } from '@/lib/vocab';
import { formatCountries, formatTimestamp } from '@/lib/i18n-format';
import { StatusBadge } from '@/components/status-badge';
import { ActionButton } from '@/components/curator/action-button';
import { ScrollTable } from '@/components/curator/scroll-table';
import { restoreRecordAction } from '../_actions/records';

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<{ q?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: 'curator.dashboard' });
  return { title: t('title') };
}

export default async function DashboardPage({ params, searchParams }: Props) {
  const { locale } = await params;
  const user = await requireUser({ locale, returnTo: locale === 'ar' ? '/ar/admin' : '/admin' });
  setRequestLocale(locale);
  const t = await getTranslations('curator');
  const q = (await searchParams).q?.trim().slice(0, 100) || undefined;
  const db = getDb();
  const editor = hasRole(user.role, 'editor');
  // A contributor sees published reports and their own, and the public changes plus their own (db/queries/visibility.ts).
  const scope = readScope(user);
  const sites = listSitesForCurator(db, { q, limit: 200 });
  const monuments = listMonumentsForCurator(db, { q, limit: 200 });
  const reports = listReportsForCurator(db, { limit: 20, scope });
  const activity = editor
    ? listRecentRevisions(db, 15)
    : listRecentRevisions(db, 60, { userId: user.id })
        .filter((a) => canReadRecord(db, scope, a.entityType as RecordType, a.entityId))
        .slice(0, 15);
  const deleted = editor
    ? [
        ...listSitesForCurator(db, { deleted: true, limit: 50 }).map((r) => ({
          type: 'site' as const,
          id: r.id,
          label: r.name,
          deletedAt: r.deletedAt!,
        })),
        ...listMonumentsForCurator(db, { deleted: true, limit: 50 }).map((r) => ({
          type: 'monument' as const,
          id: r.id,
          label: r.name,
          deletedAt: r.deletedAt!,
        })),
        ...listReportsForCurator(db, { deleted: true, limit: 50 }).map((r) => ({
          type: 'report' as const,
          id: r.id,
          label: recordLabel('report', r),
          deletedAt: r.deletedAt!,
        })),
        ...listSourcesForCurator(db, { deleted: true, limit: 50 }).map((r) => ({
          type: 'source' as const,
          id: r.id,
          label: r.title,
          deletedAt: r.deletedAt!,
        })),
      ].sort((a, b) => b.deletedAt.localeCompare(a.deletedAt))
    : [];

  return (
    <>
      <h1>{t('dashboard.title')}</h1>
      <ul className="quick-actions">
        {editor && (
          <li>
            <Link href="/admin/sites/new">{t('dashboard.newSite')}</Link>
          </li>
        )}
        {editor && (
          <li>
            <Link href="/admin/monuments/new">{t('dashboard.newMonument')}</Link>
          </li>
        )}
        <li>
          <Link href="/admin/reports/new">{t('dashboard.newReport')}</Link>
        </li>
        <li>
          <Link href="/admin/sources/new">{t('dashboard.newSource')}</Link>
        </li>
      </ul>

      <form method="get" role="search" className="inline-form">
        <label htmlFor="dash-q">{t('dashboard.filter')}</label>
        <input id="dash-q" name="q" type="search" defaultValue={q ?? ''} />
        <button type="submit">{t('dashboard.filterButton')}</button>
      </form>

      <section aria-labelledby="sites-h">
        <h2 id="sites-h">{t('dashboard.sites')}</h2>
        <ScrollTable labelledBy="sites-h">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('fields.name')}</th>
                <th scope="col">{t('fields.countryCodes')}</th>
                <th scope="col">{t('dashboard.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {sites.map((s) => (
                <tr key={s.id}>
                  <td>
                    <bdi>{s.name}</bdi>
                  </td>
                  <td>{formatCountries(s.countryCodes, locale)}</td>
                  <td className="row-actions">
                    <RowLink href={`/admin/sites/${s.id}/edit`} label={t('dashboard.edit')} record={s.name} />
                    <RowLink href={`/admin/history/site/${s.id}`} label={t('dashboard.history')} record={s.name} />
                    {editor && (
                      <RowLink
                        href={`/admin/monuments/new?site=${s.id}`}
                        label={t('dashboard.addMonument')}
                        record={s.name}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      </section>

      <section aria-labelledby="monuments-h">
        <h2 id="monuments-h">{t('dashboard.monuments')}</h2>
        <ScrollTable labelledBy="monuments-h">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('fields.name')}</th>
                <th scope="col">{t('fields.siteId')}</th>
                <th scope="col">{t('dashboard.status')}</th>
                <th scope="col">{t('dashboard.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {monuments.map((m) => (
                <tr key={m.id}>
                  <td>
                    <bdi>{m.name}</bdi>
                  </td>
                  <td>
                    <bdi>{m.siteName}</bdi>
                  </td>
                  <td>
                    <StatusBadge level={m.statusLevel} basis={m.statusBasis} locale={locale} />
                  </td>
                  <td className="row-actions">
                    <RowLink href={`/admin/monuments/${m.id}/edit`} label={t('dashboard.edit')} record={m.name} />
                    <RowLink href={`/admin/history/monument/${m.id}`} label={t('dashboard.history')} record={m.name} />
                    <RowLink
                      href={`/admin/reports/new?monument=${m.id}`}
                      label={t('dashboard.addReport')}
                      record={m.name}
                    />
                    <RowLink
                      href={`/monuments/${m.slug}`}
                      label={t('dashboard.view')}
                      record={m.name}
                      prefetch={false}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      </section>

      <section aria-labelledby="reports-h">
        <h2 id="reports-h">{t('dashboard.reports')}</h2>
        <ScrollTable labelledBy="reports-h">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('fields.eventDate')}</th>
                <th scope="col">{t('fields.monumentId')}</th>
                <th scope="col">{t('fields.summary')}</th>
                <th scope="col">{t('dashboard.state')}</th>
                <th scope="col">{t('dashboard.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {reports.map((r) => (
                <tr key={r.id}>
                  <td className="nowrap">{formatEventDate(r, locale)}</td>
                  <td>
                    <bdi>{r.monumentName}</bdi>
                  </td>
                  <td>
                    <bdi>{recordLabel('report', r)}</bdi>
                  </td>
                  <td>{vocabLabel('reviewState', r.reviewState, locale)}</td>
                  <td className="row-actions">
                    <Link href={`/admin/reports/${r.id}/edit`}>
                      {t('dashboard.edit')}
                      <span className="visually-hidden"> #{r.id}</span>
                    </Link>
                    <Link href={`/admin/history/report/${r.id}`}>
                      {t('dashboard.history')}
                      <span className="visually-hidden"> #{r.id}</span>
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      </section>

      {editor && deleted.length > 0 && (
        <section aria-labelledby="deleted-h">
          <h2 id="deleted-h">{t('dashboard.deleted')}</h2>
          <ul className="plain-list">
            {deleted.map((d) => (
              <li key={`${d.type}:${d.id}`}>
                {t(`types.${d.type}`)} <bdi>{d.label}</bdi>{' '}
                <span className="muted">({formatTimestamp(d.deletedAt, locale)})</span>{' '}
                <Link href={`/admin/history/${d.type}/${d.id}`}>{t('dashboard.history')}</Link>{' '}
                <ActionButton
                  action={restoreRecordAction}
                  fields={{ type: d.type, id: String(d.id), locale }}
                  label={t('history.restore')}
                />
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="activity-h">
        <h2 id="activity-h">{t('dashboard.activity')}</h2>
        <ul className="plain-list">
          {activity.map((a) => (
            <li key={a.id}>
              <time dateTime={a.createdAt}>{formatTimestamp(a.createdAt, locale)}</time> —{' '}
              {vocabLabel('revisionAction', a.action, locale)} {t(`types.${a.entityType}`)}{' '}
              <Link href={`/admin/history/${a.entityType}/${a.entityId}`}>
                <bdi>
                  {recordLabel(a.entityType as RecordType, (a.after ?? a.before) as Record<string, unknown>) ||
                    `#${a.entityId}`}
                </bdi>
              </Link>{' '}
              <span className="muted">({a.userName ?? a.agent})</span>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

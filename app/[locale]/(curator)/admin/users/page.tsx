import type { Metadata } from 'next';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { getDb } from '@/db';
import { listUsers } from '@/db/queries/users';
import { accountThrottles, type AccountThrottle } from '@/db/queries/login-throttle';
import { requireRole } from '@/lib/auth';
import { config } from '@/lib/config';
import { countLiveSessionsByUser } from '@/db/queries/sessions';
import { sessionLimits } from '@/lib/auth/sessions';
import { formatTimestamp } from '@/lib/i18n-format';
import { throttlePolicy } from '@/lib/sign-in-throttle';
import { userRoles, vocabLabel } from '@/lib/vocab';
import { NewUserForm, PasswordResetForm, RoleForm } from '@/components/curator/user-forms';
import { ActionButton } from '@/components/curator/action-button';
import { endUserSessionsAction, setUserDisabledAction } from '../../_actions/users';

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  return { title: (await getTranslations({ locale, namespace: 'curator.users' }))('title') };
}

/** Administrators manage curators: add, change roles, disable, sign out everywhere, reset passwords. */
export default async function UsersPage({ params }: Props) {
  const { locale } = await params;
  const admin = await requireRole('admin', { locale, returnTo: `${locale === 'ar' ? '/ar' : ''}/admin/users` });
  setRequestLocale(locale);
  const t = await getTranslations('curator.users');
  const users = listUsers(getDb());
  // Failed sign-ins still remembered, per account: they slow down only the addresses that made them.
  const throttles = accountThrottles(getDb(), new Date(), throttlePolicy(config()));
  const open = countLiveSessionsByUser(getDb(), sessionLimits().idleMs);
  const roles = userRoles.codes.map((c) => ({ value: c, label: vocabLabel('userRole', c, locale) }));
  return (
    <>
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      <ul className="user-list">
        {users.map((u) => (
          <li key={u.id} className="card user-card">
            <h2>
              <bdi>{u.name}</bdi>{' '}
              <span className="muted" dir="ltr">
                &lt;{u.email}&gt;
              </span>
            </h2>
            <p>
              {vocabLabel('userRole', u.role, locale)}
              {u.disabledAt ? (
                <>
                  {' '}
                  ·{' '}
                  <strong className="danger-note">
                    {t('disabledSince', { date: formatTimestamp(u.disabledAt, locale) })}
                  </strong>
                </>
              ) : null}
              {u.id === admin.id && <> · {t('you')}</>} · {t('openSessions', { count: open.get(u.id) ?? 0 })}
            </p>
            <ThrottleNote throttle={throttles.get(u.email.toLowerCase())} locale={locale} t={t} />
            <RoleForm id={u.id} role={u.role} roles={roles} locale={locale} name={u.name} />
            <ActionButton
              action={setUserDisabledAction}
              fields={{ id: String(u.id), disabled: u.disabledAt ? '0' : '1', locale }}
              label={u.disabledAt ? t('enable', { name: u.name }) : t('disable', { name: u.name })}
              className={u.disabledAt ? undefined : 'danger'}
            />
            <ActionButton
              action={endUserSessionsAction}
              fields={{ id: String(u.id), locale }}
              label={t('endSessions', { name: u.name })}
            />
            <PasswordResetForm id={u.id} name={u.name} />
          </li>
        ))}
      </ul>
      <section aria-labelledby="new-user">
        <h2 id="new-user">{t('add')}</h2>
        <NewUserForm roles={roles} />
      </section>
    </>
  );
}

function ThrottleNote({
  throttle,
  locale,
  t,
}: {
  throttle: AccountThrottle | undefined;
  locale: string;
  t: Awaited<ReturnType<typeof getTranslations<'curator.users'>>>;
}) {
  if (!throttle) return null;
  return (
    <p className="throttle-note">
      <strong className={throttle.waitingUntil ? 'danger-note' : undefined}>
        {t('failedSignIns', {
          failures: throttle.failures,
          addresses: throttle.addresses,
          since: formatTimestamp(throttle.since, locale),
        })}
      </strong>
      {throttle.waitingUntil ? (
        <> {t('slowedUntil', { until: formatTimestamp(throttle.waitingUntil, locale) })}</>
      ) : null}
    </p>
  );
}

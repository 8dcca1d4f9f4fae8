import { useTranslations } from 'next-intl';
import { Link } from '@/i18n/navigation';

/** Shown with status 403 when a signed-in curator opens a page their role does not allow (lib/auth/guard.ts). */
export default function Forbidden() {
  const t = useTranslations('auth.forbidden');
  return (
    <div className="not-found">
      <h1>{t('title')}</h1>
      <p>{t('body')}</p>
      <p>
        <Link href="/admin">{t('back')}</Link>
      </p>
    </div>
  );
}

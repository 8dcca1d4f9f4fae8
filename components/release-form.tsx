'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { cutReleaseAction, type ReleaseFormState } from '@/app/[locale]/_actions/releases';

const initial: ReleaseFormState = { status: 'idle', submission: 0 };

/** The editors' form on /export that cuts a dated release (the action checks the role on the server). */
export function ReleaseForm({ locale }: { locale: string }) {
  const t = useTranslations('export.releases.cut');
  const [state, action, pending] = useActionState(cutReleaseAction, initial);
  const prefix = locale === 'ar' ? '/ar' : '';
  return (
    <details className="release-cut" open={state.status !== 'idle'}>
      <summary>{t('summary')}</summary>
      <form action={action}>
        <input type="hidden" name="locale" value={locale} />
        <label htmlFor="release-version">{t('version')}</label>
        <input
          id="release-version"
          name="version"
          dir="ltr"
          required
          maxLength={40}
          defaultValue={state.status === 'refused' ? state.version : ''}
          aria-describedby="release-version-hint"
          aria-invalid={state.status === 'refused' || undefined}
        />
        <p id="release-version-hint" className="hint">
          {t('hint')}
        </p>
        <button type="submit" disabled={pending}>
          {t('submit')}
        </button>
      </form>
      <div role="status" aria-live="polite">
        {state.status === 'cut' && (
          <p>
            {t('done', { version: state.version!, sha256: state.sha256! })}{' '}
            <a href={`/export/releases/${state.version}/dataset.zip`}>{t('download', { version: state.version! })}</a>
            {' · '}
            <a href={`${prefix}/export/releases`}>{state.version}</a>
          </p>
        )}
      </div>
      {state.status === 'refused' && (
        <p role="alert" className="error">
          {t(`refused.${state.code ?? 'invalid'}`, { version: state.version ?? '' })}
        </p>
      )}
    </details>
  );
}

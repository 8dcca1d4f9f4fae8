'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { initialFormState } from '@/lib/forms';
import { createUserAction, resetPasswordAction, updateUserRoleAction } from '@/app/[locale]/(curator)/_actions/users';
import {
  FormStateProvider,
  FormSummary,
  SelectField,
  SubmitButton,
  TextField,
  fieldId,
  useErrorText,
} from './form-kit';
import { useFieldLabels } from './labels';

function Result({ status, message }: { status: string; message?: string }) {
  const tm = useTranslations('curator.messages');
  const text = message ? (tm.has(message) ? tm(message) : tm('error')) : '';
  return (
    <span role="status" className={status === 'saved' ? 'ok-note' : 'field-error'}>
      {status === 'idle' || status === 'invalid' ? '' : text}
    </span>
  );
}

export function RoleForm({
  id,
  role,
  roles,
  locale,
  name,
}: {
  id: number;
  role: string;
  roles: { value: string; label: string }[];
  locale: string;
  name: string;
}) {
  const [state, action] = useActionState(updateUserRoleAction, initialFormState({ role }));
  const t = useTranslations('curator.users');
  const fid = fieldId(`role-${id}`);
  return (
    <form action={action} className="inline-form" key={state.submission}>
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="locale" value={locale} />
      <label htmlFor={fid}>{t('roleOf', { name })}</label>
      <select id={fid} name="role" defaultValue={state.values.role ?? role}>
        {roles.map((r) => (
          <option key={r.value} value={r.value}>
            {r.label}
          </option>
        ))}
      </select>
      <SubmitButton>{t('changeRole')}</SubmitButton>
      <Result status={state.status} message={state.message} />
    </form>
  );
}

export function PasswordResetForm({ id, name }: { id: number; name: string }) {
  const [state, action] = useActionState(resetPasswordAction, initialFormState());
  const t = useTranslations('curator.users');
  const errorText = useErrorText();
  const fid = fieldId(`password-${id}`);
  const errors = state.fieldErrors.password ?? [];
  return (
    <form action={action} className="inline-form" key={state.submission}>
      <input type="hidden" name="id" value={id} />
      <label htmlFor={fid}>{t('newPasswordFor', { name })}</label>
      <input
        id={fid}
        name="password"
        type="password"
        autoComplete="new-password"
        dir="ltr"
        aria-describedby={`${fid}-error`}
        aria-invalid={errors.length ? true : undefined}
      />
      <SubmitButton>{t('resetPassword')}</SubmitButton>
      <span className="field-error" id={`${fid}-error`} aria-live="polite">
        {errors.map(errorText).join(' ')}
      </span>
      <Result status={state.status} message={state.message} />
    </form>
  );
}

export function NewUserForm({ roles }: { roles: { value: string; label: string }[] }) {
  const [state, action] = useActionState(createUserAction, initialFormState({ role: 'contributor' }));
  const t = useTranslations('curator');
  const labels = useFieldLabels();
  return (
    <FormStateProvider value={state}>
      <form action={action} key={state.submission} noValidate className="record-form">
        <FormSummary labels={labels} />
        {state.status === 'saved' && (
          <p className="ok-note" role="status">
            {t('messages.userCreated')}
          </p>
        )}
        <TextField name="email" label={labels.email!} type="email" required dir="ltr" />
        <TextField name="name" label={labels.personName!} required />
        <SelectField name="role" label={labels.role!} options={roles} required />
        <TextField
          name="password"
          label={labels.password!}
          type="password"
          required
          autoComplete="new-password"
          hint={t('hints.password')}
          dir="ltr"
        />
        <SubmitButton>{t('users.add')}</SubmitButton>
      </form>
    </FormStateProvider>
  );
}

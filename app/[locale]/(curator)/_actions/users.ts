'use server';

import { getDb, transaction } from '@/db';
import {
  getUserByEmail,
  getUserById,
  insertUser,
  setUserDisabled,
  setUserPassword,
  updateUserRole,
  type UserChangeResult,
} from '@/db/queries/users';
import { redirect } from 'next/navigation';
import { requireRole } from '@/lib/auth';
import { endUserSessions } from '@/lib/auth/sessions';
import { hashPassword, PasswordInput } from '@/lib/auth/passwords';
import { answer, formValues, issuesToFieldErrors, parseId, type FormState } from '@/lib/forms';
import { EndUserSessionsInput, parseUserForm, RoleInput } from '@/lib/inputs/user';
import { refreshCuratorPages } from '../_lib/server';

const password = (formData: FormData) => String(formData.get('password') ?? '');

function changed(result: UserChangeResult, values: Record<string, string>, message: string): FormState {
  if (!result.ok) return answer('error', values, { message: result.reason });
  refreshCuratorPages();
  return answer('saved', values, { message });
}

/** Adds a curator (admins). The password is hashed with argon2id and never sent back in the form state. */
export async function createUserAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireRole('admin');
  const values = formValues(formData);
  const parsed = parseUserForm(values, password(formData));
  if (!parsed.ok) return answer('invalid', values, { fieldErrors: parsed.fieldErrors });
  if (getUserByEmail(getDb(), parsed.data.email))
    return answer('invalid', values, { fieldErrors: { email: ['emailTaken'] } });
  const passwordHash = await hashPassword(parsed.data.password);
  try {
    transaction((tx) =>
      insertUser(
        tx,
        { email: parsed.data.email, name: parsed.data.name, role: parsed.data.role, passwordHash },
        { userId: admin.id },
      ),
    );
  } catch (error) {
    if (/UNIQUE/.test((error as Error).message))
      return answer('invalid', values, { fieldErrors: { email: ['emailTaken'] } });
    throw error;
  }
  refreshCuratorPages();
  return answer('saved', {}, { message: 'userCreated' });
}

/** Changes a user's role (admins); their current sessions end, so the new role applies from their next sign-in. */
export async function updateUserRoleAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireRole('admin');
  const values = formValues(formData);
  const id = parseId(values.id);
  const role = RoleInput.safeParse(values.role ?? '');
  if (!id) return answer('error', values, { message: 'invalidRequest' });
  if (!role.success) return answer('invalid', values, { fieldErrors: { role: ['invalidChoice'] } });
  return changed(
    transaction((tx) => updateUserRole(tx, id, role.data, { userId: admin.id })),
    values,
    'roleChanged',
  );
}

/** Disables (signs out at once, refuses sign-in) or re-enables a user (admins). */
export async function setUserDisabledAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireRole('admin');
  const values = formValues(formData);
  const id = parseId(values.id);
  if (!id) return answer('error', values, { message: 'invalidRequest' });
  const disable = values.disabled === '1';
  return changed(
    transaction((tx) => setUserDisabled(tx, id, disable, { userId: admin.id })),
    values,
    disable ? 'userDisabled' : 'userEnabled',
  );
}

/** Sets a new password for a user (admins); the user's existing sessions end. */
export async function resetPasswordAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireRole('admin');
  const values = formValues(formData);
  const id = parseId(values.id);
  if (!id) return answer('error', values, { message: 'invalidRequest' });
  const parsed = PasswordInput.safeParse(password(formData));
  if (!parsed.success)
    return answer('invalid', values, {
      fieldErrors: issuesToFieldErrors(parsed.error.issues.map((i) => ({ ...i, path: ['password'] }))),
    });
  const passwordHash = await hashPassword(parsed.data);
  return changed(
    transaction((tx) => setUserPassword(tx, id, passwordHash, { userId: admin.id })),
    values,
    'passwordReset',
  );
}

/**
 * Signs a user out everywhere (admins): every session of theirs ends on its next request; their account, role and
 * password stay as they are. An administrator who does it to themselves is sent to the sign-in page.
 */
export async function endUserSessionsAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireRole('admin');
  const values = formValues(formData);
  const parsed = EndUserSessionsInput.safeParse(values);
  if (!parsed.success) return answer('error', values, { message: 'invalidRequest' });
  if (!getUserById(getDb(), parsed.data.id)) return answer('error', values, { message: 'notFound' });
  endUserSessions(parsed.data.id);
  if (parsed.data.id === admin.id) redirect(`${parsed.data.locale === 'ar' ? '/ar' : ''}/login?ended=1`);
  refreshCuratorPages();
  return answer('saved', values, { message: 'sessionsEnded' });
}

import { z } from 'zod';
import { userRoles } from '../vocab';
import { issuesToFieldErrors, type Parsed } from '../forms';
import { PasswordInput } from './password';
import { choice, requiredText } from './fields';

export const UserInput = z.object({
  email: requiredText(320).toLowerCase().pipe(z.email('invalidEmail')),
  name: requiredText(200),
  role: choice(userRoles.codes),
  password: PasswordInput,
});
export type UserData = z.infer<typeof UserInput>;

export const RoleInput = choice(userRoles.codes);

/** Reads a form that includes a password; the password is read from the FormData itself, never from echoed values. */
export function parseUserForm(values: Record<string, string>, password: string): Parsed<UserData> {
  const parsed = UserInput.safeParse({
    email: values.email ?? '',
    name: values.name ?? '',
    role: values.role ?? '',
    password,
  });
  return parsed.success
    ? { ok: true, data: parsed.data }
    : { ok: false, fieldErrors: issuesToFieldErrors(parsed.error.issues) };
}

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

/** "Sign out everywhere" on one's own sessions: the page's language, so the sign-in page that follows is in it. */
export const EndOwnSessionsInput = z.object({ locale: z.enum(['en', 'ar']).default('en') });

/** An administrator ending every session of a user: which user, from the users page. */
export const EndUserSessionsInput = z.object({
  id: z
    .string()
    .trim()
    .regex(/^\d{1,12}$/)
    .transform(Number)
    .pipe(z.number().int().min(1)),
  locale: z.enum(['en', 'ar']).default('en'),
});

'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { requireRole } from '@/lib/auth';
import { sessionCookieName } from '@/lib/auth/options';
import { endUserSessions } from '@/lib/auth/sessions';
import { answer, formValues, type FormState } from '@/lib/forms';
import { EndOwnSessionsInput } from '@/lib/inputs/user';

/**
 * "Sign out everywhere": ends every session of the signed-in curator, in every browser and on every device,
 * this one included (a lost laptop, a shared computer), then shows the sign-in page.
 */
export async function endOwnSessionsAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const user = await requireRole('contributor');
  const values = formValues(formData);
  const parsed = EndOwnSessionsInput.safeParse(values);
  if (!parsed.success) return answer('error', values, { message: 'invalidRequest' });
  endUserSessions(user.id);
  const jar = await cookies();
  const name = sessionCookieName();
  for (const c of jar.getAll()) if (c.name === name || c.name.startsWith(`${name}.`)) jar.delete(c.name);
  redirect(`${parsed.data.locale === 'ar' ? '/ar' : ''}/login?ended=1`);
}

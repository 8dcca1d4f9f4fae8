/**
 * On first start, ADMIN_EMAIL and ADMIN_PASSWORD create the first administrator if the database has no user yet.
 * Afterwards they are ignored (manage users on /admin/users or with `npm run user:add`).
 */
import { transaction } from '../db/index';
import { countUsers, insertUser } from '../db/queries/users';
import { config } from '../lib/config';
import { hashPasswordSync } from '../lib/auth/passwords';
import { UserInput } from '../lib/inputs/user';

export function ensureFirstAdmin(): { created: boolean; email?: string; hint?: string } {
  const { ADMIN_EMAIL, ADMIN_PASSWORD } = config();
  return transaction((db) => {
    if (countUsers(db) > 0) return { created: false };
    if (!ADMIN_EMAIL) {
      return {
        created: false,
        hint: 'No curator account exists yet: set ADMIN_EMAIL and ADMIN_PASSWORD and start again, or run `npm run user:add -- --email … --name … --role admin`.',
      };
    }
    const parsed = UserInput.safeParse({
      email: ADMIN_EMAIL,
      name: 'Administrator',
      role: 'admin',
      password: ADMIN_PASSWORD ?? '',
    });
    if (!parsed.success) {
      // Name the problem, never the value (it may be the password).
      const fields = [
        ...new Set(
          parsed.error.issues.map((i) =>
            i.path[0] === 'password'
              ? `ADMIN_PASSWORD (${i.message === 'passwordTooShort' ? 'at least 12 characters' : i.message})`
              : 'ADMIN_EMAIL',
          ),
        ),
      ];
      throw new Error(`Cannot create the first administrator: check ${fields.join(' and ')}.`);
    }
    insertUser(
      db,
      {
        email: parsed.data.email,
        name: parsed.data.name,
        role: 'admin',
        passwordHash: hashPasswordSync(parsed.data.password),
      },
      { agent: 'first-start' },
    );
    return { created: true, email: parsed.data.email };
  });
}

import { transaction, type Db } from '@/db';
import { insertUser } from '@/db/queries/users';
import { hashPassword } from '@/lib/auth/passwords';
import type { UserRole } from '@/lib/vocab';

/** Test curators, one per role (and a second contributor), with real argon2id hashes. */
export const CURATORS = {
  admin: { email: 'admin@registry.test', name: 'Ada Admin', role: 'admin', password: 'admin-password-0001' },
  editor: { email: 'editor@registry.test', name: 'Eli Editor', role: 'editor', password: 'editor-password-0001' },
  contributor: {
    email: 'contrib@registry.test',
    name: 'Cai Contributor',
    role: 'contributor',
    password: 'contrib-password-0001',
  },
  contributor2: {
    email: 'contrib2@registry.test',
    name: 'Dana Contributor',
    role: 'contributor',
    password: 'contrib2-password-0001',
  },
} as const satisfies Record<string, { email: string; name: string; role: UserRole; password: string }>;

const hashes = new Map<string, Promise<string>>();

export async function createCurators(): Promise<Record<keyof typeof CURATORS, number>> {
  const entries = await Promise.all(
    Object.entries(CURATORS).map(async ([key, c]) => {
      if (!hashes.has(c.password)) hashes.set(c.password, hashPassword(c.password));
      return [key, c, await hashes.get(c.password)!] as const;
    }),
  );
  return transaction((db: Db) =>
    Object.fromEntries(
      entries.map(([key, c, passwordHash]) => [
        key,
        insertUser(db, { email: c.email, name: c.name, role: c.role, passwordHash }, { agent: 'test' }).id,
      ]),
    ),
  ) as Record<keyof typeof CURATORS, number>;
}

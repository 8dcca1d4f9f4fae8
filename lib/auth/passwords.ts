import { hash, hashSync, verify } from '@node-rs/argon2';

/**
 * argon2id (the library's default algorithm; its enum is a `const enum` that isolatedModules cannot import) with
 * OWASP's minimum parameters, 19 MiB and 2 passes. Hashing runs off the main thread. Hashes start with `$argon2id$`.
 */
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export { MIN_PASSWORD_LENGTH, PasswordInput } from '../inputs/password';

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** For command-line scripts that run once (first admin at start-up); servers use the asynchronous `hashPassword`. */
export function hashPasswordSync(password: string): string {
  return hashSync(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // malformed hash: treat as a wrong password, never as a crash that reveals the account exists
  }
}

let dummy: Promise<string> | undefined;
/** Spends the same time as a real check when the account does not exist, so timing does not reveal which emails exist. */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummy ??= hashPassword('dummy password for unknown accounts');
  await verifyPassword(await dummy, password);
  return false;
}

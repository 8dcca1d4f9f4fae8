import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { config } from '../config';
import { databasePath } from '../../db/index';

/** Where `npm start` keeps a generated secret when none is configured: the data folder, next to the database. */
export function localSecretFile(): string {
  const db = databasePath();
  return path.join(db === ':memory:' ? path.resolve('data') : path.dirname(db), 'auth-secret');
}

/**
 * Reads the local secret file, creating it (random, owner-only) if missing. Returns whether it was created,
 * so the caller can say so once.
 */
export function loadOrCreateLocalSecret(): { secret: string; file: string; created: boolean } {
  const file = localSecretFile();
  try {
    const secret = fs.readFileSync(file, 'utf8').trim();
    if (secret.length >= 32) return { secret, file, created: false };
  } catch {
    /* not there yet */
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const secret = crypto.randomBytes(48).toString('base64url');
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return { secret, file, created: true };
}

/**
 * The secret that signs and encrypts session cookies. AUTH_SECRET (or NEXTAUTH_SECRET) is required in production;
 * `npm start` sets it from the local secret file when neither is given. In development and tests the local file is used.
 */
export function authSecret(): string {
  const c = config();
  const configured = c.AUTH_SECRET ?? c.NEXTAUTH_SECRET;
  if (configured) return configured;
  if (c.NODE_ENV === 'production') {
    throw new Error(
      'AUTH_SECRET is required in production: set it to a random string of 32+ characters (`openssl rand -base64 32`), or start with `npm start`, which creates one in the data folder.',
    );
  }
  return loadOrCreateLocalSecret().secret;
}

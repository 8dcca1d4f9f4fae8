/**
 * Files checked on /admin/import wait here for their commit: the dry run stores the uploaded bytes under a random
 * token (in the data folder, next to the database), the commit names the token and the file's SHA-256, and reads
 * exactly the bytes that were checked. An upload belongs to the curator who made it and expires after
 * IMPORT_UPLOAD_TTL_MINUTES; expired uploads are removed whenever another is stored.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { currentDatabaseFile } from '../../db/index';
import { config } from '../config';
import type { ImportSettings } from './plan';

export interface UploadMeta {
  userId: number;
  settings: ImportSettings;
  sha256: string;
  storedAt: number;
}

function folder(): string {
  const db = currentDatabaseFile();
  const dir =
    db === ':memory:'
      ? path.join(os.tmpdir(), 'registry-import-uploads')
      : path.join(path.dirname(db), 'import-uploads');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

const TOKEN = /^[a-f0-9]{48}$/;
const ttlMs = () => config().IMPORT_UPLOAD_TTL_MINUTES * 60_000;

/** Removes uploads older than the time to live. */
export function purgeExpiredUploads(now = Date.now()): void {
  const dir = folder();
  for (const name of fs.readdirSync(dir)) {
    if (!name.endsWith('.json')) continue;
    const token = name.slice(0, -5);
    try {
      const meta = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as UploadMeta;
      if (now - meta.storedAt > ttlMs()) deleteUpload(token);
    } catch {
      deleteUpload(token);
    }
  }
}

export function storeUpload(
  bytes: Uint8Array,
  userId: number,
  settings: ImportSettings,
): { token: string; sha256: string } {
  purgeExpiredUploads();
  const dir = folder();
  const token = crypto.randomBytes(24).toString('hex');
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  fs.writeFileSync(path.join(dir, `${token}.csv`), bytes, { mode: 0o600 });
  const meta: UploadMeta = { userId, settings, sha256, storedAt: Date.now() };
  fs.writeFileSync(path.join(dir, `${token}.json`), JSON.stringify(meta), { mode: 0o600 });
  return { token, sha256 };
}

/** The stored upload, if it exists, belongs to `userId`, has not expired and still has the checked content. */
export function loadUpload(token: string, userId: number, sha256: string): { bytes: Buffer; meta: UploadMeta } | null {
  if (!TOKEN.test(token)) return null;
  const dir = folder();
  try {
    const meta = JSON.parse(fs.readFileSync(path.join(dir, `${token}.json`), 'utf8')) as UploadMeta;
    if (meta.userId !== userId || meta.sha256 !== sha256 || Date.now() - meta.storedAt > ttlMs()) return null;
    const bytes = fs.readFileSync(path.join(dir, `${token}.csv`));
    if (crypto.createHash('sha256').update(bytes).digest('hex') !== sha256) return null;
    return { bytes, meta };
  } catch {
    return null;
  }
}

export function deleteUpload(token: string): void {
  if (!TOKEN.test(token)) return;
  const dir = folder();
  // The file name is computed, so the bundler cannot know it: told not to trace the whole project for it.
  for (const ext of ['.csv', '.json'])
    fs.rmSync(path.join(/*turbopackIgnore: true*/ dir, `${token}${ext}`), { force: true });
}

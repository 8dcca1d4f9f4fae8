/**
 * Files for /admin/import wait here (in the data folder, next to the database, so that any worker finds them) under
 * a random token: streamed in by the upload route (receiveUpload: written to disk as it arrives, with its size
 * capped and its SHA-256 computed on the way), or kept by a dry run of a file sent with the form (storeUpload). The
 * dry run and the commit name the token and the SHA-256 and read exactly the bytes that were sent. An upload
 * belongs to the curator who made it and expires after IMPORT_UPLOAD_TTL_MINUTES; expired uploads are removed
 * whenever another is stored.
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
  /** Set by the dry run that kept the file for a commit; absent on a file uploaded but not yet checked. */
  settings?: ImportSettings;
  sha256: string;
  storedAt: number;
  fileName?: string;
  bytes?: number;
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

/** Removes uploads older than the time to live, and files of uploads that never finished. */
export function purgeExpiredUploads(now = Date.now()): void {
  const dir = folder();
  for (const name of fs.readdirSync(dir)) {
    if (name.endsWith('.part')) {
      const file = path.join(/*turbopackIgnore: true*/ dir, name);
      try {
        if (now - fs.statSync(file).mtimeMs > ttlMs()) fs.rmSync(file, { force: true });
      } catch {
        /* removed meanwhile */
      }
      continue;
    }
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

export type ReceivedUpload =
  | { ok: true; token: string; sha256: string; bytes: number; fileName: string }
  | { ok: false; reason: 'empty' | 'tooLarge' };

/**
 * Streams a request body to the upload folder: never more than `maxBytes` on disk and one piece at a time in memory
 * (a larger body stops being read at the limit, and its part is removed), the SHA-256 computed as the bytes pass.
 * The body is left as it is when it is not read to its end: the server closes that connection after the answer.
 * The file appears under its token only once it is complete.
 */
export async function receiveUpload(
  body: ReadableStream<Uint8Array>,
  userId: number,
  fileName: string,
  maxBytes: number,
): Promise<ReceivedUpload> {
  purgeExpiredUploads();
  const dir = folder();
  const token = crypto.randomBytes(24).toString('hex');
  const part = path.join(/*turbopackIgnore: true*/ dir, `${token}.part`);
  const hash = crypto.createHash('sha256');
  const out = fs.createWriteStream(part, { mode: 0o600, flags: 'wx' });
  let failure: unknown = null;
  out.on('error', (error) => (failure ??= error));
  const reader = body.getReader();
  let bytes = 0;
  let tooLarge = false;
  try {
    for (;;) {
      if (failure) throw failure;
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      if (bytes > maxBytes) {
        tooLarge = true;
        break;
      }
      hash.update(value);
      if (!out.write(value))
        await new Promise<void>((resolve) => {
          out.once('drain', resolve);
          out.once('error', () => resolve());
        });
    }
  } catch (error) {
    failure ??= error;
  } finally {
    reader.releaseLock();
    await new Promise<void>((resolve) => out.end(() => resolve()));
  }
  if (failure || tooLarge || bytes === 0) {
    fs.rmSync(part, { force: true });
    if (failure) throw failure;
    return { ok: false, reason: tooLarge ? 'tooLarge' : 'empty' };
  }
  const sha256 = hash.digest('hex');
  const meta: UploadMeta = { userId, sha256, storedAt: Date.now(), fileName, bytes };
  fs.writeFileSync(path.join(dir, `${token}.json`), JSON.stringify(meta), { mode: 0o600 });
  fs.renameSync(part, path.join(/*turbopackIgnore: true*/ dir, `${token}.csv`));
  return { ok: true, token, sha256, bytes, fileName };
}

/** Keeps a checked upload for its commit, with the choices it was checked with. */
export function keepForCommit(token: string, meta: UploadMeta, settings: ImportSettings): void {
  if (!TOKEN.test(token)) return;
  const next: UploadMeta = { ...meta, settings };
  fs.writeFileSync(path.join(/*turbopackIgnore: true*/ folder(), `${token}.json`), JSON.stringify(next), {
    mode: 0o600,
  });
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

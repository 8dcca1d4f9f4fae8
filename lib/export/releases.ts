/**
 * Dated releases (`npm run release -- --version 2026.12`, the editors' button on /export): the published dataset as
 * it stands, frozen as the bytes of its dataset.zip with their SHA-256, and served unchanged for ever at
 * /export/releases/{version}/dataset.zip. Also the `as_of` rebuild of any past moment from the revision history.
 */
import crypto from 'node:crypto';
import { z } from 'zod';
import { currentDatabaseFile, getDb, openDatabase, transaction } from '../../db/index';
import { openExportSnapshot, type ExportSnapshot } from '../../db/queries/export';
import { openHistoricalSnapshot } from '../../db/queries/history';
import { getRelease, insertRelease, releaseAt, releaseZip, type ReleaseInfo } from '../../db/queries/releases';
import type { Actor } from '../../db/queries/revisions';
import { emptyFilters } from '../filters';
import { exportChunks, findExportFile, type ExportContext } from './files';

/** "2026.12", "2027.1-rc1": letters, digits, dots and hyphens, starting with a letter or digit (it is a URL segment). */
export const releaseVersion = z
  .string()
  .trim()
  .min(1, 'A release needs a version, such as 2026.12.')
  .max(40, 'A release version has at most 40 characters.')
  .regex(
    /^[0-9A-Za-z][0-9A-Za-z.-]*$/,
    'A release version may hold only letters, digits, dots and hyphens, and starts with a letter or digit (such as 2026.12).',
  );

export type CutResult =
  | { ok: true; release: ReleaseInfo }
  /** `taken`: the version exists; `invalid`: not a version (the message says why, in English for the command line). */
  | { ok: false; code: 'taken' | 'invalid'; message: string };

export interface CutOptions {
  version: string;
  actor: Actor;
  baseUrl: string;
  licence: string;
  licenceUrl: string;
}

const full = { filters: emptyFilters, bom: false, includeDrafts: false };

/** The bytes of dataset.zip from a snapshot, all at once (a release is stored whole). */
function zipBytes(ctx: ExportContext): Buffer {
  const parts: Buffer[] = [];
  for (const chunk of exportChunks(findExportFile('dataset.zip')!, ctx))
    parts.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
  return Buffer.concat(parts);
}

/**
 * Opens the export snapshot a release freezes, and its moment. The write lock is held while the snapshot starts and
 * until the clock has moved past that moment: every change the snapshot sees was stamped at or before it, every
 * later change after it, so `as_of` at the release's moment selects exactly the same revisions.
 */
function freeze(file: string): { snapshot: ExportSnapshot; at: Date } {
  const lock = openDatabase(file);
  try {
    lock.$client.exec('BEGIN IMMEDIATE');
    const snapshot = openExportSnapshot(file);
    const at = new Date();
    while (Date.now() <= at.getTime() + 1) {
      // a millisecond or two: a change made right after the lock opens must not carry the release's own time
    }
    lock.$client.exec('ROLLBACK');
    return { snapshot, at };
  } finally {
    lock.$client.close();
  }
}

/** Cuts a release: refused (with the reason) for an invalid or taken version; nothing is stored then. */
export function cutRelease(options: CutOptions): CutResult {
  const parsed = releaseVersion.safeParse(options.version);
  if (!parsed.success) return { ok: false, code: 'invalid', message: parsed.error.issues[0]!.message };
  const version = parsed.data;
  const taken = () => ({
    ok: false as const,
    code: 'taken' as const,
    message: `A release ${version} exists already; releases never change. Choose another version.`,
  });
  if (getRelease(getDb(), version)) return taken();
  const { snapshot, at } = freeze(currentDatabaseFile());
  let zip: Buffer;
  try {
    zip = zipBytes({
      snapshot,
      params: full,
      baseUrl: options.baseUrl,
      licence: options.licence,
      licenceUrl: options.licenceUrl,
      now: at,
      release: { version },
    });
  } finally {
    snapshot.close();
  }
  const record = {
    version,
    asOf: at.toISOString(),
    datasetVersion: snapshot.datasetVersion,
    licence: options.licence,
    licenceUrl: options.licenceUrl,
    baseUrl: options.baseUrl,
    sha256: crypto.createHash('sha256').update(zip).digest('hex'),
    bytes: zip.length,
    zip,
    createdBy: options.actor.userId ?? null,
    agent: options.actor.agent ?? null,
  };
  const stored = transaction((tx) => insertRelease(tx, record));
  if (!stored) return taken();
  const { zip: _zip, ...release } = record;
  return { ok: true, release: { id: getRelease(getDb(), version)!.id, ...release } };
}

/**
 * `as_of`: an ISO 8601 date-time with a time zone (or a date, meaning its midnight UTC), not in the future. Answers the
 * instant in the form revisions store their time ("2026-12-01T10:00:00.000Z"), or why it is refused.
 */
export function parseAsOf(value: string, now = new Date()): { ok: true; value: string } | { ok: false; error: string } {
  const v = value.trim();
  const iso =
    /^\d{4}-\d{2}-\d{2}$/.test(v) || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(v);
  const time = iso ? Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v) : NaN;
  if (!iso || Number.isNaN(time))
    return { ok: false, error: 'expected an ISO 8601 time with a time zone, such as 2026-12-01T10:00:00Z' };
  if (time > now.getTime()) return { ok: false, error: 'is in the future; the history goes up to now' };
  return { ok: true, value: new Date(time).toISOString() };
}

/**
 * What an `as_of` export reads: the dataset rebuilt at that moment, and (at a release's own moment) that release's
 * version, licence and address, so that the rebuild is the release byte for byte.
 */
export function openAsOf(asOf: string): { snapshot: ExportSnapshot; release?: ReleaseInfo } {
  return { snapshot: openHistoricalSnapshot(asOf), release: releaseAt(getDb(), asOf) };
}

/**
 * dataset.zip at exactly a release's moment: the release's own frozen bytes. The history rebuilds the same bytes
 * (tests/unit/releases.test.ts), but only for records written through the registry: a row written to the database by
 * other means has no revision, and the frozen release is what was cited.
 */
export function releasedZipAt(asOf: string): { zip: Buffer; datasetVersion: string | null } | undefined {
  const release = releaseAt(getDb(), asOf);
  const zip = release && releaseZip(getDb(), release.version);
  return zip ? { zip, datasetVersion: release.datasetVersion } : undefined;
}

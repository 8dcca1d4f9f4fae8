/** Dated releases of the published dataset: their record, and the exact bytes of their dataset.zip. */
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../index';
import { releases, type Release } from '../schema';

export type ReleaseInfo = Omit<Release, 'zip'>;

const info = {
  id: releases.id,
  version: releases.version,
  asOf: releases.asOf,
  datasetVersion: releases.datasetVersion,
  licence: releases.licence,
  licenceUrl: releases.licenceUrl,
  baseUrl: releases.baseUrl,
  sha256: releases.sha256,
  bytes: releases.bytes,
  createdBy: releases.createdBy,
  agent: releases.agent,
};

/** Newest first. */
export function listReleases(db: Db): ReleaseInfo[] {
  return db.select(info).from(releases).orderBy(desc(releases.asOf)).all();
}

export function latestRelease(db: Db): ReleaseInfo | undefined {
  return db.select(info).from(releases).orderBy(desc(releases.asOf)).limit(1).get();
}

export function getRelease(db: Db, version: string): ReleaseInfo | undefined {
  return db.select(info).from(releases).where(eq(releases.version, version)).get();
}

/** The release frozen at exactly this moment, if any (as_of at a release's time names that release). */
export function releaseAt(db: Db, asOf: string): ReleaseInfo | undefined {
  return db.select(info).from(releases).where(eq(releases.asOf, asOf)).get();
}

export function releaseZip(db: Db, version: string): Buffer | undefined {
  return db.select({ zip: releases.zip }).from(releases).where(eq(releases.version, version)).get()?.zip;
}

export type NewRelease = Omit<Release, 'id'>;

/** Stores a release; false if its version (or its moment) is taken. Call inside a write transaction. */
export function insertRelease(db: Db, release: NewRelease): boolean {
  if (getRelease(db, release.version) || releaseAt(db, release.asOf)) return false;
  db.insert(releases).values(release).run();
  return true;
}

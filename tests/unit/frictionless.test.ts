import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { unzipSync } from 'fflate';
import { freshDatabase } from '../setup/test-db';

vi.mock('next/headers', () => import('../setup/request-context'));
// The Frictionless project's reference JavaScript libraries (CommonJS, no types of their own).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Package } = require('datapackage') as {
  Package: {
    load(descriptor: string, options?: { basePath?: string; strict?: boolean }): Promise<FrictionlessPackage>;
  };
};
import { seedDatabase } from '@/db/seed';
import { resetConfig } from '@/lib/config';
import { cutRelease } from '@/lib/export/releases';
import { GET } from '@/app/export/[file]/route';
import { GET as releaseGET } from '@/app/export/releases/[version]/dataset.zip/route';

interface FrictionlessResource {
  name: string;
  read(options: { cast?: boolean; relations?: boolean; forceCast?: boolean }): Promise<unknown[][]>;
  checkRelations(): Promise<boolean>;
}
interface FrictionlessPackage {
  valid: boolean;
  errors: Error[];
  resources: FrictionlessResource[];
}

// The reference library checks `format: uri` with validator.js, which wants a domain with a top-level domain: a
// registry served as http://localhost writes addresses it refuses. A real public address, as in production.
const PUBLIC = 'https://heritage-registry.example.org';
let savedBaseUrl: string | undefined;
beforeEach(() => {
  savedBaseUrl = process.env.PUBLIC_BASE_URL;
  process.env.PUBLIC_BASE_URL = PUBLIC;
  resetConfig();
  freshDatabase();
  seedDatabase();
});
afterEach(() => {
  if (savedBaseUrl === undefined) delete process.env.PUBLIC_BASE_URL;
  else process.env.PUBLIC_BASE_URL = savedBaseUrl;
  resetConfig();
});

/** Unpacks a dataset.zip and runs the reference validator over it: descriptor, every row cast, every foreign key. */
async function validate(zip: Uint8Array): Promise<{ rows: Record<string, number>; errors: string[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frictionless-'));
  for (const [name, data] of Object.entries(unzipSync(zip))) fs.writeFileSync(path.join(dir, name), data);
  const pkg = await Package.load(path.join(dir, 'datapackage.json'), { basePath: dir, strict: false });
  const errors = pkg.errors.map((e) => `datapackage.json: ${e.message}`);
  const rows: Record<string, number> = {};
  for (const resource of pkg.resources) {
    try {
      // cast: every value to its declared type, with its constraints (required, enum, uniqueness of the primary key);
      // relations: every foreign key resolved in the referenced resource.
      rows[resource.name] = (await resource.read({ cast: true, relations: true })).length;
    } catch (error) {
      const e = error as Error & { errors?: Error[] };
      errors.push(`${resource.name}: ${e.message} ${(e.errors ?? []).map((x) => x.message).join('; ')}`);
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return { rows, errors };
}

describe('Frictionless validity (the reference datapackage and tableschema libraries)', () => {
  it('dataset.zip passes: descriptor, types, constraints and foreign keys', async () => {
    const res = await GET(new Request('http://localhost/export/dataset.zip'), {
      params: Promise.resolve({ file: 'dataset.zip' }),
    });
    const { rows, errors } = await validate(new Uint8Array(await res.arrayBuffer()));
    expect(errors).toEqual([]);
    expect(rows.reports).toBeGreaterThan(5);
    expect(rows.report_sources).toBeGreaterThan(5);
  });

  it('a release passes too', async () => {
    const result = cutRelease({
      version: '2026.12',
      actor: { agent: 'test' },
      baseUrl: PUBLIC,
      licence: 'CC BY 4.0',
      licenceUrl: 'https://creativecommons.org/licenses/by/4.0/',
    });
    expect(result.ok).toBe(true);
    const res = await releaseGET(new Request('http://localhost/export/releases/2026.12/dataset.zip'), {
      params: Promise.resolve({ version: '2026.12' }),
    });
    const { errors } = await validate(new Uint8Array(await res.arrayBuffer()));
    expect(errors).toEqual([]);
  });
});

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { freshDatabase } from '../setup/test-db';

vi.mock('next/headers', () => import('../setup/request-context'));
vi.mock('next/cache', () => import('../setup/request-context'));
vi.mock('next/server', () => import('../setup/request-context'));
import { outcome, form, resetRequest, signIn } from '../setup/request-context';
import { CURATORS, createCurators } from '../setup/curators';
import { cutReleaseAction } from '@/app/[locale]/_actions/releases';
import { unzipText } from '../support/export';
import { transaction, type Db } from '@/db';
import { seedDatabase } from '@/db/seed';
import { getSiteBySlug, updateSite } from '@/db/queries/sites';
import { listReleases } from '@/db/queries/releases';
import { cutRelease } from '@/lib/export/releases';
import { GET } from '@/app/export/[file]/route';
import { GET as releaseGET } from '@/app/export/releases/[version]/dataset.zip/route';
import { runReleaseCli } from '@/scripts/release';

const BASE = 'http://localhost:3000';
let db: Db;

const cut = (version: string) =>
  cutRelease({
    version,
    actor: { agent: 'test' },
    baseUrl: BASE,
    licence: 'CC BY 4.0',
    licenceUrl: 'https://creativecommons.org/licenses/by/4.0/',
  });

async function datasetZip(query = '') {
  const res = await GET(new Request(`http://localhost/export/dataset.zip${query ? `?${query}` : ''}`), {
    params: Promise.resolve({ file: 'dataset.zip' }),
  });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

async function releaseZip(version: string, headers: Record<string, string> = {}) {
  const res = await releaseGET(new Request(`http://localhost/export/releases/${version}/dataset.zip`, { headers }), {
    params: Promise.resolve({ version }),
  });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

function renameFirstSite(name: string) {
  transaction((tx) => {
    const site = getSiteBySlug(tx, 'palmyra')!;
    expect(updateSite(tx, site.id, site.version, { name }, { agent: 'test' }).ok).toBe(true);
  });
}

beforeEach(() => {
  db = freshDatabase();
  seedDatabase();
  resetRequest();
});

describe('dated releases', () => {
  it('freezes dataset.zip: the same bytes every time, with its SHA-256 as ETag, unchanged by later edits', async () => {
    const result = cut('2026.12');
    expect(result.ok).toBe(true);
    const first = await releaseZip('2026.12');
    expect(first.res.status).toBe(200);
    expect(first.res.headers.get('etag')).toBe(`"${result.ok && result.release.sha256}"`);
    expect(first.res.headers.get('cache-control')).toContain('immutable');
    const files = unzipText(first.bytes);
    expect(Object.keys(files)).toEqual([
      'datapackage.json',
      'sites.csv',
      'monuments.csv',
      'reports.csv',
      'sources.csv',
      'report_sources.csv',
      'evidence.csv',
      'CITATION.cff',
      'datacite.json',
    ]);
    expect(files['CITATION.cff']).toContain('version: "2026.12"');
    expect(JSON.parse(files['datacite.json']!).version).toBe('2026.12');
    expect(JSON.parse(files['datapackage.json']!).version).toBe('2026.12');

    renameFirstSite('Palmyra, renamed after the release');
    const live = unzipText((await datasetZip()).bytes);
    expect(live['sites.csv']).toContain('renamed after the release');
    const again = await releaseZip('2026.12');
    expect(again.bytes.equals(first.bytes)).toBe(true);
    expect(unzipText(again.bytes)['sites.csv']).not.toContain('renamed after the release');
    expect((await releaseZip('2026.12', { 'If-None-Match': first.res.headers.get('etag')! })).res.status).toBe(304);
  });

  it('as_of at a release’s moment rebuilds the release byte for byte from the history, even after later edits', async () => {
    const result = cut('2026.12');
    if (!result.ok) throw new Error(result.message);
    renameFirstSite('Palmyra, renamed after the release');
    const { res, bytes } = await datasetZip(`as_of=${encodeURIComponent(result.release.asOf)}`);
    expect(res.status).toBe(200);
    const stored = (await releaseZip('2026.12')).bytes;
    const rebuilt = unzipText(bytes);
    const frozen = unzipText(stored);
    for (const name of Object.keys(frozen)) expect(rebuilt[name], name).toBe(frozen[name]);
    expect(bytes.equals(stored)).toBe(true);
  });

  it('refuses a taken or malformed version with a clear message, and stores nothing', () => {
    expect(cut('2026.12').ok).toBe(true);
    expect(cut('2026.12')).toEqual({ ok: false, code: 'taken', message: expect.stringContaining('exists already') });
    expect(cut('../etc')).toEqual({
      ok: false,
      code: 'invalid',
      message: expect.stringContaining('letters, digits, dots and hyphens'),
    });
    expect(listReleases(db).map((r) => r.version)).toEqual(['2026.12']);
  });

  it('as_of that is not a time, or in the future, is a 400 naming as_of', async () => {
    for (const value of ['yesterday', '2999-01-01T00:00:00Z']) {
      const { res, bytes } = await datasetZip(`as_of=${value}`);
      expect(res.status).toBe(400);
      const body = JSON.parse(bytes.toString('utf8'));
      expect(JSON.stringify(body.error)).toContain('as_of');
    }
  });

  it('npm run release -- --help explains itself; a missing version is a usage error', () => {
    const help = runReleaseCli(['--help']);
    expect(help.status).toBe(0);
    expect(help.output.join('\n')).toContain('Usage: npm run release -- --version VERSION');
    expect(runReleaseCli([]).status).toBe(2);
  });

  it('the button on /export cuts a release for editors only: the action checks the role on the server', async () => {
    await createCurators();
    const cutBy = () =>
      outcome(() => cutReleaseAction({ status: 'idle', submission: 0 }, form({ version: '2027.1', locale: 'en' })));
    expect(await cutBy()).toMatchObject({ kind: 'redirect', to: expect.stringContaining('/login') });
    await signIn(CURATORS.contributor.email, CURATORS.contributor.password);
    expect(await cutBy()).toEqual({ kind: 'forbidden' });
    expect(listReleases(db)).toEqual([]);
    await signIn(CURATORS.editor.email, CURATORS.editor.password);
    expect(await cutBy()).toMatchObject({ kind: 'state', state: { status: 'cut', version: '2027.1' } });
    expect(listReleases(db).map((r) => r.version)).toEqual(['2027.1']);
  });
});

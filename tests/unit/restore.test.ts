import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { freshDatabase } from '../setup/test-db';

vi.mock('next/headers', () => import('../setup/request-context'));
vi.mock('next/cache', () => import('../setup/request-context'));
vi.mock('next/server', () => import('../setup/request-context'));
import { outcome, resetRequest, signIn } from '../setup/request-context';
import { CURATORS, createCurators } from '../setup/curators';
import { importAction } from '@/app/[locale]/(curator)/_actions/import';
import { initialImportState, type ImportState } from '@/lib/import/view';
import { unzipText } from '../support/export';
import { transaction, type Db } from '@/db';
import { seedDatabase } from '@/db/seed';
import { insertSite } from '@/db/queries/sites';
import { insertMonument } from '@/db/queries/monuments';
import { GET } from '@/app/export/[file]/route';
import { runImportCli } from '@/scripts/import';

const actor = { agent: 'test' };
let dir: string;

async function datasetZip(): Promise<Uint8Array> {
  const res = await GET(new Request('http://localhost/export/dataset.zip'), {
    params: Promise.resolve({ file: 'dataset.zip' }),
  });
  expect(res.status).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
}

function write(name: string, bytes: Uint8Array): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

/** Text a spreadsheet would run as a formula (neutralised by the export), line breaks, quotes, Arabic. */
function addAwkwardRecords() {
  transaction((tx) => {
    const site = insertSite(
      tx,
      {
        slug: 'awkward-test',
        name: '=HYPERLINK("http://example.com/x","click")',
        nameAr: 'موقع "الاختبار"، بفاصلة',
        countryCodes: 'ML',
        latitude: 16.7735,
        longitude: -3.0074,
        description: '+ a description that starts with a plus',
      },
      actor,
    );
    insertMonument(
      tx,
      {
        slug: 'awkward-monument-test',
        siteId: site.id,
        name: '-minus first',
        nameAr: 'جامع\nبسطرين',
        kind: 'mosque',
        latitude: -0.25,
        longitude: -0.5,
        period: '@period',
        description: 'Line one\r\nline two, "quoted"',
      },
      [
        { name: '=alternative name', lang: 'en' },
        { name: 'جينغربر', lang: 'ar' },
      ],
      actor,
    );
  });
}

const count = (db: Db, table: string) => db.$client.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
const counts = (db: Db) =>
  ['sites', 'monuments', 'monument_names', 'reports', 'sources', 'report_sources', 'revisions'].map((t) => [
    t,
    count(db, t),
  ]);

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'restore-test-'));
  resetRequest();
});

describe('restoring a published data package (npm run import -- dataset.zip)', () => {
  it('dataset.zip → empty registry → dataset.zip gives every CSV byte for byte, with ids, citations and stamps', async () => {
    freshDatabase();
    seedDatabase();
    addAwkwardRecords();
    const original = await datasetZip();

    const empty = freshDatabase();
    const result = runImportCli([write('dataset.zip', original)], 'csv');
    expect(result.errors).toEqual([]);
    expect(result.status).toBe(0);
    const again = unzipSync(await datasetZip());
    const before = unzipSync(original);
    for (const name of ['sites.csv', 'monuments.csv', 'reports.csv', 'sources.csv', 'report_sources.csv'])
      expect(Buffer.from(again[name]!).equals(Buffer.from(before[name]!)), name).toBe(true);
    // The package's version is kept (the same data); only the moment of the export differs.
    const { created: _a, ...first } = JSON.parse(unzipText(original)['datapackage.json']!);
    const { created: _b, ...second } = JSON.parse(unzipText(await datasetZip())['datapackage.json']!);
    expect(second).toEqual(first);
    // The history says what happened: a revision for every record restored.
    const restored = empty.$client
      .prepare("SELECT count(*) FROM revisions WHERE comment LIKE 'Restored from dataset.zip%'")
      .pluck()
      .get() as number;
    expect(restored).toBe(
      count(empty, 'sites') + count(empty, 'monuments') + count(empty, 'reports') + count(empty, 'sources'),
    );
  });

  it('refuses a package whose ids denote other records here, with a clear message, and changes nothing', async () => {
    freshDatabase();
    seedDatabase();
    const pkg = write('dataset.zip', await datasetZip());

    const other = freshDatabase();
    transaction((tx) => insertSite(tx, { slug: 'another-site', name: 'Another site', countryCodes: 'FR' }, actor));
    const before = counts(other);
    const result = runImportCli([pkg], 'csv');
    expect(result.status).toBe(1);
    expect(result.errors.join('\n')).toMatch(
      /sites\.csv: site 1 is “another-site” in this registry but “[a-z-]+” in the file/,
    );
    expect(counts(other)).toEqual(before);
  });

  it('report_sources.csv imports on its own; a citation that differs from the registry’s is refused, never re-linked', async () => {
    freshDatabase();
    seedDatabase();
    const files = unzipSync(await datasetZip());
    const db = freshDatabase();
    expect(runImportCli([write('dataset.zip', zipSync(files))], 'csv').status).toBe(0);

    const citations = Buffer.from(files['report_sources.csv']!).toString('utf8');
    const same = runImportCli([write('report_sources.csv', strToU8(citations))], 'csv');
    expect(same.status).toBe(0);
    expect(same.output.join('\n')).toMatch(/0 to create/);

    // The first citation's stance turned round: refused, nothing written.
    const [header, first, ...rest] = citations.split('\r\n');
    expect(first).toMatch(/^\d+,\d+,supports,/);
    const swapped = first!.replace(/^(\d+,\d+),supports,[^,]*,[^,]*/, '$1,disputes,Disputes,ينفي');
    const before = counts(db);
    const result = runImportCli([write('report_sources.csv', strToU8([header, swapped, ...rest].join('\r\n')))], 'csv');
    expect(result.status).toBe(1);
    expect(result.errors.join('\n')).toMatch(/cites source \d+ differently in this registry.*never re-linked/);
    expect(counts(db)).toEqual(before);
  });

  it('the web import restores dataset.zip too: dry run (nothing written), then commit', async () => {
    freshDatabase();
    seedDatabase();
    const original = await datasetZip();

    const db = freshDatabase();
    const users = await createCurators();
    expect((await signIn(CURATORS.editor.email, CURATORS.editor.password)).error).toBeNull();
    const check = new FormData();
    check.append('file', new File([Buffer.from(original)], 'dataset.zip', { type: 'application/zip' }));
    for (const [k, v] of Object.entries({ kind: 'csv', type: 'auto', encoding: 'auto', intent: 'check' }))
      check.append(k, v);
    const checked = await outcome(() => importAction(initialImportState, check));
    const state = (checked as { state: unknown }).state as ImportState;
    expect(state.status).toBe('planned');
    expect(state.plan!.problemCount).toBe(0);
    expect(state.plan!.notices.map((n) => n.code)).toContain('restorePackage');
    expect(state.plan!.counts.create).toBeGreaterThan(10);
    expect(count(db, 'sites')).toBe(0);

    const commit = new FormData();
    commit.append('intent', 'commit');
    commit.append('token', state.plan!.token!);
    commit.append('sha256', state.plan!.sha256!);
    commit.append('fingerprint', state.plan!.fingerprint);
    expect(await outcome(() => importAction(state, commit))).toMatchObject({
      kind: 'state',
      state: { status: 'committed' },
    });
    const again = unzipSync(await datasetZip());
    const before = unzipSync(original);
    for (const name of ['sites.csv', 'monuments.csv', 'reports.csv', 'sources.csv', 'report_sources.csv'])
      expect(Buffer.from(again[name]!).equals(Buffer.from(before[name]!)), name).toBe(true);
    const by = db.$client
      .prepare("SELECT DISTINCT user_id FROM revisions WHERE comment LIKE 'Restored from dataset.zip%'")
      .pluck()
      .all();
    expect(by).toEqual([users.editor]);
  });
});

/**
 * /admin/import's server action with real sessions: anonymous visitors and contributors are refused before the
 * file is read, and the database stays exactly as it was; editors check a file (nothing written), then commit it
 * (written, public pages marked stale); a checked file belongs to the editor who uploaded it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
vi.mock('next/headers', () => import('../setup/request-context'));
vi.mock('next/cache', () => import('../setup/request-context'));
vi.mock('next/server', () => import('../setup/request-context'));
import { changeStamps, freshDatabase, scopesOf } from '../setup/test-db';
import { outcome, resetRequest, signIn } from '../setup/request-context';
import { CURATORS, createCurators } from '../setup/curators';
import type { Db } from '@/db';
import { seedDatabase } from '@/db/seed';
import { getSiteBySlug } from '@/db/queries/sites';
import { listRevisions } from '@/db/queries/revisions';
import { importAction } from '@/app/[locale]/(curator)/_actions/import';
import { initialImportState, type ImportState } from '@/lib/import/view';
import { receiveUpload } from '@/lib/import/uploads';
import { currentDatabaseFile } from '@/db';

const FIXTURES = path.join(process.cwd(), 'tests', 'fixtures', 'import');
let db: Db;
let stamps: ReturnType<typeof changeStamps>;
let users: Awaited<ReturnType<typeof createCurators>>;

/** Every table's rows, except the session rows that signing in (not the import) writes. */
function dump(): Record<string, unknown[]> {
  const tables = (
    db.$client
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'sessions' ORDER BY name",
      )
      .all() as { name: string }[]
  ).map((t) => t.name);
  return Object.fromEntries(tables.map((t) => [t, db.$client.prepare(`SELECT * FROM "${t}"`).all()]));
}

function checkForm(file: string, fields: Record<string, string> = {}): FormData {
  const fd = new FormData();
  fd.append('file', new File([fs.readFileSync(path.join(FIXTURES, file))], file, { type: 'text/csv' }));
  fd.append('kind', 'csv');
  fd.append('type', 'auto');
  fd.append('encoding', 'auto');
  fd.append('intent', 'check');
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  return fd;
}

function commitForm(state: ImportState): FormData {
  const fd = new FormData();
  fd.append('intent', 'commit');
  fd.append('token', state.plan?.token ?? '');
  fd.append('sha256', state.plan?.sha256 ?? '');
  fd.append('fingerprint', state.plan?.fingerprint ?? '');
  return fd;
}

async function as(role: 'anonymous' | keyof typeof CURATORS) {
  resetRequest();
  if (role === 'anonymous') return;
  const c = CURATORS[role];
  expect((await signIn(c.email, c.password)).error).toBeNull();
}

async function checkAsEditor(file = 'utf8-lf.csv', fields: Record<string, string> = {}): Promise<ImportState> {
  await as('editor');
  const result = await outcome(() => importAction(initialImportState, checkForm(file, fields)));
  expect(result.kind).toBe('state');
  return (result as { state: unknown }).state as ImportState;
}

beforeEach(async () => {
  db = freshDatabase();
  stamps = changeStamps(db);
  seedDatabase();
  users = await createCurators();
  resetRequest();
});

describe('who may import', () => {
  it.each([
    ['anonymous', { kind: 'redirect', to: '/login' }],
    ['contributor', { kind: 'forbidden' }],
  ] as const)('%s cannot check a file, and nothing changes', async (role, refused) => {
    await as(role);
    const before = dump();
    expect(await outcome(() => importAction(initialImportState, checkForm('utf8-lf.csv')))).toEqual(refused);
    expect(dump()).toEqual(before);
  });

  it.each([
    ['anonymous', { kind: 'redirect', to: '/login' }],
    ['contributor', { kind: 'forbidden' }],
  ] as const)('%s cannot commit a file an editor checked, and nothing changes', async (role, refused) => {
    const checked = await checkAsEditor();
    expect(checked.plan?.token).toMatch(/^[a-f0-9]{48}$/);
    await as(role);
    const before = dump();
    expect(await outcome(() => importAction(checked, commitForm(checked)))).toEqual(refused);
    expect(dump()).toEqual(before);
    expect(getSiteBySlug(db, 'crac-des-chevaliers')).toBeUndefined();
  });

  it('an editor checks (nothing written), then commits: records, revisions by the editor, public pages stale', async () => {
    const before = dump();
    const checked = await checkAsEditor();
    expect(checked.status).toBe('planned');
    expect(checked.plan).toMatchObject({
      type: 'sites',
      counts: { create: 2, update: 0, unchanged: 0, skip: 0 },
      problemCount: 0,
    });
    expect(dump()).toEqual(before);

    stamps.start();
    const committed = await outcome(() => importAction(checked, commitForm(checked)));
    expect(committed).toMatchObject({ kind: 'state', state: { status: 'committed', plan: { counts: { create: 2 } } } });
    const site = getSiteBySlug(db, 'crac-des-chevaliers')!;
    expect(listRevisions(db, 'site', site.id)[0]).toMatchObject({
      action: 'create',
      userId: users.editor,
      agent: null,
    });
    expect(stamps.scopes()).toEqual(
      expect.arrayContaining(
        scopesOf(['/en/sites/crac-des-chevaliers', '/ar/sites/crac-des-chevaliers', '/en/sites', '/ar']),
      ),
    );

    // The checked file is used once: committing it again finds nothing to apply.
    const again = await outcome(() => importAction(checked, commitForm(checked)));
    expect(again).toMatchObject({ kind: 'state', state: { status: 'expired' } });
  });

  it('an admin may import too; a file checked by one editor cannot be committed by another', async () => {
    const checked = await checkAsEditor();
    await as('admin');
    const before = dump();
    expect(await outcome(() => importAction(checked, commitForm(checked)))).toMatchObject({
      kind: 'state',
      state: { status: 'expired' },
    });
    expect(dump()).toEqual(before);
    const own = await outcome(() => importAction(initialImportState, checkForm('utf8-lf.csv')));
    const state = (own as unknown as { state: ImportState }).state;
    expect(state.status).toBe('planned');
    expect(await outcome(() => importAction(state, commitForm(state)))).toMatchObject({
      kind: 'state',
      state: { status: 'committed' },
    });
  });

  it('a large import marks the page of every record it wrote, and the lists, stale', async () => {
    await as('editor');
    const rows = ['name,country_codes', ...Array.from({ length: 201 }, (_, i) => `Imported place ${i},IQ`)].join('\n');
    const fd = new FormData();
    fd.append('file', new File([rows], 'many.csv', { type: 'text/csv' }));
    fd.append('intent', 'check');
    const checked = ((await outcome(() => importAction(initialImportState, fd))) as unknown as { state: ImportState })
      .state;
    expect(checked.plan?.counts.create).toBe(201);
    stamps.start();
    expect(await outcome(() => importAction(checked, commitForm(checked)))).toMatchObject({
      kind: 'state',
      state: { status: 'committed' },
    });
    const scopes = stamps.scopes();
    expect(scopes).toContain('all');
    expect(scopes.filter((p) => p.startsWith('site:imported-place-'))).toHaveLength(201);
  });

  it('a tampered fingerprint is refused as a changed plan, and nothing is written', async () => {
    const checked = await checkAsEditor();
    const before = dump();
    const fd = commitForm(checked);
    fd.set('fingerprint', '0'.repeat(64));
    expect(await outcome(() => importAction(checked, fd))).toMatchObject({ kind: 'state', state: { status: 'stale' } });
    expect(dump()).toEqual(before);
  });

  it('answers problems with rows and columns, and keeps nothing to commit', async () => {
    const state = await checkAsEditor('malformed-rows.csv');
    expect(state.status).toBe('planned');
    expect(state.plan?.token).toBeUndefined();
    expect(state.plan?.problems.map((p) => [p.row, p.column, p.code])).toContainEqual([3, 'latitude', 'outOfRange']);
  });

  it('reads the UNESCO list when asked, and refuses a missing file', async () => {
    const state = await checkAsEditor('whc-list.csv', { kind: 'whc' });
    expect(state.plan?.counts).toEqual({ create: 3, update: 2, unchanged: 0, skip: 0 });
    const fd = checkForm('utf8-lf.csv');
    fd.delete('file');
    const missing = await outcome(() => importAction(initialImportState, fd));
    expect(missing).toMatchObject({
      kind: 'state',
      state: { status: 'invalid', fieldErrors: { file: ['fileRequired'] } },
    });
  });
});

describe('files streamed to the upload route', () => {
  /** A body arriving in small pieces, as a request's does. */
  const stream = (bytes: Buffer, piece = 7) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += piece) controller.enqueue(new Uint8Array(bytes.subarray(i, i + piece)));
        controller.close();
      },
    });
  const uploads = () => {
    const db = currentDatabaseFile();
    const dir =
      db === ':memory:'
        ? path.join(os.tmpdir(), 'registry-import-uploads')
        : path.join(path.dirname(db), 'import-uploads');
    return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  };
  const checkForm = (upload: { token: string; sha256: string }) => {
    const fd = new FormData();
    for (const [k, v] of Object.entries({
      intent: 'check',
      kind: 'csv',
      type: 'auto',
      encoding: 'auto',
      upload: upload.token,
      sha256: upload.sha256,
    }))
      fd.append(k, v);
    return fd;
  };

  it('are kept whole with their SHA-256, checked and committed by token, by the editor who sent them only', async () => {
    const bytes = fs.readFileSync(path.join(FIXTURES, 'utf8-lf.csv'));
    const received = await receiveUpload(stream(bytes), users.editor, 'sites.csv', 1024 * 1024);
    expect(received).toMatchObject({ ok: true, bytes: bytes.length, fileName: 'sites.csv' });
    if (!received.ok) return;
    expect(received.sha256).toBe(crypto.createHash('sha256').update(bytes).digest('hex'));

    // Not checked yet: nothing to commit.
    await as('editor');
    const early = await outcome(() =>
      importAction(
        initialImportState,
        commitForm({
          ...initialImportState,
          plan: { token: received.token, sha256: received.sha256, fingerprint: 'x' } as ImportState['plan'],
        }),
      ),
    );
    expect(early).toMatchObject({ kind: 'state', state: { status: 'expired' } });

    // Another curator, or another SHA-256, does not get it.
    await as('admin');
    expect(await outcome(() => importAction(initialImportState, checkForm(received)))).toMatchObject({
      kind: 'state',
      state: { status: 'expired' },
    });
    await as('editor');
    expect(
      await outcome(() => importAction(initialImportState, checkForm({ ...received, sha256: '0'.repeat(64) }))),
    ).toMatchObject({ kind: 'state', state: { status: 'expired' } });

    const before = dump();
    const checked = await outcome(() => importAction(initialImportState, checkForm(received)));
    const state = (checked as unknown as { state: ImportState }).state;
    expect(state).toMatchObject({
      status: 'planned',
      plan: { fileName: 'sites.csv', token: received.token, counts: { create: 2 } },
    });
    expect(dump()).toEqual(before);
    expect(await outcome(() => importAction(state, commitForm(state)))).toMatchObject({
      kind: 'state',
      state: { status: 'committed' },
    });
    expect(getSiteBySlug(db, 'crac-des-chevaliers')).toBeDefined();
    expect(uploads().filter((f) => f.startsWith(received.token))).toEqual([]);
  });

  it('stop at the size limit and at an empty body, and leave nothing behind', async () => {
    const before = uploads();
    expect(await receiveUpload(stream(Buffer.alloc(5000, 'a'), 1000), users.editor, 'big.csv', 4096)).toEqual({
      ok: false,
      reason: 'tooLarge',
    });
    expect(await receiveUpload(stream(Buffer.alloc(0)), users.editor, 'empty.csv', 4096)).toEqual({
      ok: false,
      reason: 'empty',
    });
    expect(uploads().sort()).toEqual(before.sort());
  });

  it('a file whose plan has problems is not kept', async () => {
    const bytes = fs.readFileSync(path.join(FIXTURES, 'malformed-rows.csv'));
    const received = await receiveUpload(stream(bytes), users.editor, 'bad.csv', 1024 * 1024);
    if (!received.ok) throw new Error('not received');
    await as('editor');
    const state = (
      (await outcome(() => importAction(initialImportState, checkForm(received)))) as unknown as { state: ImportState }
    ).state;
    expect(state.plan?.problemCount).toBeGreaterThan(0);
    expect(state.plan?.token).toBeUndefined();
    expect(uploads().filter((f) => f.startsWith(received.token))).toEqual([]);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import exifr from 'exifr';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { changeStamps, freshDatabase } from '../setup/test-db';
import type { Db } from '@/db';
import { seedDatabase } from '@/db/seed';
import { resetConfig } from '@/lib/config';
import { listRevisions } from '@/db/queries/revisions';
import { evidenceAccess, getEvidence } from '@/db/queries/evidence-images';
import {
  attachEvidence,
  detachEvidence,
  editEvidence,
  restoreDetachedEvidence,
  revertEvidence,
} from '@/lib/records/evidence-images';
import { evidenceDir, originalPath } from '@/lib/evidence-images/storage';
import { backupDatabase, backupEvidence, evidenceBackupFolder, restoreDatabase, restoreEvidence } from '@/db/backup';
import { runCli } from '@/scripts/evidence-add';
import * as files from '../support/evidence-files';

let db: Db;
let dir: string;
const cli = { agent: 'cli' } as const;
const fields = {
  kind: 'photo',
  altText: 'The collapsed cella of the temple seen from the east',
  credit: 'Jane Witness',
  licence: 'CC-BY-4.0',
  captionEn: 'The cella after the explosion',
  captionAr: 'الهيكل بعد التفجير',
  takenDate: '2015-09-01',
};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-evidence-'));
  process.env.EVIDENCE_DIR = dir;
  resetConfig();
});
afterAll(() => {
  delete process.env.EVIDENCE_DIR;
  resetConfig();
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  db = freshDatabase();
  seedDatabase();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir);
});

const reportWhere = (state: string) =>
  (
    db.$client
      .prepare('SELECT id FROM reports WHERE review_state = ? AND deleted_at IS NULL ORDER BY id LIMIT 1')
      .get(state) as { id: number }
  ).id;
const rowCount = () => (db.$client.prepare('SELECT count(*) AS n FROM evidence_images').get() as { n: number }).n;
const storedFiles = (): string[] =>
  fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => /\.\w+$/.test(f)) : [];

describe('evidence images: what is accepted and what is refused', () => {
  it.each([
    ['an SVG', files.svg, 'unsupportedType', /not a JPEG, PNG, WebP or TIFF/],
    ['a JPEG header followed by HTML', files.jpegHeaderHtml, 'damaged', /damaged or not really an image/],
    ['a 50,000 × 50,000 decompression bomb', files.bombPng, 'tooManyPixels', /50000 × 50000 pixels, more than/],
    ['a truncated JPEG', files.truncatedJpeg, 'damaged', /truncated or damaged/],
    ['an empty file', () => Buffer.alloc(0), 'empty', /empty/],
  ])('refuses %s with a clear message and stores nothing', async (_name, make, code, message) => {
    const outcome = await attachEvidence(reportWhere('published'), await make(), fields, cli);
    expect(outcome).toMatchObject({ kind: 'refused', code });
    expect(outcome.kind === 'refused' && outcome.message).toMatch(message);
    expect(rowCount()).toBe(0);
    expect(storedFiles()).toEqual([]);
    expect(db.$client.prepare("SELECT count(*) AS n FROM revisions WHERE entity_type = 'evidence'").get()).toEqual({
      n: 0,
    });
  });

  it('refuses a file over EVIDENCE_MAX_BYTES before looking at it', async () => {
    process.env.EVIDENCE_MAX_BYTES = '2048';
    resetConfig();
    try {
      const outcome = await attachEvidence(reportWhere('published'), await files.gpsJpeg(), fields, cli);
      expect(outcome).toMatchObject({ kind: 'refused', code: 'tooLarge' });
      expect(rowCount()).toBe(0);
    } finally {
      delete process.env.EVIDENCE_MAX_BYTES;
      resetConfig();
    }
  });

  it.each([
    ['a JPEG with GPS, camera and artist tags', files.gpsJpeg, 400, 600],
    ['a PNG with a tEXt chunk', files.textPng, 300, 200],
    ['a TIFF', files.tiff, 500, 300],
    ['a JPEG with an HTML page after its end', files.jpegThenHtml, 200, 200],
  ])('accepts %s: every stored variant is free of metadata and of anything but the image', async (_n, make, w, h) => {
    const input = await make();
    const outcome = await attachEvidence(reportWhere('published'), input, fields, cli);
    expect(outcome.kind).toBe('attached');
    if (outcome.kind !== 'attached') return;
    // Orientation applied to the pixels: the turned photograph is stored upright.
    expect(outcome.evidence).toMatchObject({ width: w, height: h, kind: 'photo', credit: 'Jane Witness' });
    const stored = storedFiles();
    expect(stored.sort()).toEqual(
      ['full', 'page', 'thumb']
        .flatMap((v) => ['avif', 'jpg', 'webp'].map((f) => `${v}.${f}`))
        .map((n) => path.join(outcome.evidence.sha256.slice(0, 2), outcome.evidence.sha256, n))
        .sort(),
    );
    for (const file of stored) {
      const bytes = fs.readFileSync(path.join(dir, file));
      // exifr reads JPEG (and finds nothing); for WebP and AVIF, which it does not read, no metadata block exists.
      const tags = await exifr
        .parse(bytes, { tiff: true, exif: true, gps: true, xmp: true, iptc: true })
        .catch((e: Error) => (/Unknown file format/.test(e.message) ? 'unread' : Promise.reject(e)));
      if (tags === 'unread') {
        expect(file).toMatch(/\.(webp|avif)$/);
        for (const marker of ['Exif', 'EXIF', 'XMP', 'x:xmpmeta', 'WitnessCam', 'WC-100'])
          expect(bytes.includes(marker), `${file} ${marker}`).toBe(false);
      } else {
        expect(tags ?? {}, file).not.toHaveProperty('latitude');
        expect(tags ?? {}, file).not.toHaveProperty('GPSLatitude');
        expect(tags ?? {}, file).not.toHaveProperty('Make');
        expect(tags ?? {}, file).not.toHaveProperty('Model');
        expect(tags ?? {}, file).not.toHaveProperty('Artist');
      }
      expect(bytes.includes('Jane Witness'), file).toBe(false);
      expect(bytes.includes('<script'), file).toBe(false);
    }
    expect(fs.existsSync(originalPath(outcome.evidence.sha256))).toBe(false);
  });

  it('the test photograph does carry GPS and camera tags before it is processed', async () => {
    const tags = await exifr.parse(await files.gpsJpeg(), { gps: true });
    expect(tags).toMatchObject({ Make: 'WitnessCam', Model: 'WC-100' });
    expect(tags.latitude).toBeCloseTo(34.55, 2);
  });

  it('keeps a private original only when asked, and never among the served variants', async () => {
    const outcome = await attachEvidence(
      reportWhere('published'),
      await files.gpsJpeg(),
      { ...fields, keepOriginal: 'on' },
      cli,
    );
    expect(outcome.kind).toBe('attached');
    if (outcome.kind !== 'attached') return;
    expect(outcome.evidence.originalKept).toBe(true);
    expect(fs.existsSync(originalPath(outcome.evidence.sha256))).toBe(true);
    expect(evidenceDir()).toBe(dir);
  });

  it('requires alt text, credit and a known kind and licence, and stores nothing otherwise', async () => {
    const outcome = await attachEvidence(
      reportWhere('published'),
      await files.gpsJpeg(),
      { ...fields, altText: '  ', credit: '', kind: 'drawing', licence: 'GPL' },
      cli,
    );
    expect(outcome).toEqual({
      kind: 'invalid',
      fieldErrors: { altText: ['required'], credit: ['required'], kind: ['invalidChoice'], licence: ['invalidChoice'] },
    });
    expect(storedFiles()).toEqual([]);
  });
});

describe('evidence images: who and what history', () => {
  it('a contributor cannot attach to a report of someone else', async () => {
    const outcome = await attachEvidence(reportWhere('published'), await files.gpsJpeg(), fields, {
      user: { id: 999_999, role: 'contributor' },
    });
    expect(outcome).toEqual({ kind: 'notFound' });
    expect(rowCount()).toBe(0);
  });

  it('records attach, edit, detach, restore and revert as revisions; detaching hides the image from readers', async () => {
    const outcome = await attachEvidence(reportWhere('published'), await files.gpsJpeg(), fields, cli);
    if (outcome.kind !== 'attached') throw new Error(outcome.kind);
    const { id, sha256 } = outcome.evidence;
    expect(evidenceAccess(db, sha256, null)).toBe('public');
    const edited = editEvidence(id, 1, { ...fields, captionEn: 'A wrong caption' }, cli);
    expect(edited).toMatchObject({ kind: 'saved', evidence: { captionEn: 'A wrong caption', version: 2 } });
    expect(editEvidence(id, 1, fields, cli)).toEqual({ kind: 'conflict' });
    expect(detachEvidence(id, 2, cli)).toMatchObject({ kind: 'saved' });
    expect(evidenceAccess(db, sha256, null)).toBe('none');
    expect(evidenceAccess(db, sha256, { userId: 1, everything: true })).toBe('curator');
    expect(restoreDetachedEvidence(id, cli)).toMatchObject({ kind: 'saved' });
    const created = listRevisions(db, 'evidence', id).find((r) => r.action === 'create')!;
    expect(revertEvidence(id, 4, created.id, cli)).toMatchObject({
      kind: 'saved',
      evidence: { captionEn: 'The cella after the explosion' },
    });
    expect(listRevisions(db, 'evidence', id).map((r) => r.action)).toEqual([
      'revert',
      'restore',
      'delete',
      'update',
      'create',
    ]);
    expect(getEvidence(db, id)).toMatchObject({ deletedAt: null, version: 5 });
  });

  it("a published report's new image makes its monument's page stale; a draft's does not", async () => {
    const stamps = changeStamps(db);
    const published = reportWhere('published');
    const slug = (
      db.$client
        .prepare('SELECT m.slug FROM reports r JOIN monuments m ON m.id = r.monument_id WHERE r.id = ?')
        .get(published) as { slug: string }
    ).slug;
    stamps.start();
    expect((await attachEvidence(published, await files.gpsJpeg(), fields, cli)).kind).toBe('attached');
    expect(stamps.scopes()).toEqual([`monument:${slug}`]);
    db.$client.prepare("UPDATE reports SET review_state = 'draft' WHERE id = ?").run(published);
    stamps.start();
    expect((await attachEvidence(published, await files.textPng(), fields, cli)).kind).toBe('attached');
    expect(stamps.scopes()).toEqual([]);
  });

  it("a draft report's evidence is not public", async () => {
    const draft = reportWhere('published');
    db.$client.prepare("UPDATE reports SET review_state = 'draft' WHERE id = ?").run(draft);
    const outcome = await attachEvidence(draft, await files.gpsJpeg(), fields, cli);
    if (outcome.kind !== 'attached') throw new Error(outcome.kind);
    expect(evidenceAccess(db, outcome.evidence.sha256, null)).toBe('none');
    expect(evidenceAccess(db, outcome.evidence.sha256, { userId: 1, everything: true })).toBe('curator');
  });
});

describe('evidence images: backups', () => {
  it('a backup copies the images beside the database file, and a restore brings back rows and files', async () => {
    const outcome = await attachEvidence(reportWhere('published'), await files.gpsJpeg(), fields, cli);
    if (outcome.kind !== 'attached') throw new Error(outcome.kind);
    const backups = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-evidence-backup-'));
    const file = path.join(backups, 'registry.db');
    await backupDatabase(db.$client.name, file);
    expect(backupEvidence(dir, file)).toBe(9);
    // Everything lost: the row detached for good and the folder emptied.
    db.$client.prepare('DELETE FROM evidence_images').run();
    fs.rmSync(dir, { recursive: true, force: true });
    await restoreDatabase(file, db.$client.name);
    expect(restoreEvidence(file, dir)).toBe(9);
    expect(rowCount()).toBe(1);
    const page = path.join(dir, outcome.evidence.sha256.slice(0, 2), outcome.evidence.sha256, 'page.webp');
    expect(fs.existsSync(page)).toBe(true);
    expect(evidenceBackupFolder(file)).toBe(`${file}.evidence`);
    fs.rmSync(backups, { recursive: true, force: true });
  });
});

describe('npm run evidence:add', () => {
  const write = async (name: string, bytes: Uint8Array) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'registry-evidence-cli-')), name);
    fs.writeFileSync(file, bytes);
    return file;
  };
  const contract = (report: number, file: string, extra: string[] = []) => [
    '--report',
    String(report),
    '--file',
    file,
    '--kind',
    'satellite_before',
    '--credit',
    'UNOSAT',
    '--licence',
    'CC-BY-4.0',
    '--alt',
    'The temple before: walls and cella standing',
    '--taken',
    '2014-03-27',
    '--caption',
    'Before',
    '--caption-ar',
    'قبل',
    '--source',
    String((db.$client.prepare('SELECT id FROM sources ORDER BY id LIMIT 1').get() as { id: number }).id),
    ...extra,
  ];

  it('attaches one image with the fields of the contract and says where it went', async () => {
    const file = await write('before.tif', await files.tiff());
    const result = await runCli(contract(reportWhere('published'), file));
    expect(result.errors).toEqual([]);
    expect(result.status).toBe(0);
    expect(result.output[0]).toMatch(
      /^Attached before\.tif to report #\d+ as evidence #\d+ \(satellite_before, 500 × 300\)\.$/,
    );
    expect(db.$client.prepare('SELECT kind, caption_ar, taken_date, credit FROM evidence_images').get()).toEqual({
      kind: 'satellite_before',
      caption_ar: 'قبل',
      taken_date: '2014-03-27',
      credit: 'UNOSAT',
    });
    expect(listRevisions(db, 'evidence', 1)[0]).toMatchObject({ agent: 'cli', action: 'create' });
  });

  it('refuses wrong usage (2) and bad values or files (1), storing nothing', async () => {
    const jpeg = await write('p.jpg', await files.gpsJpeg());
    expect((await runCli(['--help'])).output[0]).toMatch(/--report ID --file PATH --kind KIND --credit/);
    expect(await runCli(['--nope'])).toMatchObject({ status: 2 });
    expect(await runCli(['--file', jpeg])).toMatchObject({ status: 2 });
    const bad = await runCli([...contract(reportWhere('published'), jpeg), '--licence', 'GPL-3.0']);
    expect(bad).toMatchObject({ status: 1, errors: ['--licence is not one of the accepted values (see --help)'] });
    const svg = await runCli(contract(reportWhere('published'), await write('x.svg', files.svg())));
    expect(svg.status).toBe(1);
    expect(svg.errors[0]).toMatch(/x\.svg: This is not a JPEG, PNG, WebP or TIFF image/);
    expect(await runCli(contract(999_999, jpeg))).toMatchObject({ status: 1, errors: ['No live report #999999.'] });
    expect(rowCount()).toBe(0);
    expect(storedFiles()).toEqual([]);
  });

  // Several images processed twice (dry run, commit): room for a busy 2-core machine.
  it(
    'bulk: a dry run checks every row and stores nothing; --commit attaches all, or none when a row fails',
    { timeout: 60_000 },
    async () => {
      const report = reportWhere('published');
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-evidence-bulk-'));
      fs.writeFileSync(path.join(folder, 'before.jpg'), await files.plainJpeg(400, 300, 7));
      fs.writeFileSync(path.join(folder, 'after.jpg'), await files.plainJpeg(400, 300, 8));
      const header = 'file,report,kind,alt,credit,licence,taken,caption,caption_ar\n';
      const rows = [
        `before.jpg,${report},satellite_before,Before: the temple standing,UNOSAT,CC-BY-4.0,2014-03-27,Before,قبل`,
        `after.jpg,${report},satellite_after,After: only the gate stands,UNOSAT,CC-BY-4.0,2015-08-31,After,بعد`,
      ];
      fs.writeFileSync(
        path.join(folder, 'evidence.csv'),
        header + rows.join('\n') + `\nmissing.jpg,${report},photo,,X,CC0-1.0,,,\n`,
      );
      const refused = await runCli(['--bulk', folder, '--commit']);
      expect(refused.status).toBe(1);
      expect(refused.errors).toEqual([
        'line 4: no file named missing.jpg beside evidence.csv',
        'line 4: alt is required',
        '2 problem(s) in 3 row(s): nothing was attached.',
      ]);
      expect(rowCount()).toBe(0);
      fs.writeFileSync(path.join(folder, 'evidence.csv'), header + rows.join('\n') + '\n');
      const dry = await runCli(['--bulk', folder]);
      expect(dry).toMatchObject({ status: 0 });
      expect(dry.output.at(-1)).toBe('Dry run: 2 image(s) would be attached. Run again with --commit to attach them.');
      expect(rowCount()).toBe(0);
      expect(storedFiles()).toEqual([]);
      const done = await runCli(['--bulk', folder, '--commit']);
      expect(done.output.at(-1)).toMatch(/^Attached 2 of 2 image\(s\)\./);
      expect(db.$client.prepare('SELECT kind FROM evidence_images ORDER BY id').pluck().all()).toEqual([
        'satellite_before',
        'satellite_after',
      ]);
    },
  );
});

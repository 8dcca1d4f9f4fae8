/**
 * CSV downloads of published data read their rows on a thread of their own: the bytes are those of the same file
 * read on the request's thread, and the rows always belong to the data version the download names.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase } from '../setup/test-db';
import type { Db } from '@/db';
import { seedDatabase } from '@/db/seed';
import { openExportSnapshot, openExportSnapshotCount } from '@/db/queries/export';
import { emptyFilters, parseFilters, type Filters } from '@/lib/filters';
import { exportChunks, exportFiles, threadedCsvChunks, type ExportContext } from '@/lib/export/files';

let db: Db;
beforeEach(() => {
  db = freshDatabase();
  seedDatabase();
});

const context = (query = '', bom = false): ExportContext => ({
  snapshot: openExportSnapshot(),
  params: {
    filters: query ? (parseFilters(new URLSearchParams(query)) as { ok: true; value: Filters }).value : emptyFilters,
    bom,
    includeDrafts: false,
  },
  baseUrl: 'https://registry.example.org',
  licence: 'CC BY 4.0',
  licenceUrl: 'https://creativecommons.org/licenses/by/4.0/',
  now: new Date('2026-11-30T00:00:00Z'),
});

const inline = (file: (typeof exportFiles)[number], ctx: ExportContext) => [...exportChunks(file, ctx)].join('');

describe('rows read on another thread', () => {
  it('give every CSV file byte for byte what reading here gives, filtered or not, with or without a BOM', async () => {
    for (const file of exportFiles.filter((f) => f.kind === 'csv'))
      for (const [query, bom] of [
        ['', false],
        ['country=SY', true],
        ['q=bel', false],
      ] as const) {
        const ctx = context(query, bom);
        const threaded = await threadedCsvChunks(file, ctx);
        expect(threaded, file.name).not.toBeNull();
        let text = '';
        for await (const chunk of threaded!.chunks) text += chunk;
        threaded!.close();
        expect(text.length, `${file.name}?${query}`).toBeGreaterThan(100);
        expect(text, `${file.name}?${query}`).toBe(inline(file, ctx));
        ctx.snapshot.close();
      }
    expect(openExportSnapshotCount()).toBe(0);
  });

  it('are not used when a change was committed after the download began: the rows stay those of its version', async () => {
    const file = exportFiles.find((f) => f.name === 'monuments.csv')!;
    const ctx = context();
    const before = inline(file, ctx);
    db.$client
      .prepare("UPDATE monuments SET description = 'Changed after the download began' WHERE slug = 'temple-of-bel'")
      .run();
    expect(await threadedCsvChunks(file, ctx)).toBeNull();
    // The download falls back to its own snapshot: the change is not in it.
    expect(inline(file, ctx)).toBe(before);
    expect(before).not.toContain('Changed after the download began');
    ctx.snapshot.close();
  });

  it('are not used for drafts, which change without moving the public version', async () => {
    const file = exportFiles.find((f) => f.name === 'reports.csv')!;
    const ctx = { ...context(), params: { ...context().params, includeDrafts: true } };
    expect(await threadedCsvChunks(file, ctx)).toBeNull();
    ctx.snapshot.close();
  });

  it('stop when the reader stops early, leaving the database free for writers', async () => {
    const file = exportFiles.find((f) => f.name === 'reports.csv')!;
    const ctx = context();
    const threaded = (await threadedCsvChunks(file, ctx))!;
    await threaded.chunks.next(); // the header
    await threaded.chunks.return();
    threaded.close();
    ctx.snapshot.close();
    db.$client
      .prepare("UPDATE monuments SET description = 'Written after a hang-up' WHERE slug = 'temple-of-bel'")
      .run();
    const again = context();
    const rerun = (await threadedCsvChunks(
      exportFiles.find((f) => f.name === 'monuments.csv')!,
      again,
    ))!;
    let text = '';
    for await (const chunk of rerun.chunks) text += chunk;
    rerun.close();
    again.snapshot.close();
    expect(text).toContain('Written after a hang-up');
  });
});

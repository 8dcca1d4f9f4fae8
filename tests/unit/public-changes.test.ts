/**
 * The public feed of changes lists only what readers could see when it happened: a source is public while a
 * published, live report cites it, so a title it had only before then never reaches /changes. Past revisions are
 * marked by migration 0008 from the history itself; it must agree with what the code marks on every new revision.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase } from '../setup/test-db';
import { transaction, type Db } from '@/db';
import { seedDatabase } from '@/db/seed';
import { getMonumentBySlug } from '@/db/queries/monuments';
import { deleteReport, insertReport, restoreReport, reviewReport, updateReport } from '@/db/queries/reports';
import { deleteSource, getSourceById, insertSource, restoreSource, updateSource } from '@/db/queries/sources';
import { listPublicChanges } from '@/db/queries/revisions';

let db: Db;
const editor = { agent: 'test-editor' };
const contributor = { agent: 'test-contributor' };

beforeEach(() => {
  db = freshDatabase();
  seedDatabase();
});

const feedTitles = () =>
  listPublicChanges(db, { limit: 1000 })
    .filter((c) => c.entityType === 'source')
    .map((c) => `${c.action}:${String((c.after ?? c.before)?.title)}`);

/** A contributor's source X, renamed Y by an editor, then cited by a draft that the editor publishes. */
function renamedThenPublished() {
  const bel = getMonumentBySlug(db, 'temple-of-bel')!;
  return transaction((tx) => {
    const source = insertSource(tx, { title: 'Secret working title', sourceType: 'news' }, contributor);
    updateSource(tx, source.id, source.version, { title: 'Public title' }, editor);
    const draft = insertReport(
      tx,
      { monumentId: bel.id, damageLevel: 'destroyed', certainty: 'high', summary: 'A draft', reviewState: 'draft' },
      [{ sourceId: source.id, stance: 'supports' }],
      contributor,
    );
    reviewReport(tx, draft.id, 'publish', null, editor);
    return { sourceId: source.id, reportId: draft.id };
  });
}

describe('the public feed of changes', () => {
  it('shows a source from the moment a published report cites it, under its title then, never an earlier one', () => {
    const { sourceId } = renamedThenPublished();
    expect(feedTitles()).toContain('publish:Public title');
    expect(JSON.stringify(listPublicChanges(db, { limit: 1000 }))).not.toContain('Secret working title');

    // Once public, its changes are public; after its last published citation goes, they are not any more.
    const s = getSourceById(db, sourceId)!;
    transaction((tx) => updateSource(tx, sourceId, s.version, { title: 'Public title, corrected' }, editor));
    expect(feedTitles()).toContain('update:Public title, corrected');
  });

  it('hides the changes of a source while no published report cites it, and shows it again when one does', () => {
    const { sourceId, reportId } = renamedThenPublished();
    const report = () =>
      db.$client.prepare('SELECT version FROM reports WHERE id = ?').get(reportId) as { version: number };
    transaction((tx) => deleteReport(tx, reportId, report().version, editor));
    const s = getSourceById(db, sourceId)!;
    transaction((tx) => updateSource(tx, sourceId, s.version, { title: 'Renamed while hidden' }, editor));
    expect(feedTitles().join()).not.toContain('Renamed while hidden');
    transaction((tx) => restoreReport(tx, reportId, editor));
    expect(feedTitles().at(0)).toBe('publish:Renamed while hidden');
  });

  it('lists reports only while published, and no source of a draft or a rejected report', () => {
    const bel = getMonumentBySlug(db, 'temple-of-bel')!;
    transaction((tx) => {
      const source = insertSource(tx, { title: 'Cited by a rejected draft', sourceType: 'news' }, contributor);
      const draft = insertReport(
        tx,
        { monumentId: bel.id, damageLevel: 'destroyed', certainty: 'high', summary: 'Rejected', reviewState: 'draft' },
        [{ sourceId: source.id, stance: 'supports' }],
        contributor,
      );
      reviewReport(tx, draft.id, 'reject', 'Not sourced', editor);
    });
    expect(JSON.stringify(listPublicChanges(db, { limit: 1000 }))).not.toMatch(/Cited by a rejected draft|Rejected/);
  });

  it('migration 0008 marks past revisions as the code marks new ones', () => {
    const { sourceId, reportId } = renamedThenPublished();
    const bel = getMonumentBySlug(db, 'temple-of-bel')!;
    transaction((tx) => {
      const r = db.$client.prepare('SELECT version FROM reports WHERE id = ?').get(reportId) as { version: number };
      // The report stops citing the source, and cites another one instead (a published report needs support).
      const other = db.$client.prepare('SELECT id FROM sources WHERE id <> ? ORDER BY id LIMIT 1').get(sourceId) as {
        id: number;
      };
      const updated = updateReport(
        tx,
        reportId,
        r.version,
        { summary: 'Edited' },
        [{ sourceId: other.id, stance: 'supports' }],
        editor,
      );
      if (!updated.ok) throw new Error('update failed');
      const s = getSourceById(tx, sourceId)!;
      updateSource(tx, sourceId, s.version, { title: 'No longer cited' }, editor);
      const gone = deleteSource(tx, sourceId, s.version + 1, editor);
      if (!gone.ok) throw new Error('delete failed');
      restoreSource(tx, sourceId, editor);
      insertReport(
        tx,
        { monumentId: bel.id, damageLevel: 'unknown', certainty: 'low', summary: 'Another', reviewState: 'published' },
        [
          { sourceId, stance: 'disputes' },
          { sourceId: other.id, stance: 'supports' },
        ],
        editor,
      );
    });
    const flags = () =>
      db.$client.prepare('SELECT id, public FROM revisions ORDER BY id').all() as { id: number; public: number }[];
    const written = flags();
    expect(written.some((r) => r.public === 1)).toBe(true);
    expect(written.some((r) => r.public === 0)).toBe(true);

    const migration = fs.readFileSync(path.join(process.cwd(), 'drizzle', '0008_public_revisions.sql'), 'utf8');
    const statements = migration
      .split('--> statement-breakpoint')
      .map((s) => s.trim())
      .filter((s) => !/^(--[^\n]*\n)*ALTER TABLE|CREATE INDEX `revisions_public_idx`/.test(s));
    db.$client.exec('UPDATE revisions SET public = 0');
    for (const s of statements) db.$client.exec(s);
    expect(flags()).toEqual(written);
  });
});

/**
 * The database's change stamps, which tell every server process which public pages went stale (triggers of
 * migration 0007, read by lib/change-watcher.js): each kind of change stamps exactly the pages that show it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { changeStamps, freshDatabase } from '../setup/test-db';
import type { Db } from '@/db';
import { seedDatabase } from '@/db/seed';
import { backupDatabase, restoreDatabase } from '@/db/backup';
import { ChangeWatcher } from '@/lib/change-watcher';

let db: Db;
let stamps: ReturnType<typeof changeStamps>;
beforeEach(() => {
  db = freshDatabase();
  seedDatabase();
  stamps = changeStamps(db);
  stamps.start();
});

const run = (sql: string, ...params: unknown[]) => db.$client.prepare(sql).run(...params);
const one = <T>(sql: string, ...params: unknown[]) => db.$client.prepare(sql).get(...params) as T;

describe('change stamps', () => {
  it("a monument edit stamps its page, its site's page and the lists; its old address too when the slug changes", () => {
    run("UPDATE monuments SET slug = 'temple-of-bel-renamed', version = version + 1 WHERE slug = 'temple-of-bel'");
    expect(stamps.scopes()).toEqual([
      'all',
      'monument:temple-of-bel',
      'monument:temple-of-bel-renamed',
      'site:palmyra',
    ]);
  });

  it('a change to any one stored field of a monument or a site, alone, stamps its page (a new column needs its trigger)', () => {
    // Fields no page shows: the id (never changed) and the creation time.
    const unseen = new Set(['id', 'created_at']);
    const cases = [
      { table: 'monuments', slug: 'temple-of-bel', scope: 'monument:temple-of-bel' },
      { table: 'sites', slug: 'palmyra', scope: 'site:palmyra' },
    ];
    for (const { table, slug, scope } of cases) {
      const columns = db.$client.prepare(`PRAGMA table_info(${table})`).all() as { name: string; type: string }[];
      for (const { name, type } of columns) {
        if (unseen.has(name) || name === 'slug' || name === 'site_id') continue;
        stamps.start();
        const value = /INT|REAL/.test(type) ? 7 : `changed ${name}`;
        // Any new value will do (vocabularies and references are other tests' business).
        db.$client.pragma('foreign_keys = OFF');
        db.$client.pragma('ignore_check_constraints = ON');
        try {
          run(`UPDATE ${table} SET "${name}" = ? WHERE slug = ?`, value, slug);
        } finally {
          db.$client.pragma('ignore_check_constraints = OFF');
          db.$client.pragma('foreign_keys = ON');
        }
        expect(stamps.scopes(), `${table}.${name}`).toContain(scope);
      }
    }
  });

  it('an update that changes nothing stamps nothing, nor does anything a contributor keeps as a draft', () => {
    run("UPDATE monuments SET status_level = status_level WHERE slug = 'temple-of-bel'");
    const m = one<{ id: number }>("SELECT id FROM monuments WHERE slug = 'roman-theatre'");
    run(
      "INSERT INTO reports (monument_id, damage_level, summary, certainty, review_state) VALUES (?, 'destroyed', 'Draft', 'high', 'draft')",
      m.id,
    );
    run("UPDATE reports SET summary = 'Draft, edited' WHERE summary = 'Draft'");
    expect(stamps.scopes()).toEqual([]);
    run("UPDATE reports SET review_state = 'published' WHERE summary = 'Draft, edited'");
    expect(stamps.scopes()).toEqual(['all', 'monument:roman-theatre', 'site:palmyra']);
  });

  it('a source edit stamps the page of every monument whose reports cite it; a site rename the pages of its monuments', () => {
    const cited = one<{ id: number; n: number }>(
      'SELECT source_id AS id, count(DISTINCT r.monument_id) AS n FROM report_sources rs JOIN reports r ON r.id = rs.report_id GROUP BY source_id ORDER BY n DESC LIMIT 1',
    );
    const slugs = db.$client
      .prepare(
        'SELECT DISTINCT m.slug FROM report_sources rs JOIN reports r ON r.id = rs.report_id JOIN monuments m ON m.id = r.monument_id WHERE rs.source_id = ?',
      )
      .pluck()
      .all(cited.id) as string[];
    run("UPDATE sources SET title = 'Retitled' WHERE id = ?", cited.id);
    expect(stamps.scopes()).toEqual(['all', ...slugs.map((s) => `monument:${s}`)].sort());

    stamps.start();
    run("UPDATE sites SET name = 'Palmyra (Tadmur)', version = version + 1 WHERE slug = 'palmyra'");
    const inPalmyra = db.$client
      .prepare("SELECT slug FROM monuments WHERE site_id = (SELECT id FROM sites WHERE slug = 'palmyra')")
      .pluck()
      .all() as string[];
    expect(inPalmyra.length).toBeGreaterThan(3);
    expect(stamps.scopes()).toEqual(['all', ...inPalmyra.map((s) => `monument:${s}`), 'site:palmyra'].sort());
  });

  it("alternative names and citations stamp their monument's page", () => {
    const bel = one<{ id: number }>("SELECT id FROM monuments WHERE slug = 'temple-of-bel'");
    run("INSERT INTO monument_names (monument_id, name, lang) VALUES (?, 'Bêl', 'fr')", bel.id);
    expect(stamps.scopes()).toEqual(['monument:temple-of-bel']);
    stamps.start();
    run(
      "UPDATE report_sources SET quote = 'changed' WHERE report_id IN (SELECT id FROM reports WHERE monument_id = ?)",
      bel.id,
    );
    expect(stamps.scopes()).toEqual(['monument:temple-of-bel']);
  });
});

describe("a server's change watcher", () => {
  it('sees what another connection committed, once, and everything after a restore', async () => {
    const watcher = new ChangeWatcher(db.$client.name);
    try {
      expect(watcher.poll()).toBeNull();
      const validator = watcher.validator();
      run("UPDATE monuments SET period = 'Changed' WHERE slug = 'arch-of-triumph'");
      expect(watcher.poll()).toEqual({
        all: false,
        scopes: expect.arrayContaining(['all', 'monument:arch-of-triumph', 'site:palmyra']),
      });
      expect(watcher.poll()).toBeNull();
      expect(watcher.validator()).not.toBe(validator);

      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-watch-'));
      const backup = path.join(dir, 'b.db');
      await backupDatabase(db.$client.name, backup);
      run("UPDATE monuments SET period = 'Changed again' WHERE slug = 'arch-of-triumph'");
      watcher.poll();
      await restoreDatabase(backup, db.$client.name);
      expect(watcher.poll()).toEqual({ all: true });
      fs.rmSync(dir, { recursive: true, force: true });
    } finally {
      watcher.close();
    }
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase } from '../setup/test-db';
import type { Db } from '@/db';
import { openDatabase, migrateDatabase } from '@/db';

let db: Db;
beforeEach(() => {
  db = freshDatabase();
});

const run =
  (sql: string, ...params: unknown[]) =>
  () =>
    db.$client.prepare(sql).run(...params);

function insertSite(slug = 'palmyra') {
  return db.$client.prepare("INSERT INTO sites (slug, name, country_codes) VALUES (?, 'Site', 'SY')").run(slug)
    .lastInsertRowid as number;
}
function insertMonument(siteId: number, slug = 'temple-of-bel') {
  return db.$client
    .prepare("INSERT INTO monuments (slug, site_id, name, kind) VALUES (?, ?, 'M', 'temple')")
    .run(slug, siteId).lastInsertRowid as number;
}

describe('migrations', () => {
  it('apply to an empty database and create every table, the FTS index and the migration journal', () => {
    const empty = openDatabase(':memory:');
    migrateDatabase(empty);
    const names = (
      empty.$client.prepare("SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name").all() as {
        name: string;
      }[]
    ).map((r) => r.name);
    for (const t of [
      'sites',
      'monuments',
      'monument_names',
      'reports',
      'sources',
      'report_sources',
      'users',
      'revisions',
      'submissions',
      'submission_log',
      'search_index',
      'suggest_names',
      '__drizzle_migrations',
    ]) {
      expect(names).toContain(t);
    }
    expect(empty.$client.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('open file databases in WAL mode with synchronous=FULL and a busy timeout', () => {
    expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.$client.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.$client.pragma('busy_timeout', { simple: true })).toBe(5000);
  });
});

describe('constraints', () => {
  it('reject vocabulary values the code does not know', () => {
    const site = insertSite();
    expect(run("INSERT INTO monuments (slug, site_id, name, kind) VALUES ('x', ?, 'X', 'pyramid')", site)).toThrow(
      /CHECK constraint failed: monuments_kind_vocab/,
    );
    const m = insertMonument(site);
    const report = (level: string, cert = 'high', verif = 'unverified', cause: string | null = null) =>
      run(
        'INSERT INTO reports (monument_id, damage_level, certainty, verification_status, cause, summary) VALUES (?, ?, ?, ?, ?, ?)',
        m,
        level,
        cert,
        verif,
        cause,
        'S',
      );
    expect(report('flattened')).toThrow(/reports_damage_level_vocab/);
    expect(report('destroyed', 'sure')).toThrow(/reports_certainty_vocab/);
    expect(report('destroyed', 'high', 'true')).toThrow(/reports_verification_vocab/);
    expect(report('destroyed', 'high', 'unverified', 'aliens')).toThrow(/reports_cause_vocab/);
    expect(report('destroyed')).not.toThrow();
    expect(run("INSERT INTO sources (title, source_type) VALUES ('T', 'rumour')")).toThrow(/sources_type_vocab/);
  });

  it('reject malformed dates, coordinates, slugs, country codes and URLs', () => {
    const site = insertSite();
    const m = insertMonument(site);
    expect(
      run(
        "INSERT INTO reports (monument_id, damage_level, certainty, summary, event_date) VALUES (?, 'destroyed', 'high', 'S', '2015-02-30')",
        m,
      ),
    ).toThrow(/reports_event_date_iso/);
    expect(
      run(
        "INSERT INTO reports (monument_id, damage_level, certainty, summary, event_date) VALUES (?, 'destroyed', 'high', 'S', '30/08/2015')",
        m,
      ),
    ).toThrow(/reports_event_date_iso/);
    expect(
      run(
        "INSERT INTO reports (monument_id, damage_level, certainty, summary, event_date, event_date_end, event_date_precision) VALUES (?, 'destroyed', 'high', 'S', '2016-01-01', '2015-01-01', 'approximate')",
        m,
      ),
    ).toThrow(/reports_range_order/);
    expect(run("INSERT INTO sites (slug, name, country_codes, latitude) VALUES ('a', 'A', 'SY', 91)")).toThrow(
      /sites_latitude_range/,
    );
    expect(run("INSERT INTO sites (slug, name, country_codes) VALUES ('Bad Slug', 'A', 'SY')")).toThrow(
      /sites_slug_format/,
    );
    expect(run("INSERT INTO sites (slug, name, country_codes) VALUES ('b', 'B', 'syria')")).toThrow(
      /sites_country_codes_format/,
    );
    expect(run("INSERT INTO sources (title, source_type, url) VALUES ('T', 'news', 'javascript:alert(1)')")).toThrow(
      /sources_url_scheme/,
    );
    expect(run("INSERT INTO sites (slug, name, country_codes) VALUES ('c', '   ', 'SY')")).toThrow(
      /sites_name_not_blank/,
    );
  });

  it('reject orphans: a monument without its site, a citation without its source', () => {
    expect(run("INSERT INTO monuments (slug, site_id, name, kind) VALUES ('x', 999, 'X', 'temple')")).toThrow(
      /FOREIGN KEY/,
    );
    const m = insertMonument(insertSite());
    const r = db.$client
      .prepare(
        "INSERT INTO reports (monument_id, damage_level, certainty, summary) VALUES (?, 'destroyed', 'high', 'S')",
      )
      .run(m).lastInsertRowid;
    expect(run("INSERT INTO report_sources (report_id, source_id, stance) VALUES (?, 999, 'supports')", r)).toThrow(
      /FOREIGN KEY/,
    );
    const s = db.$client.prepare("INSERT INTO sources (title, source_type) VALUES ('T', 'news')").run().lastInsertRowid;
    expect(run("INSERT INTO report_sources (report_id, source_id, stance) VALUES (?, ?, 'agrees')", r, s)).toThrow(
      /report_sources_stance_vocab/,
    );
    // A site with monuments cannot be hard-deleted (records are soft-deleted instead).
    expect(run('DELETE FROM sites')).toThrow(/FOREIGN KEY/);
  });

  it('never reuse an id, even after a row is removed', () => {
    const a = insertSite('a');
    db.$client.prepare('DELETE FROM sites WHERE id = ?').run(a);
    expect(insertSite('b')).toBeGreaterThan(a);
  });
});

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase } from '../setup/test-db';
import type { Db } from '@/db';
import { seedDatabase } from '@/db/seed';
import { backupDatabase, restoreDatabase, verifyDatabaseFile } from '@/db/backup';

let db: Db;
let live: string;
let dir: string;
beforeEach(() => {
  db = freshDatabase();
  seedDatabase();
  live = db.$client.name;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-backup-'));
});

const count = (file: string, table: string) => {
  const d = new Database(file, { readonly: true });
  try {
    return (d.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    d.close();
  }
};

describe('backup and restore', () => {
  // Subprocess tests get room for a busy 2-core machine (starting node or tsx can take seconds there).
  it('backs up a consistent copy while another process keeps writing', { timeout: 60_000 }, async () => {
    const writer = spawn(
      process.execPath,
      [
        '-e',
        `
      const D = require('better-sqlite3'); const d = new D(${JSON.stringify(live)}); d.pragma('busy_timeout = 5000');
      const ins = d.prepare("INSERT INTO sources (title, source_type) VALUES (?, 'news')");
      ins.run('first'); console.log('writing');
      const end = Date.now() + 1500; let i = 1; while (Date.now() < end) ins.run('w' + i++);
      console.log(i);`,
      ],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    const exited = new Promise<void>((resolve) => writer.on('exit', () => resolve()));
    // The backup starts once the writer has committed its first row (not after a guessed delay).
    await new Promise<void>((resolve) =>
      writer.stdout.on('data', (c) => {
        out += c;
        if (out.includes('writing')) resolve();
      }),
    );
    const file = path.join(dir, 'during-writes.db');
    await backupDatabase(live, file);
    await exited;
    const written = Number(out.split('\n')[1]);
    expect(written).toBeGreaterThan(0);
    expect(verifyDatabaseFile(file)).toMatchObject({ ok: true, problems: [] });
    expect(count(file, 'monuments')).toBe(count(live, 'monuments'));
    expect(count(file, 'sources')).toBeLessThanOrEqual(count(live, 'sources'));
  });

  it('never overwrites an existing backup file', async () => {
    const file = path.join(dir, 'b.db');
    await backupDatabase(live, file);
    await expect(backupDatabase(live, file)).rejects.toThrow(/already exists/);
  });

  it('refuses to restore a corrupt file or one from another schema version, leaving the live database as it was', async () => {
    const garbage = path.join(dir, 'garbage.db');
    fs.writeFileSync(garbage, 'this is not a database'.repeat(100));
    const unmigrated = path.join(dir, 'unmigrated.db');
    new Database(unmigrated).exec('CREATE TABLE t (x)');
    const before = count(live, 'reports');
    await expect(restoreDatabase(garbage, live)).rejects.toThrow(
      /Refusing to restore .*not a readable SQLite database/,
    );
    await expect(restoreDatabase(unmigrated, live)).rejects.toThrow(/schema version: 0 migration\(s\) applied/);
    expect(count(live, 'reports')).toBe(before);
    expect(fs.readdirSync(path.dirname(live)).filter((f) => f.includes('before-restore'))).toEqual([]);
  });

  it('restores a checked backup and keeps the database it replaced', async () => {
    const file = path.join(dir, 'good.db');
    await backupDatabase(live, file);
    db.$client.prepare("UPDATE monuments SET name = 'Changed after backup' WHERE slug = 'temple-of-bel'").run();
    const { savedCurrentAs } = await restoreDatabase(file, live);
    expect(db.$client.prepare("SELECT name FROM monuments WHERE slug = 'temple-of-bel'").get()).toEqual({
      name: 'Temple of Bel',
    });
    const saved = new Database(savedCurrentAs!, { readonly: true });
    expect(saved.prepare("SELECT name FROM monuments WHERE slug = 'temple-of-bel'").get()).toEqual({
      name: 'Changed after backup',
    });
    saved.close();
  });

  it('the commands explain their usage and fail with a clear message', { timeout: 60_000 }, () => {
    const tsx = path.join(process.cwd(), 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const usage = spawnSync(process.execPath, [tsx, 'scripts/db-backup.ts'], { encoding: 'utf8' });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/Usage: npm run db:backup -- FILE/);
    const bad = spawnSync(process.execPath, [tsx, 'scripts/db-restore.ts', path.join(dir, 'missing.db')], {
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: live },
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/Refusing to restore/);
  });
});

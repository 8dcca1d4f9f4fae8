import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrateDatabase, openDatabase } from '../../db/index';

/** Migrates one base database per run; each test file copies it (tests/setup/test-db.ts). */
export default function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-unit-'));
  const base = path.join(dir, 'base.db');
  const db = openDatabase(base);
  migrateDatabase(db);
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  db.$client.close();
  project.provide('baseDatabase', base);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseDatabase: string;
  }
}

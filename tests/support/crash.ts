/**
 * The crash test (tests/e2e/crash.test.ts, and in full bench/crash.ts): a production server under a stream of
 * acknowledged curator writes is killed with SIGKILL at random moments and started again; afterwards every
 * acknowledged write must be in the database with its revision, PRAGMA integrity_check must say ok, and every
 * record's version must be matched by its revisions.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { signIn } from './curator-http';
import { prepareDatabase, startServer } from './server';
import { createWriteStream, verifyWrites, type WriteLog } from './write-stream';

export interface CrashResult {
  kills: number;
  /** ms from SIGKILL to healthy again, per kill. */
  restartMs: number[];
  durationMs: number;
  log: WriteLog;
  problems: string[];
  integrity: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function crashRun(options: {
  kills: number;
  writers: number;
  minGapMs: number;
  maxGapMs: number;
  random?: () => number;
}): Promise<CrashResult> {
  const random = options.random ?? Math.random;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-crash-'));
  const databasePath = path.join(dir, 'crash.db');
  const admin = { email: 'crash-admin@example.org', password: 'crash-test-password-0123' };
  prepareDatabase(databasePath, admin);
  const probe = new Database(databasePath, { readonly: true });
  const siteId = (
    probe.prepare('SELECT id FROM sites WHERE deleted_at IS NULL ORDER BY id LIMIT 1').get() as { id: number }
  ).id;
  const sourceId = (
    probe.prepare('SELECT id FROM sources WHERE deleted_at IS NULL ORDER BY id LIMIT 1').get() as { id: number }
  ).id;
  probe.close();

  const server = await startServer({
    databasePath,
    env: { RATE_LIMIT_SEARCH_PER_MINUTE: '0', RATE_LIMIT_API_PER_MINUTE: '0', RATE_LIMIT_EXPORT_PER_MINUTE: '0' },
  });
  const started = Date.now();
  const restartMs: number[] = [];
  try {
    const cookie = await signIn(server.baseUrl, admin.email, admin.password);
    const stream = await createWriteStream({
      baseUrl: () => server.baseUrl,
      cookie,
      writers: options.writers,
      tag: `crash${started.toString(36)}`,
      siteId,
      sourceId,
    });
    let done = false;
    const running = stream.run(() => done);
    for (let k = 0; k < options.kills; k++) {
      await sleep(options.minGapMs + random() * (options.maxGapMs - options.minGapMs));
      const killedAt = Date.now();
      await server.kill();
      await server.restart();
      restartMs.push(Date.now() - killedAt);
    }
    // Let the writers save a few more after the last restart, then stop them.
    await sleep(options.minGapMs);
    done = true;
    await running;
    await server.stop();
    const db = new Database(databasePath, { readonly: true });
    try {
      const integrity = String(db.pragma('integrity_check', { simple: true }));
      return {
        kills: options.kills,
        restartMs,
        durationMs: Date.now() - started,
        log: stream.log,
        problems: verifyWrites(db, stream.log),
        integrity,
      };
    } finally {
      db.close();
    }
  } finally {
    if (server.process().exitCode === null && server.process().signalCode === null) await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

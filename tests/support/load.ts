/**
 * The load test (tests/e2e/load.test.ts for a few seconds, bench/load.ts for 30 s): concurrent readers of every
 * public kind of request (cached pages in both languages, the search page, the JSON API) and concurrent curators
 * saving forms, against a production server. Every answer must be what a reader expects (2xx), never an error,
 * and SQLITE_BUSY must never surface.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { signIn } from './curator-http';
import { prepareDatabase, startServer } from './server';
import { createWriteStream, verifyWrites, type WriteLog } from './write-stream';

export interface LoadResult {
  durationMs: number;
  readers: number;
  writers: number;
  requests: number;
  readsPerSecond: number;
  latency: { p50: number; p99: number; max: number };
  byKind: Record<string, { requests: number; p50: number; p99: number }>;
  /** Reads that failed: status other than 200, or no answer. */
  readErrors: string[];
  writes: { reports: number; edits: number; errors: string[] };
  /** Lines of the server log that mention SQLITE_BUSY or a locked database. */
  busy: string[];
  /** Problems found in the database afterwards (acknowledged writes, integrity, revisions). */
  problems: string[];
  log: WriteLog;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0;

export async function loadRun(options: { readers: number; writers: number; durationMs: number }): Promise<LoadResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-load-'));
  const databasePath = path.join(dir, 'load.db');
  const admin = { email: 'load-admin@example.org', password: 'load-test-password-0123' };
  prepareDatabase(databasePath, admin);
  const probe = new Database(databasePath, { readonly: true });
  const monuments = (
    probe.prepare('SELECT slug FROM monuments WHERE deleted_at IS NULL ORDER BY id').all() as { slug: string }[]
  ).map((r) => r.slug);
  const sites = (
    probe.prepare('SELECT slug FROM sites WHERE deleted_at IS NULL ORDER BY id').all() as { slug: string }[]
  ).map((r) => r.slug);
  const siteId = (
    probe.prepare('SELECT id FROM sites WHERE deleted_at IS NULL ORDER BY id LIMIT 1').get() as { id: number }
  ).id;
  const sourceId = (
    probe.prepare('SELECT id FROM sources WHERE deleted_at IS NULL ORDER BY id LIMIT 1').get() as { id: number }
  ).id;
  probe.close();

  // Limits far above what 32 readers send: the limiter runs, but this test is about the database under concurrency.
  const big = '1000000';
  const server = await startServer({
    databasePath,
    env: { RATE_LIMIT_SEARCH_PER_MINUTE: big, RATE_LIMIT_API_PER_MINUTE: big, RATE_LIMIT_EXPORT_PER_MINUTE: big },
  });
  try {
    const base = server.baseUrl;
    const cookie = await signIn(base, admin.email, admin.password);
    const tag = `load${Date.now().toString(36)}`;
    const stream = await createWriteStream({
      baseUrl: () => base,
      cookie,
      writers: options.writers,
      tag,
      siteId,
      sourceId,
    });
    const writerSlugs = Array.from({ length: options.writers }, (_, w) => `${tag}-writer-${w}`);
    const kinds: [string, () => string][] = [
      ['monument page', () => `/${Math.random() < 0.3 ? 'ar/' : ''}monuments/${pick([...monuments, ...writerSlugs])}`],
      ['site page', () => `/${Math.random() < 0.3 ? 'ar/' : ''}sites/${pick(sites)}`],
      ['home', () => pick(['/', '/ar', '/changes', '/sites'])],
      [
        'search page',
        () => `/monuments?q=${encodeURIComponent(pick(['bel', 'temple', 'معبد', 'arch', tag, 'palmyra']))}`,
      ],
      [
        'API list',
        () =>
          `/api/v1/monuments?${pick(['q=bel', 'country=SY', 'status=destroyed', 'sort=latest&per_page=50', `q=${tag}`])}`,
      ],
      ['API record', () => `/api/v1/monuments/${pick(monuments)}`],
    ];
    const latencies: number[] = [];
    const byKind = new Map<string, number[]>();
    const readErrors: string[] = [];
    const started = Date.now();
    const deadline = started + options.durationMs;
    let done = false;
    const writing = stream.run(() => done);

    async function reader(): Promise<void> {
      while (Date.now() < deadline) {
        const [kind, url] = pick(kinds);
        const path = url();
        const t0 = performance.now();
        try {
          const res = await fetch(`${base}${path}`, { redirect: 'manual' });
          await res.arrayBuffer();
          const ms = performance.now() - t0;
          latencies.push(ms);
          (byKind.get(kind) ?? byKind.set(kind, []).get(kind)!).push(ms);
          if (res.status !== 200) readErrors.push(`${res.status} ${path}`);
        } catch (error) {
          readErrors.push(`no answer ${path}: ${(error as Error).message}`);
        }
      }
    }
    await Promise.all(Array.from({ length: options.readers }, reader));
    done = true;
    await writing;
    const durationMs = Date.now() - started;
    const busy = server
      .log()
      .split('\n')
      .filter((l) => /SQLITE_BUSY|database is locked/i.test(l));
    await server.stop();

    const db = new Database(databasePath, { readonly: true });
    const problems = verifyWrites(db, stream.log);
    db.close();
    latencies.sort((a, b) => a - b);
    return {
      durationMs,
      readers: options.readers,
      writers: options.writers,
      requests: latencies.length,
      readsPerSecond: Math.round(latencies.length / (durationMs / 1000)),
      latency: {
        p50: Math.round(percentile(latencies, 50)),
        p99: Math.round(percentile(latencies, 99)),
        max: Math.round(latencies.at(-1) ?? 0),
      },
      byKind: Object.fromEntries(
        [...byKind].map(([k, v]) => {
          v.sort((a, b) => a - b);
          return [k, { requests: v.length, p50: Math.round(percentile(v, 50)), p99: Math.round(percentile(v, 99)) }];
        }),
      ),
      readErrors,
      writes: { reports: stream.log.reports.length, edits: stream.log.edits.length, errors: stream.log.errors },
      busy,
      problems,
      log: stream.log,
    };
  } finally {
    if (server.process().exitCode === null && server.process().signalCode === null) await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)]!;
}

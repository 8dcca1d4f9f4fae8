/**
 * Search benchmark (the search speed target, p99 < 20 ms): `npm run bench:search [-- --reports 1000000 --runs 3]
 * [--no-http] [--rebuild]`.
 *
 * Opens the benchmark data set (bench/data/registry-N.db, made by bench/generate.ts and brought to the current schema
 * by `npm run bench` or `DATABASE_URL=… npm run db:migrate`) read-only, with the serving connection's page cache
 * (db/index.ts gives the read-write serving connection 32 MB), and runs the mixed queries of bench/pages.ts through
 * the API's own parse path (parseFilters, parsePaging, parseSort, effectiveSort) into findMonuments (searchMonuments without its reuse of answers), one at a time,
 * after a warm-up of 40. No HTTP: this isolates the query time from Next and the network (worth 1–3 ms per request).
 * Prints p50/p95/p99/max, the same per query kind, and the 10 slowest queries.
 *
 * Then, unless `--no-http`: the same queries over HTTP, one at a time, each sent to server.js (GET /api/v1/monuments,
 * a production build) and then to the bare node:http + better-sqlite3 server running the same SQL (bench/bare-server.ts),
 * in the same run, `--runs` passes: p99 of each and their ratio per pass (target: ≤ 1.5× in every pass).
 *
 * And the search index's build time from scratch (kept by bench/generate.ts, or measured again on a scratch copy with
 * `--rebuild`) and its size on disk (FTS5 tables, the names' words, the bbox R*Tree; SQLite's dbstat).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../db/index';
import { rebuildSearchIndex } from '../db/queries/search-index';
import { findMonuments } from '../db/queries/search';
import { ROOT, scratchCopy, startServer } from './server-process';
import { parseFilters } from '../lib/filters';
import { effectiveSort, parsePaging, parseSort } from '../lib/search-params';
import { arg, machine } from './results-file';
import { mixedSearchQueries, QUERY_KINDS, QUERY_NAMES_SQL } from './search-queries';

const REPORTS = Number(arg('reports', '1000000'));
const RUNS = Number(arg('runs', '1'));
const HTTP = !process.argv.includes('--no-http');
const REBUILD = process.argv.includes('--rebuild');
const tsx = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const dbFile = path.join(__dirname, 'data', `registry-${REPORTS}.db`);

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const ms = (n: number) => n.toFixed(1);

/** Pages of the search index and what goes with it (the names' words, the bbox R*Tree), from SQLite's dbstat. */
const INDEX_TABLES = [
  'search_index_data',
  'search_index_idx',
  'search_index_content',
  'search_index_docsize',
  'search_index_config',
  'search_words',
  'monument_geo_node',
  'monument_geo_rowid',
  'monument_geo_parent',
];

function indexFigures(file: string): string[] {
  const db = openDatabase(file, { readonly: true });
  const sizes = db.$client
    .prepare(
      `SELECT name, sum(pgsize) AS bytes FROM dbstat WHERE name IN (${INDEX_TABLES.map(() => '?').join(', ')}) GROUP BY name`,
    )
    .all(...INDEX_TABLES) as { name: string; bytes: number }[];
  const kept = db.$client.prepare("SELECT value FROM meta WHERE key = 'bench_index_build_ms'").get() as
    { value: string } | undefined;
  const fileBytes = fs.statSync(file).size;
  db.$client.close();
  const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
  const total = sizes.reduce((n, r) => n + r.bytes, 0);
  const lines = [
    '',
    `Index on disk: ${mb(total)} of a ${mb(fileBytes)} file (${sizes.map((r) => `${r.name} ${mb(r.bytes)}`).join(', ')}).`,
  ];
  if (kept) lines.push(`Index build from scratch (bench/generate.ts): ${(Number(kept.value) / 1000).toFixed(1)} s.`);
  if (REBUILD) {
    const copy = scratchCopy(file);
    try {
      const rw = openDatabase(copy.path);
      const t0 = performance.now();
      rw.$client.transaction(() => rebuildSearchIndex(rw))();
      lines.push(`Index rebuilt from scratch on a copy: ${((performance.now() - t0) / 1000).toFixed(1)} s.`);
      rw.$client.close();
    } finally {
      copy.remove();
    }
  }
  return lines;
}

/** The same queries over HTTP, alternately to server.js and to the bare server, `RUNS` passes; p99s and ratios. */
async function overHttp(queries: string[]): Promise<string[]> {
  const barePort = 3911;
  const bare = spawn(process.execPath, [tsx, 'bench/bare-server.ts', dbFile, String(barePort)], {
    cwd: ROOT,
    stdio: 'ignore',
  });
  const app = await startServer({ databasePath: dbFile, port: 3910 });
  try {
    const bareBase = `http://127.0.0.1:${barePort}`;
    for (let i = 0; i < 100; i++) {
      const up = await fetch(`${bareBase}/api/v1/monuments?q=a`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const timed = async (url: string) => {
      const t0 = performance.now();
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
      return performance.now() - t0;
    };
    for (const q of queries.slice(0, 40)) {
      await timed(`${app.baseUrl}/api/v1/monuments?${q}`);
      await timed(`${bareBase}/api/v1/monuments?${q}`);
    }
    const lines = [
      '',
      `Over HTTP, one request at a time, each query to server.js then to the bare server (${queries.length} queries per pass):`,
      '',
      '| pass | server.js p50 ms | server.js p99 ms | bare p50 ms | bare p99 ms | p99 ratio |',
      '|---|---|---|---|---|---|',
    ];
    const perKind = new Map<string, { app: number[]; bare: number[] }>();
    let worst = 0;
    for (let pass = 0; pass < RUNS; pass++) {
      const appTimes: number[] = [];
      const bareTimes: number[] = [];
      for (let i = 0; i < queries.length; i++) {
        const a = await timed(`${app.baseUrl}/api/v1/monuments?${queries[i]}`);
        const b = await timed(`${bareBase}/api/v1/monuments?${queries[i]}`);
        appTimes.push(a);
        bareTimes.push(b);
        const kind = QUERY_KINDS[i % QUERY_KINDS.length]!;
        const k = perKind.get(kind) ?? { app: [], bare: [] };
        k.app.push(a);
        k.bare.push(b);
        perKind.set(kind, k);
      }
      appTimes.sort((x, y) => x - y);
      bareTimes.sort((x, y) => x - y);
      const ratio = pct(appTimes, 99) / pct(bareTimes, 99);
      worst = Math.max(worst, ratio);
      lines.push(
        `| ${pass + 1} | ${ms(pct(appTimes, 50))} | ${ms(pct(appTimes, 99))} | ${ms(pct(bareTimes, 50))} | ${ms(pct(bareTimes, 99))} | ${ratio.toFixed(2)}× |`,
      );
    }
    lines.push('', `Worst p99 ratio: ${worst.toFixed(2)}× (target ≤ 1.5× in every pass).`, '');
    lines.push('| query kind | server.js p99 ms | bare p99 ms |', '|---|---|---|');
    for (const [kind, k] of perKind) {
      k.app.sort((x, y) => x - y);
      k.bare.sort((x, y) => x - y);
      lines.push(`| ${kind} | ${ms(pct(k.app, 99))} | ${ms(pct(k.bare, 99))} |`);
    }
    return lines;
  } finally {
    bare.kill('SIGTERM');
    await app.stop();
  }
}

async function main() {
  if (!fs.existsSync(dbFile))
    throw new Error(
      `${dbFile} is missing: run \`npx tsx bench/generate.ts --monuments ${REPORTS / 10} --reports ${REPORTS} --out ${dbFile}\` then \`DATABASE_URL=${dbFile} npm run db:migrate\``,
    );
  const db = openDatabase(dbFile, { readonly: true });
  // As the serving connection (db/index.ts): its page cache and memory map.
  db.$client.pragma('cache_size = -32768');
  db.$client.pragma('mmap_size = 1073741824');
  const names = (db.$client.prepare(QUERY_NAMES_SQL).all() as { name: string }[]).map((r) => r.name);
  const queries = mixedSearchQueries(names);

  const run = (qs: string) => {
    const params = new URLSearchParams(qs);
    const filters = parseFilters(params);
    const paging = parsePaging(params, { defaultPerPage: 20, allowPerPage: true });
    const sort = parseSort(params);
    if (!filters.ok || !paging.ok || !sort.ok) throw new Error(`bad query ${qs}`);
    return findMonuments(db, filters.value, { sort: effectiveSort(sort.value, filters.value.q), ...paging.value });
  };

  const t0 = performance.now();
  for (const q of queries.slice(0, 40)) run(q); // warm-up, as bench/pages.ts
  const warmUp = performance.now() - t0;

  const times: { q: string; kind: string; t: number; total: number }[] = [];
  for (let r = 0; r < RUNS; r++) {
    queries.forEach((q, i) => {
      const s = performance.now();
      const result = run(q);
      times.push({ q, kind: QUERY_KINDS[i % QUERY_KINDS.length]!, t: performance.now() - s, total: result.total });
    });
  }
  const all = times.map((x) => x.t).sort((a, b) => a - b);
  const lines = [
    `Command: \`npm run bench:search -- --reports ${REPORTS}${RUNS > 1 ? ` --runs ${RUNS}` : ''}\`; ${machine()}.`,
    `${queries.length} queries × ${RUNS} run(s) after a warm-up of 40 (${ms(warmUp)} ms): p50 ${ms(pct(all, 50))} ms, p95 ${ms(pct(all, 95))} ms, p99 ${ms(pct(all, 99))} ms, max ${ms(all[all.length - 1]!)} ms.`,
    '',
    '| query kind | hits (total) | p50 ms | p99 ms | max ms |',
    '|---|---|---|---|---|',
  ];
  for (const kind of QUERY_KINDS) {
    const own = times.filter((x) => x.kind === kind);
    const t = own.map((x) => x.t).sort((a, b) => a - b);
    const totals = own.map((x) => x.total);
    lines.push(
      `| ${kind} | ${Math.min(...totals).toLocaleString('en')}–${Math.max(...totals).toLocaleString('en')} | ${ms(pct(t, 50))} | ${ms(pct(t, 99))} | ${ms(t[t.length - 1]!)} |`,
    );
  }
  lines.push('', 'Slowest 10:', '');
  for (const x of [...times].sort((a, b) => b.t - a.t).slice(0, 10))
    lines.push(`- ${ms(x.t)} ms \`${decodeURIComponent(x.q)}\` (${x.total.toLocaleString('en')} hits)`);
  db.$client.close();
  lines.push(...indexFigures(dbFile));
  if (HTTP) lines.push(...(await overHttp(queries)));
  console.log(lines.join('\n'));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

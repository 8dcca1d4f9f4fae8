/**
 * In-process search benchmark (the search speed target, p99 < 20 ms): `npm run bench:search [-- --reports 1000000 --runs 3]`.
 *
 * Opens the benchmark data set (bench/data/registry-N.db, made by bench/generate.ts and brought to the current schema
 * by `npm run bench` or `DATABASE_URL=… npm run db:migrate`) read-only, with the serving connection's page cache
 * (db/index.ts gives the read-write serving connection 32 MB), and runs the mixed queries of bench/pages.ts through
 * the API's own parse path (parseFilters, parsePaging, parseSort, effectiveSort) into findMonuments (searchMonuments without its reuse of answers), one at a time,
 * after a warm-up of 40. No HTTP: this isolates the query time from Next and the network (worth 1–3 ms per request).
 * Prints p50/p95/p99/max, the same per query kind, and the 10 slowest queries.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../db/index';
import { findMonuments } from '../db/queries/search';
import { parseFilters } from '../lib/filters';
import { effectiveSort, parsePaging, parseSort } from '../lib/search-params';
import { arg, machine } from './results-file';
import { mixedSearchQueries, QUERY_KINDS, QUERY_NAMES_SQL } from './search-queries';

const REPORTS = Number(arg('reports', '1000000'));
const RUNS = Number(arg('runs', '1'));
const dbFile = path.join(__dirname, 'data', `registry-${REPORTS}.db`);

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const ms = (n: number) => n.toFixed(1);

function main() {
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
  console.log(lines.join('\n'));
  db.$client.close();
}

main();

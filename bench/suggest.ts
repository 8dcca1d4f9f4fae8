/**
 * Suggestions benchmark (the target: p99 < 10 ms over HTTP at 32 connections with ≥ 1,000 req/s):
 * `npm run bench:suggest [-- --reports 1000000 --duration 10 --no-write]`.
 *
 * On the deterministic data set of bench/generate.ts (generated and migrated on first use, as bench/pages.ts does),
 * against server.js (a production build; built only if there is none) with two workers and the per-address rate
 * limits off:
 * - the queries: what readers type into a search box, taken from the data set's own names — every prefix of 2 to 8
 *   letters of English and Arabic names, from their first word and from a later one, plus a few that match nothing;
 * - in-process: findSuggestions on each query, one at a time (the query alone, no HTTP);
 * - over HTTP with autocannon, each request the next query of the list: as fast as 32 connections go (closed loop),
 *   then at a fixed 1,000 requests a second over 32 connections (what the target names), p50/p99 and req/s of each;
 * - the index: its rows and its size on disk.
 * Figures replace the "suggest" section of bench/RESULTS.md (`--no-write`: print only).
 */
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { findSuggestions } from '../db/queries/suggest';
import { arg, machine, writeSection } from './results-file';
import {
  appDir,
  benchDatabase,
  ensureBuild,
  loadAverage,
  percentile,
  startServer,
  undisturbed,
  withCpu,
} from './server-process';

const REPORTS = Number(arg('reports', '1000000'));
const MONUMENTS = Number(arg('monuments', String(REPORTS / 10)));
const DURATION = Number(arg('duration', '10'));
const RATE = Number(arg('rate', '1000'));
const CONNECTIONS = 32;

/** What readers type: prefixes of the names in the data set, in a fixed, shuffled order. */
function typedQueries(db: Database.Database): string[] {
  const rows = db
    .prepare(
      `SELECT * FROM (SELECT name, name_ar AS nameAr FROM monuments WHERE deleted_at IS NULL AND id % ? = 0 LIMIT 150)
       UNION ALL SELECT * FROM (SELECT name, name_ar FROM sites WHERE deleted_at IS NULL LIMIT 50)`,
    )
    .all(Math.max(1, Math.floor(MONUMENTS / 150))) as { name: string; nameAr: string | null }[];
  const queries = new Set<string>();
  for (const r of rows)
    for (const name of [r.name, r.nameAr ?? '']) {
      const words = name.split(/\s+/).filter(Boolean);
      for (const from of [0, Math.min(1, words.length - 1)]) {
        const text = words.slice(from).join(' ');
        for (let n = 2; n <= Math.min(8, text.length); n++) queries.add(text.slice(0, n));
      }
    }
  for (const miss of ['zq', 'xxyz', 'qqqq w', 'ضضضض']) queries.add(miss);
  // A fixed shuffle (a linear congruential generator): neighbours in the list are not prefixes of one another.
  const list = [...queries];
  let seed = 42;
  for (let i = list.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}

const pathFor = (q: string, i: number) =>
  `/api/v1/suggest?q=${encodeURIComponent(q)}${/[\u0600-\u06FF]/.test(q) || i % 3 === 0 ? '&locale=ar' : ''}`;

async function cannon(baseUrl: string, paths: string[], serverPid: number, overallRate?: number) {
  let next = 0;
  const { result, serverCores, clientCores, otherCores } = await withCpu(serverPid, () =>
    autocannon({
      url: baseUrl,
      connections: CONNECTIONS,
      duration: DURATION,
      pipelining: 1,
      ...(overallRate ? { overallRate } : {}),
      requests: [{ setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length]! }) }],
    }),
  );
  const answered = Object.values(result.statusCodeStats).reduce((s, v) => s + v.count, 0);
  const ok = result.statusCodeStats['200']?.count ?? 0;
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    requests: answered,
    errors: result.errors + result.timeouts + (answered - ok),
    serverCores,
    clientCores,
    otherCores,
  };
}

async function main() {
  ensureBuild();
  const dbFile = benchDatabase(REPORTS, MONUMENTS);
  const { buildId } = appDir();
  const on = machine();
  const startedAt = new Date().toISOString().slice(0, 16);

  const probe = new Database(dbFile, { readonly: true });
  const queries = typedQueries(probe);
  const paths = queries.map(pathFor);
  const rows = (probe.prepare('SELECT count(*) AS n FROM suggest_names').get() as { n: number }).n;
  if (rows === 0) throw new Error(`${dbFile} has no suggestion index: migrate it (npm run db:migrate) first`);
  let bytes: number | null = null;
  try {
    bytes = (
      probe
        .prepare("SELECT sum(pgsize) AS n FROM dbstat WHERE name IN ('suggest_names', 'suggest_names_entry_idx')")
        .get() as { n: number }
    ).n;
  } catch {
    /* SQLite built without dbstat */
  }
  // In-process: the query alone, one at a time, after a warm-up pass.
  for (const q of queries) findSuggestions(probe, { q, limit: 8 });
  const times: number[] = [];
  let empty = 0;
  for (const q of queries) {
    const t0 = performance.now();
    if (findSuggestions(probe, { q, limit: 8 }).length === 0) empty++;
    times.push(performance.now() - t0);
  }
  probe.close();
  times.sort((a, b) => a - b);

  const server = await startServer({ databasePath: dbFile, port: 3910, workers: 2 });
  try {
    for (const p of paths.slice(0, 200)) await fetch(`${server.baseUrl}${p}`).then((r) => r.arrayBuffer()); // warm-up
    const load = loadAverage();
    const pid = server.child.pid!;
    // Each run after waiting for a quiet machine, and again (up to 3 runs) while other work disturbed it.
    const closed = await undisturbed(() => cannon(server.baseUrl, paths, pid));
    console.log(
      `closed loop: ${closed.rps} req/s, p50 ${closed.p50} ms, p99 ${closed.p99} ms, errors ${closed.errors}`,
    );
    const paced = await undisturbed(() => cannon(server.baseUrl, paths, pid, RATE));
    console.log(`at ${RATE}/s: ${paced.rps} req/s, p50 ${paced.p50} ms, p99 ${paced.p99} ms, errors ${paced.errors}`);
    const met = (r: typeof closed) => r.p99 < 10 && r.rps >= 1000 && r.errors === 0;
    const cpu = (r: typeof closed) =>
      `${r.serverCores.toFixed(2)} / ${r.clientCores.toFixed(2)} / ${r.otherCores.toFixed(2)}`;
    const ms = (n: number) => n.toFixed(2);
    const body = `## Suggestions (bench/suggest.ts)

Command: \`npm run bench:suggest -- --reports ${REPORTS} --duration ${DURATION}\` (${MONUMENTS.toLocaleString('en')} monuments,
${REPORTS.toLocaleString('en')} reports from bench/generate.ts). Run ${startedAt}Z on ${on}; load average before the HTTP runs ${load}.
Build ${buildId}. Server: \`server.js\`, WEB_CONCURRENCY=2, rate limits off; **client (autocannon, one process) and
server share the machine's cores**.

Queries: ${queries.length.toLocaleString('en')} prefixes of 2 to 8 letters of the data set's English and Arabic names (from their
first word and from their second), a third of them asked with \`locale=ar\`, in a fixed shuffled order, each request
the next one (${empty} match nothing). Index: ${rows.toLocaleString('en')} rows${bytes ? `, ${(bytes / 2 ** 20).toFixed(1)} MiB on disk (table and entry index)` : ''}.

Each HTTP run waited for a quiet machine and was run again while other work used more than 0.3 cores during it
(runs thrown away: ${closed.discarded + paced.discarded}; "other" below is what the rest of the machine used during the kept run).

| run | req/s | p50 ms | p99 ms | max ms | errors | CPU server / client / other (cores) |
|---|---|---|---|---|---|---|
| HTTP, ${CONNECTIONS} connections, as fast as they go | **${closed.rps}** | ${closed.p50} | **${closed.p99}** | ${closed.max} | ${closed.errors} | ${cpu(closed)} |
| HTTP, ${CONNECTIONS} connections, paced at ${RATE}/s | **${paced.rps}** | ${paced.p50} | **${paced.p99}** | ${paced.max} | ${paced.errors} | ${cpu(paced)} |

In-process (findSuggestions alone, one at a time): p50 ${ms(percentile(times, 50))} ms, p99 ${ms(percentile(times, 99))} ms, max ${ms(times[times.length - 1]!)} ms.

Target (p99 < 10 ms at ${CONNECTIONS} connections with ≥ 1,000 req/s): as fast as they go ${met(closed) ? 'met' : '**not met**'}; paced at ${RATE}/s ${met(paced) ? 'met' : '**not met**'}.`;
    console.log(`\n${body}\n`);
    if (!process.argv.includes('--no-write')) writeSection('suggest', body);
  } finally {
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

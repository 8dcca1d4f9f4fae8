/**
 * Public lookup benchmark: `npm run bench` (or `npx tsx bench/pages.ts [--reports 1000000] [--duration 10] [--rounds 3]`).
 *
 * On the large deterministic data set (bench/generate.ts: 100,000 monuments, 1,000,000 reports; generated once into
 * bench/data/), against server.js (a production build; built only if there is none, `--build` to force one):
 * - search latency p50/p99 over 400 mixed queries through GET /api/v1/monuments?q=… (one request at a time,
 *   `--search-passes` times);
 * - autocannon at 2 and 32 connections against: a static file, a cached monument page (checked to be a page-layer
 *   hit: every response's `x-page-cache` is counted; plain and gzipped), the same page revalidated (If-None-Match with
 *   its ETag → 304),
 *   the monument JSON API and its 304, and a bare node:http + better-sqlite3 server running the same queries;
 * - the static file, the page and its 304 at 32 connections, in `--rounds` interleaved rounds, with WEB_CONCURRENCY=2
 *   and again with one worker (a second server start).
 * Figures replace the "pages" section of bench/RESULTS.md (`--no-write`: print only).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { arg, machine, writeSection } from './results-file';
import { mixedSearchQueries, QUERY_KINDS, QUERY_NAMES_SQL } from './search-queries';
import {
  appDir,
  benchDatabase,
  ensureBuild,
  loadAverage,
  percentile,
  request,
  ROOT,
  startServer,
  undisturbed,
  warmPage,
  withCpu,
  type BenchServer,
} from './server-process';

const REPORTS = Number(arg('reports', '1000000'));
const MONUMENTS = Number(arg('monuments', String(REPORTS / 10)));
const DURATION = Number(arg('duration', '10'));
const ROUNDS = Number(arg('rounds', '3'));
const SEARCH_PASSES = Number(arg('search-passes', '3'));
const tsx = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

interface Run {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  cache: Record<string, number>;
  serverCores: number;
  clientCores: number;
  otherCores: number;
}

/**
 * autocannon against `url`; `expect` is the status every answer must have (anything else, a connection error or a
 * timeout is an error). Counts the `x-page-cache` values of all answers.
 */
async function cannonOnce(
  serverPid: number,
  url: string,
  connections: number,
  expect = 200,
  headers: Record<string, string> = {},
): Promise<Run> {
  const cache: Record<string, number> = {};
  const { result, serverCores, clientCores, otherCores } = await withCpu(serverPid, () =>
    autocannon({
      url,
      connections,
      duration: DURATION,
      pipelining: 1,
      headers,
      setupClient: (client) =>
        client.on('headers', (info) => {
          const h = info.headers;
          for (let i = 0; i < h.length; i += 2) {
            if (h[i]!.length === 12 && h[i]!.toLowerCase() === 'x-page-cache')
              cache[h[i + 1]!] = (cache[h[i + 1]!] ?? 0) + 1;
          }
        }),
    }),
  );
  const answered = Object.values(result.statusCodeStats).reduce((s, v) => s + v.count, 0);
  const expected = result.statusCodeStats[String(expect)]?.count ?? 0;
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: answered,
    errors: result.errors + result.timeouts + (answered - expected),
    cache,
    serverCores,
    clientCores,
    otherCores,
  };
}

/** Runs discarded because other work on the machine used more than 0.3 cores during them (each was run again). */
let discarded = 0;

/** cannonOnce after waiting for a quiet machine, run again (up to 3 runs) while other work disturbed it. */
async function cannon(
  serverPid: number,
  url: string,
  connections: number,
  expect = 200,
  headers: Record<string, string> = {},
): Promise<Run> {
  const run = await undisturbed(() => cannonOnce(serverPid, url, connections, expect, headers));
  discarded += run.discarded;
  return run;
}

const median = (runs: Run[]): Run => [...runs].sort((a, b) => a.rps - b.rps)[Math.floor(runs.length / 2)]!;
const cacheText = (r: Run) =>
  Object.keys(r.cache).length
    ? Object.entries(r.cache)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')
    : '—';
const cpuText = (r: Run) => `${r.serverCores.toFixed(2)} / ${r.clientCores.toFixed(2)} / ${r.otherCores.toFixed(2)}`;
/** Server CPU time per answer, in microseconds: what an answer costs the server, whoever limited the rate. */
const perRequest = (r: Run) => Math.round((r.serverCores * 1e6) / Math.max(1, r.rps));
const hitsOnly = (r: Run) => (r.cache.hit ?? 0) === r.requests;

async function main() {
  ensureBuild();
  const dbFile = benchDatabase(REPORTS, MONUMENTS);
  const { buildId } = appDir();
  const on = machine();
  const startedAt = new Date().toISOString().slice(0, 16);

  const probe = new Database(dbFile, { readonly: true });
  const slug = (
    probe
      .prepare("SELECT slug FROM monuments WHERE deleted_at IS NULL AND status_level = 'destroyed' ORDER BY id LIMIT 1")
      .get() as { slug: string }
  ).slug;
  const names = (probe.prepare(QUERY_NAMES_SQL).all() as { name: string }[]).map((r) => r.name);
  const reportsOnPage = (
    probe
      .prepare(
        "SELECT count(*) AS n FROM reports r JOIN monuments m ON m.id = r.monument_id WHERE m.slug = ? AND r.review_state = 'published' AND r.deleted_at IS NULL",
      )
      .get(slug) as { n: number }
  ).n;
  probe.close();

  const barePort = 3901;
  const bare = spawn(process.execPath, [tsx, 'bench/bare-server.ts', dbFile, String(barePort)], {
    cwd: ROOT,
    stdio: 'ignore',
  });
  const servers: BenchServer[] = [];
  try {
    // ——— Server with two workers: search, then every case at 2 and 32 connections ———
    const two = await startServer({ databasePath: dbFile, port: 3900, workers: 2 });
    servers.push(two);
    const base = two.baseUrl;
    for (let i = 0; i < 100; i++) {
      try {
        if ((await request(`http://127.0.0.1:${barePort}/monuments/${slug}`)).status === 200) break;
      } catch {
        /* not up yet */
      }
      await new Promise((r) => setTimeout(r, 200));
    }

    // Search: mixed queries (whole names, prefixes as typed, Arabic, accents, filters, no-hit), one at a time.
    const queries = mixedSearchQueries(names);
    for (const q of queries.slice(0, 40)) await fetch(`${base}/api/v1/monuments?${q}`).then((r) => r.arrayBuffer()); // warm-up
    const searchLoad = loadAverage();
    const searchPasses = [];
    for (let pass = 0; pass < SEARCH_PASSES; pass++) {
      const one = await undisturbed(async () => {
        const { result, otherCores } = await withCpu(two.child.pid!, async () => {
          const samples: { ms: number; kind: string }[] = [];
          let errors = 0;
          for (let i = 0; i < queries.length; i++) {
            const t0 = performance.now();
            const res = await fetch(`${base}/api/v1/monuments?${queries[i]}`);
            await res.arrayBuffer();
            samples.push({ ms: performance.now() - t0, kind: QUERY_KINDS[i % QUERY_KINDS.length]! });
            if (res.status !== 200) errors++;
          }
          return { samples, errors };
        });
        return { ...result, otherCores };
      });
      discarded += one.discarded;
      searchPasses.push(one);
      const sorted = one.samples.map((x) => x.ms).sort((a, b) => a - b);
      console.log(
        `search pass ${pass + 1}: p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, non-200 ${one.errors}, other work ${one.otherCores.toFixed(2)} cores`,
      );
    }
    const allSamples = searchPasses.flatMap((p) => p.samples);
    const latencies = allSamples.map((x) => x.ms).sort((a, b) => a - b);
    const searchErrors = searchPasses.reduce((n, p) => n + p.errors, 0);
    const passP99 = searchPasses.map((p) =>
      percentile(
        p.samples.map((x) => x.ms).sort((a, b) => a - b),
        99,
      ).toFixed(1),
    );
    // The query kinds of the slowest 1 % of samples.
    const slowKinds = Object.entries(
      allSamples
        .filter((x) => x.ms >= percentile(latencies, 99))
        .reduce<Record<string, number>>((acc, x) => ({ ...acc, [x.kind]: (acc[x.kind] ?? 0) + 1 }), {}),
    )
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ×${n}`)
      .join(', ');

    const pageUrl = `${base}/monuments/${slug}`;
    const apiUrl = `${base}/api/v1/monuments/${slug}`;
    const warm = await warmPage(pageUrl, two.workers);
    const etag = String(warm.headers.etag);
    const pageBytes = warm.body.length;
    const api = await request(apiUrl);
    const apiEtag = String(api.headers.etag ?? '');
    if (!apiEtag) throw new Error('the JSON API answered without an ETag');
    for (const [url, tag] of [
      [pageUrl, etag],
      [apiUrl, apiEtag],
    ] as const) {
      const res = await request(url, { fresh: true, headers: { 'if-none-match': tag } });
      if (res.status !== 304) throw new Error(`${url} with If-None-Match ${tag}: ${res.status}, not 304`);
    }
    await request(`${base}/robots.txt`);

    const serverPid = two.child.pid!;
    const targets: [string, number, string, number, Record<string, string>][] = [
      ['static file (/robots.txt)', serverPid, `${base}/robots.txt`, 200, {}],
      ['monument page, cached (page-layer hit)', serverPid, pageUrl, 200, {}],
      [
        'monument page, cached, asked with Accept-Encoding: gzip (as browsers do)',
        serverPid,
        pageUrl,
        200,
        { 'accept-encoding': 'gzip' },
      ],
      ['monument page, If-None-Match its ETag → 304', serverPid, pageUrl, 304, { 'if-none-match': etag }],
      ['monument JSON API (/api/v1/monuments/{slug})', serverPid, apiUrl, 200, {}],
      ['monument JSON API, If-None-Match its ETag → 304', serverPid, apiUrl, 304, { 'if-none-match': apiEtag }],
      [
        'bare node:http + better-sqlite3, same queries (no server.js)',
        bare.pid!,
        `http://127.0.0.1:${barePort}/monuments/${slug}`,
        200,
        {},
      ],
    ];
    const rows: string[] = [];
    for (const [label, pid, url, expect, headers] of targets) {
      const at2 = await cannon(pid, url, 2, expect, headers);
      const at32 = await cannon(pid, url, 32, expect, headers);
      console.log(
        `${label}: @2 ${at2.rps} req/s p99 ${at2.p99} ms; @32 ${at32.rps} req/s p99 ${at32.p99} ms; errors ${at2.errors + at32.errors}; x-page-cache @32: ${cacheText(at32)}; CPU @32 server / client / other ${cpuText(at32)}`,
      );
      rows.push(
        `| ${label} | ${at2.rps} | ${at2.p99} | ${at32.rps} | ${at32.p99} | ${cpuText(at32)} | ${perRequest(at32)} | ${at2.errors + at32.errors} | ${cacheText(at32)} |`,
      );
    }

    // ——— Static file vs cached page vs 304 at 32 connections, interleaved rounds, 2 workers then 1 ———
    const compare = async (server: BenchServer) => {
      const page = `${server.baseUrl}/monuments/${slug}`;
      const tag = String((await warmPage(page, server.workers)).headers.etag);
      const runs = { static: [] as Run[], page: [] as Run[], notModified: [] as Run[] };
      const load = loadAverage();
      for (let round = 0; round < ROUNDS; round++) {
        const pid = server.child.pid!;
        runs.static.push(await cannon(pid, `${server.baseUrl}/robots.txt`, 32));
        runs.page.push(await cannon(pid, page, 32));
        runs.notModified.push(await cannon(pid, page, 32, 304, { 'if-none-match': tag }));
        console.log(
          `${server.workers} worker(s), round ${round + 1}: static ${runs.static.at(-1)!.rps}, page ${runs.page.at(-1)!.rps} (${cacheText(runs.page.at(-1)!)}), 304 ${runs.notModified.at(-1)!.rps} req/s; CPU (page) ${cpuText(runs.page.at(-1)!)}`,
        );
      }
      // The page must have stayed the same page-layer hit throughout.
      const after = await request(page, { fresh: true });
      if (after.headers['x-page-cache'] !== 'hit' || after.headers.etag !== tag)
        throw new Error(
          `${page} is no longer the same hit after the runs: ${after.headers['x-page-cache']} ${after.headers.etag}`,
        );
      return { runs, load, loadAfter: loadAverage() };
    };
    const withTwo = await compare(two);
    await two.stop();
    const one = await startServer({ databasePath: dbFile, port: 3903, workers: 1 });
    servers.push(one);
    const withOne = await compare(one);
    await one.stop();

    const line = (label: string, runs: Run[]) => {
      const m = median(runs);
      const cache = runs.every(hitsOnly)
        ? 'all hit'
        : runs.every((r) => Object.keys(r.cache).length === 0)
          ? '—'
          : runs.map(cacheText).join(' / ');
      return `| ${label} | **${m.rps}** | ${m.p50} | **${m.p99}** | ${cpuText(m)} | ${perRequest(m)} | ${runs.map((r) => r.rps).join(', ')} | ${runs.reduce((s, r) => s + r.errors, 0)} | ${cache} |`;
    };
    const verdict = (w: typeof withTwo) => {
      const s = median(w.runs.static),
        p = median(w.runs.page),
        n = median(w.runs.notModified);
      return { ratio: p.rps / s.rps, p99: p.p99, notModifiedRatio: n.rps / p.rps, page: p, static: s, notModified: n };
    };
    const v2 = verdict(withTwo),
      v1 = verdict(withOne);
    const met = (ok: boolean) => (ok ? 'met' : '**not met**');

    const body = `## Public lookup (bench/pages.ts)

Command: \`npm run bench -- --reports ${REPORTS} --duration ${DURATION} --rounds ${ROUNDS} --search-passes ${SEARCH_PASSES}\` (${MONUMENTS.toLocaleString('en')} monuments,
${REPORTS.toLocaleString('en')} reports from bench/generate.ts; autocannon ${DURATION} s per run, one connection pool, no
compression asked unless said). Run ${startedAt}Z on ${on}; load average during the 2-worker comparison ${withTwo.load} → ${withTwo.loadAfter},
during the 1-worker one ${withOne.load} → ${withOne.loadAfter}. Build ${buildId}. **Client (autocannon, one process) and
server share the machine's cores**, so the client's own work caps every figure and two workers compete with it for CPU.

Server: \`server.js\` with WEB_CONCURRENCY=2 unless said otherwise (the default on this machine: one worker per core),
per-address rate limits off (autocannon is one address). The page is \`/monuments/${slug}\` (${reportsOnPage} published
reports, ${pageBytes.toLocaleString('en')} bytes of HTML); every answer's \`x-page-cache\` header was counted, and the page was
checked to be a hit in every worker before and still the same hit (same ETag) after the runs.

Search: ${queries.length} mixed queries via \`GET /api/v1/monuments?q=…\`, one at a time, ${SEARCH_PASSES} passes after a warm-up of 40 (load
average ${searchLoad}; other work during the passes: ${searchPasses.map((p) => p.otherCores.toFixed(2)).join(', ')} cores): p50 ${percentile(latencies, 50).toFixed(1)} ms,
**p99 ${percentile(latencies, 99).toFixed(1)} ms** over all ${latencies.length} (target < 20 ms: ${met(percentile(latencies, 99) < 20)}; p99 of each pass: ${passP99.join(', ')} ms), max
${latencies.at(-1)!.toFixed(1)} ms, non-200: ${searchErrors}. The slowest 1 %: ${slowKinds}.
Each server process reuses a search's answer until the data changes (db/queries/search.ts): ${new Set(queries).size} of the ${queries.length}
queries are distinct, so repeats (within a pass, and in later passes) are answered from that reuse once a worker has
counted them; the queries' own cost, without reuse, is measured in-process ("Search (in-process)", bench/search.ts).

| case (WEB_CONCURRENCY=2) | req/s @2 | p99 ms @2 | req/s @32 | p99 ms @32 | CPU @32: server / client / other | server CPU µs per answer @32 | errors | x-page-cache @32 |
|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}

Static file vs cached page vs 304 at 32 connections, ${ROUNDS} interleaved rounds per server start (median round by req/s;
"errors" counts any answer other than the expected 200/304, connection errors and timeouts). "CPU" is the CPU time the
server's processes (primary and workers), the client (autocannon, this process) and everything else on the machine
("other": someone else's work, which disturbs the figures) used during the run, in cores: 2.00 in all is the whole
machine. Every run (here and above) began once the machine was quiet (under 0.25 cores busy over 2 s); a run during
which other work used more than 0.3 cores was run again (at most 3 runs in all; if all were disturbed, the least disturbed
one counts): ${discarded} run(s) were discarded so. (The load average of this virtual machine stays around 1–3 even when
/proc/stat shows it idle: the "other" column is the measure of disturbance.)

| WEB_CONCURRENCY / case | req/s | p50 ms | p99 ms | CPU: server / client / other | server CPU µs per answer | req/s of each round | errors | x-page-cache |
|---|---|---|---|---|---|---|---|---|
${line('2 workers: static file', withTwo.runs.static)}
${line('2 workers: cached monument page', withTwo.runs.page)}
${line('2 workers: 304 (If-None-Match)', withTwo.runs.notModified)}
${line('1 worker: static file', withOne.runs.static)}
${line('1 worker: cached monument page', withOne.runs.page)}
${line('1 worker: 304 (If-None-Match)', withOne.runs.notModified)}

- Cached page vs static file through the same server, 32 connections: **${v2.ratio.toFixed(2)}×** with 2 workers, **${v1.ratio.toFixed(2)}×**
  with 1 (target ≥ 1.0×: ${met(v2.ratio >= 1)} / ${met(v1.ratio >= 1)}); page p99 **${v2.p99} ms** / **${v1.p99} ms** (target < 25 ms: ${met(v2.p99 < 25)} / ${met(v1.p99 < 25)}).
- 304 vs the full page: ${v2.notModified.rps} vs ${v2.page.rps} req/s (${v2.notModifiedRatio.toFixed(2)}×), p99 ${v2.notModified.p99} vs ${v2.page.p99} ms with 2 workers;
  ${v1.notModified.rps} vs ${v1.page.rps} req/s (${v1.notModifiedRatio.toFixed(2)}×), p99 ${v1.notModified.p99} vs ${v1.page.p99} ms with 1.
- One worker vs two: cached page ${v1.page.rps} vs ${v2.page.rps} req/s (${(v2.page.rps / v1.page.rps).toFixed(2)}×), p99 ${v1.page.p99} vs ${v2.page.p99} ms.
- What each answer costs the server (CPU time per answer, 2 workers / 1 worker): cached page ${perRequest(v2.page)} / ${perRequest(v1.page)} µs,
  304 ${perRequest(v2.notModified)} / ${perRequest(v1.notModified)} µs, static file ${perRequest(v2.static)} / ${perRequest(v1.static)} µs. During the cached-page runs the client used
  ${v2.page.clientCores.toFixed(2)} / ${v1.page.clientCores.toFixed(2)} cores and the server ${v2.page.serverCores.toFixed(2)} / ${v1.page.serverCores.toFixed(2)}: ${v2.page.clientCores > 0.8 ? 'the client (one autocannon process reading ' + Math.round(pageBytes / 1024) + ' KiB answers) is the limit, not the server, so a second worker cannot show here' : 'the server is the limit'}.`;
    console.log(`\n${body}\n`);
    if (!process.argv.includes('--no-write')) writeSection('pages', body);
  } finally {
    for (const s of servers) await s.stop();
    bare.kill('SIGTERM');
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

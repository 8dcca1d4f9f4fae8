/**
 * Public lookup benchmark (issues 2 and 4): `npm run bench` (or `npx tsx bench/pages.ts [--reports 1000000]`).
 *
 * On the large deterministic data set (bench/generate.ts: 100,000 monuments, 1,000,000 reports), in one run:
 * - search latency p50/p99 over mixed queries through GET /api/v1/monuments?q=… (one request at a time);
 * - autocannon at 2 and 32 connections against: a cached monument page, the monument JSON API, a bare
 *   node:http + better-sqlite3 server running the same queries, and a static file served by `next start`.
 * Figures are appended to bench/RESULTS.md with the command and the machine.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { mixedSearchQueries, QUERY_NAMES_SQL } from './search-queries';

const root = path.resolve(__dirname, '..');
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const REPORTS = Number(arg('reports', '1000000'));
const MONUMENTS = Number(arg('monuments', String(REPORTS / 10)));
const DURATION = Number(arg('duration', '10'));
const dbFile = path.join(root, 'bench', 'data', `registry-${REPORTS}.db`);
const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' as const };

async function waitFor(url: string, child: ChildProcess) {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`${url}: server exited`);
    try { if ((await fetch(url)).status < 500) return; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up`);
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function cannon(url: string, connections: number) {
  const result = await autocannon({ url, connections, duration: DURATION, pipelining: 1 });
  const errors = result.errors + result.timeouts + result.non2xx;
  return { rps: Math.round(result.requests.average), p99: result.latency.p99, errors };
}

async function main() {
  if (!fs.existsSync(dbFile)) {
    console.log(`Generating ${dbFile} …`);
    const gen = spawnSync(process.execPath, [tsx, 'bench/generate.ts', '--monuments', String(MONUMENTS), '--reports', String(REPORTS), '--out', dbFile], { cwd: root, stdio: 'inherit' });
    if (gen.status !== 0) throw new Error('generating the data set failed');
  }
  // Always a fresh build: an older one would measure older code (pass --no-build to reuse the last one on purpose).
  if (!process.argv.includes('--no-build') || !fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    const build = spawnSync(process.execPath, [nextBin, 'build'], { cwd: root, env, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('next build failed');
  }
  // Bring the data set to the current schema and search-index version, as `npm start` would.
  const prepare = spawnSync(process.execPath, [tsx, 'scripts/prepare-db.ts', '--no-seed'], { cwd: root, env: { ...env, DATABASE_URL: dbFile }, stdio: 'inherit' });
  if (prepare.status !== 0) throw new Error('migrating the data set failed');
  fs.rmSync(path.join(root, '.next', 'server', 'route-cache'), { recursive: true, force: true });

  const probe = new Database(dbFile, { readonly: true });
  const slug = (probe.prepare("SELECT slug FROM monuments WHERE deleted_at IS NULL AND status_level = 'destroyed' ORDER BY id LIMIT 1").get() as { slug: string }).slug;
  const names = (probe.prepare(QUERY_NAMES_SQL).all() as { name: string }[]).map((r) => r.name);
  probe.close();

  const nextPort = 3900;
  const barePort = 3901;
  const server = spawn(process.execPath, [path.join(root, 'server.js')], {
    cwd: root, env: { ...env, PORT: String(nextPort), HOSTNAME: '127.0.0.1', DATABASE_URL: dbFile, PUBLIC_BASE_URL: `http://127.0.0.1:${nextPort}`, AUTH_SECRET: 'bench-secret-0123456789abcdef0123456789',
      // autocannon is one client address sending thousands of requests a second: the per-address limits stay off.
      RATE_LIMIT_SEARCH_PER_MINUTE: '0', RATE_LIMIT_API_PER_MINUTE: '0', RATE_LIMIT_EXPORT_PER_MINUTE: '0' }, stdio: 'ignore',
  });
  // The ceiling is a static file served by `next start` itself: a plain one runs beside server.js for it.
  const plainPort = 3902;
  const plainBase = `http://127.0.0.1:${plainPort}`;
  const plain = spawn(process.execPath, [nextBin, 'start', '-p', String(plainPort), '-H', '127.0.0.1'], {
    cwd: root, env: { ...env, DATABASE_URL: dbFile, PUBLIC_BASE_URL: plainBase, AUTH_SECRET: 'bench-secret-0123456789abcdef0123456789' }, stdio: 'ignore',
  });
  const bare = spawn(process.execPath, [tsx, 'bench/bare-server.ts', dbFile, String(barePort)], { cwd: root, stdio: 'ignore' });
  try {
    const base = `http://127.0.0.1:${nextPort}`;
    await waitFor(`${base}/api/health`, server);
    await waitFor(`http://127.0.0.1:${barePort}/monuments/${slug}`, bare);
    await waitFor(`${plainBase}/api/health`, plain);

    // Search: mixed queries (whole names, prefixes as typed, Arabic, accents, filters, no-hit), one at a time.
    const queries = mixedSearchQueries(names);
    for (const q of queries.slice(0, 40)) await fetch(`${base}/api/v1/monuments?${q}`); // warm-up
    const latencies: number[] = [];
    let searchErrors = 0;
    for (const q of queries) {
      const t0 = performance.now();
      const res = await fetch(`${base}/api/v1/monuments?${q}`);
      await res.arrayBuffer();
      latencies.push(performance.now() - t0);
      if (res.status !== 200) searchErrors++;
    }
    latencies.sort((a, b) => a - b);

    await fetch(`${base}/monuments/${slug}`); // fill the page cache
    await fetch(`${plainBase}/robots.txt`);
    const targets = [
      ['static file via plain `next start` (/robots.txt)', `${plainBase}/robots.txt`],
      ['static file via server.js (/robots.txt)', `${base}/robots.txt`],
      ['monument page, cached (page layer hit)', `${base}/monuments/${slug}`],
      ["monument page, Next's cache only (`?via=next`: page layer bypassed)", `${base}/monuments/${slug}?via=next`],
      ['monument JSON API (/api/v1/monuments/{slug})', `${base}/api/v1/monuments/${slug}`],
      ['bare node:http + better-sqlite3, same queries', `http://127.0.0.1:${barePort}/monuments/${slug}`],
    ] as const;
    const rows: string[] = [];
    const figures: Record<string, Record<number, { rps: number; p99: number; errors: number }>> = {};
    for (const [label, url] of targets) {
      figures[label] = {};
      for (const c of [2, 32]) {
        const r = await cannon(url, c);
        figures[label]![c] = r;
        console.log(`${label} @${c}: ${r.rps} req/s, p99 ${r.p99} ms, errors ${r.errors}`);
      }
      rows.push(`| ${label} | ${figures[label]![2]!.rps} | ${figures[label]![2]!.p99} | ${figures[label]![32]!.rps} | ${figures[label]![32]!.p99} | ${figures[label]![2]!.errors + figures[label]![32]!.errors} |`);
    }
    // The ceiling: the faster of the two static-file cases.
    const staticRps = Math.max(figures[targets[0][0]]![32]!.rps, figures[targets[1][0]]![32]!.rps);
    const pageRps = figures[targets[2][0]]![32]!.rps;

    const section = [
      `## Public lookup — ${new Date().toISOString().slice(0, 10)}`,
      '',
      `Command: \`npm run bench -- --reports ${REPORTS}\` (${MONUMENTS.toLocaleString('en')} monuments, ${REPORTS.toLocaleString('en')} reports; autocannon ${DURATION} s per case).`,
      `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; client and servers share the same cores.`,
      '',
      `Search over ${queries.length} mixed queries via \`GET /api/v1/monuments?q=…\`, one at a time: p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms (target p99 < 20 ms), non-200: ${searchErrors}.`,
      '',
      '| case | req/s @2 | p99 ms @2 | req/s @32 | p99 ms @32 | errors |',
      '|---|---|---|---|---|---|',
      ...rows,
      '',
      `Cached monument page at 32 connections: ${(pageRps / staticRps).toFixed(2)}× the static file's req/s (target ≥ 0.4×), p99 ${figures[targets[2][0]]![32]!.p99} ms (target < 25 ms).`,
      '',
    ].join('\n');
    const resultsFile = path.join(root, 'bench', 'RESULTS.md');
    const previous = fs.existsSync(resultsFile) ? fs.readFileSync(resultsFile, 'utf8') : '# Benchmark results\n\n';
    const withoutOld = previous.replace(/## Public lookup — [\s\S]*?(?=\n## |$)/, '').trimEnd();
    fs.writeFileSync(resultsFile, `${withoutOld}\n\n${section}`);
    console.log(section);
  } finally {
    server.kill('SIGTERM');
    plain.kill('SIGTERM');
    bare.kill('SIGTERM');
  }
}

main().catch((e) => { console.error(e); process.exit(1); });

/**
 * Shared by the HTTP benchmarks (bench/pages.ts, bench/read-under-writes.ts): the benchmark data set, a production
 * server (server.js) started on it with a chosen number of worker processes, and a plain node:http client that sees
 * every response header (x-page-cache, ETag).
 *
 * The server runs from a private folder: the project's files are linked, the build (`.next`, without its cache) is
 * copied once per benchmark process, so a `next build` run by someone else during a benchmark cannot change the code
 * being measured half-way (the BUILD_ID measured is printed with the figures).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..');
const tsx = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const nextBin = path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');
export const AUTH_SECRET = 'bench-secret-0123456789abcdef0123456789';
export const BENCH_ADMIN = { email: 'bench-admin@example.org', password: 'bench-admin-password-0123' };

/** The deterministic data set of bench/generate.ts (`monuments` = reports / 10 unless given), generated once and kept in bench/data/. */
export function benchDatabase(reports: number, monuments = reports / 10): string {
  const file = path.join(ROOT, 'bench', 'data', `registry-${reports}.db`);
  if (!fs.existsSync(file)) {
    console.log(`Generating ${file} (${monuments} monuments, ${reports} reports)…`);
    const gen = spawnSync(
      process.execPath,
      [tsx, 'bench/generate.ts', '--monuments', String(monuments), '--reports', String(reports), '--out', file],
      { cwd: ROOT, stdio: 'inherit' },
    );
    if (gen.status !== 0) throw new Error('generating the data set failed');
  }
  migrate(file);
  return file;
}

/** Brings a database to the current schema and search-index version, as `npm start` does; creates BENCH_ADMIN if it has no user. */
export function migrate(file: string): void {
  const run = spawnSync(process.execPath, [tsx, 'scripts/prepare-db.ts', '--no-seed'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      DATABASE_URL: file,
      ADMIN_EMAIL: BENCH_ADMIN.email,
      ADMIN_PASSWORD: BENCH_ADMIN.password,
    },
  });
  if (run.status !== 0) throw new Error(`migrating ${file} failed`);
}

/** A copy of `file` to write to (the data set in bench/data/ stays as generated). */
export function scratchCopy(file: string): { path: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-bench-db-'));
  const copy = path.join(dir, path.basename(file));
  for (const suffix of ['', '-wal']) if (fs.existsSync(file + suffix)) fs.copyFileSync(file + suffix, copy + suffix);
  return { path: copy, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Builds if there is no build at all, or if the command line says `--build` (never otherwise: whoever works on the code rebuilds). */
export function ensureBuild(): void {
  if (fs.existsSync(path.join(ROOT, '.next', 'BUILD_ID')) && !process.argv.includes('--build')) return;
  const build = spawnSync(process.execPath, [nextBin, 'build'], {
    cwd: ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('next build failed');
}

let app: { dir: string; buildId: string } | null = null;

/** The private folder the servers run from (made on first use, removed at exit). */
export function appDir(): { dir: string; buildId: string } {
  if (app) return app;
  ensureBuild();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-bench-app-'));
  for (const name of fs.readdirSync(ROOT)) {
    if (['.next', '.git', 'data', 'test-results'].includes(name)) continue;
    fs.symlinkSync(path.join(ROOT, name), path.join(dir, name));
  }
  fs.cpSync(path.join(ROOT, '.next'), path.join(dir, '.next'), {
    recursive: true,
    filter: (src) =>
      !src.startsWith(path.join(ROOT, '.next', 'cache')) &&
      !src.startsWith(path.join(ROOT, '.next', 'server', 'route-cache')),
  });
  const buildId = fs.readFileSync(path.join(dir, '.next', 'BUILD_ID'), 'utf8').trim();
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  app = { dir, buildId };
  return app;
}

export interface BenchServer {
  baseUrl: string;
  workers: number;
  child: ChildProcess;
  log(): string;
  stop(): Promise<void>;
}

/**
 * Starts server.js on `databasePath`. `workers`: WEB_CONCURRENCY (undefined = unset, the server's default: one per
 * core). The per-address rate limits are off: every benchmark client is one address.
 */
export async function startServer(options: {
  databasePath: string;
  port: number;
  workers?: number;
  env?: Record<string, string>;
}): Promise<BenchServer> {
  const { dir } = appDir();
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const logFile = path.join(dir, `server-${options.port}-${Date.now()}.log`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
    NODE_ENV: 'production',
    PORT: String(options.port),
    HOSTNAME: '127.0.0.1',
    DATABASE_URL: options.databasePath,
    PUBLIC_BASE_URL: baseUrl,
    NEXTAUTH_URL: baseUrl,
    AUTH_SECRET,
    RATE_LIMIT_SEARCH_PER_MINUTE: '0',
    RATE_LIMIT_API_PER_MINUTE: '0',
    RATE_LIMIT_EXPORT_PER_MINUTE: '0',
    ...options.env,
  };
  if (options.workers === undefined) delete env.WEB_CONCURRENCY;
  else env.WEB_CONCURRENCY = String(options.workers);
  const out = fs.openSync(logFile, 'a');
  const child: ChildProcess = spawn(process.execPath, [path.join(dir, 'server.js')], {
    cwd: dir,
    env,
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  const log = () => fs.readFileSync(logFile, 'utf8');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 12_000);
      await exited;
      clearTimeout(timer);
    }
  };
  // Ready when every worker listens (the primary announces it once all do).
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`server.js exited (${child.exitCode}):\n${log().slice(-3000)}`);
    const announced = /serving on \S+ \((\d+) workers?\)/.exec(log());
    if (announced) {
      try {
        const res = await request(`${baseUrl}/api/health`, { fresh: true });
        if (res.status === 200) return { baseUrl, workers: Number(announced[1]), child, log, stop };
      } catch {
        /* not yet */
      }
    }
    if (i > 600) {
      await stop();
      throw new Error(`server.js did not come up:\n${log().slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  ms: number;
}

/**
 * One GET with node:http. `fresh`: a new connection (cluster workers take new connections in turn, so consecutive
 * fresh requests reach every worker); otherwise `agent` (keep-alive) or the global agent.
 */
export function request(
  url: string,
  options: {
    headers?: Record<string, string>;
    agent?: http.Agent;
    fresh?: boolean;
    method?: string;
    timeoutMs?: number;
  } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, agent: options.fresh ? false : options.agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
            ms: performance.now() - t0,
          }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(options.timeoutMs ?? 30_000, () =>
      req.destroy(new Error(`timeout after ${options.timeoutMs ?? 30_000} ms`)),
    );
    req.on('error', reject);
    req.end();
  });
}

/**
 * Requests `url` over fresh connections until every worker answered it from its page layer (`x-page-cache: hit`)
 * `2 × workers` times in a row; returns the last answer. Throws if it never becomes a hit.
 */
export async function warmPage(url: string, workers: number, headers: Record<string, string> = {}): Promise<Answer> {
  let streak = 0;
  for (let i = 0; i < 200; i++) {
    const res = await request(url, { fresh: true, headers });
    if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
    streak = res.headers['x-page-cache'] === 'hit' ? streak + 1 : 0;
    if (streak >= 2 * workers) return res;
  }
  throw new Error(`${url} never became a page-layer hit in every worker`);
}

export function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0;
}

/** The process `pid` and its descendants (server.js's primary and its workers). */
function processTree(pid: number): number[] {
  let children: number[] = [];
  try {
    children = fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    /* gone, or no such file on this kernel */
  }
  return [pid, ...children.flatMap(processTree)];
}

/** CPU seconds (user + system) used so far by the process `pid` and its descendants, from /proc (Linux). */
export function treeCpuSeconds(pid: number): number {
  let ticks = 0;
  for (const p of processTree(pid)) {
    try {
      const fields = fs.readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
    } catch {
      /* ended meanwhile */
    }
  }
  return ticks / 100; // USER_HZ is 100 on Linux
}

/** CPU seconds all cores of the machine spent busy so far (/proc/stat: everything but idle and iowait). */
function machineBusySeconds(): number {
  const [, ...ticks] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const t = ticks.slice(0, 8).map(Number);
  return (t.reduce((a, b) => a + b, 0) - t[3]! - t[4]!) / 100;
}

/**
 * Measures the CPU used while `work` runs, in cores (1 = one core busy all the time): by the server (the process
 * `serverPid` and its descendants), by this process (the client), and by everything else on the machine (others'
 * work: a disturbed measurement shows here).
 */
export async function withCpu<T>(
  serverPid: number,
  work: () => Promise<T>,
): Promise<{ result: T; serverCores: number; clientCores: number; otherCores: number }> {
  const s0 = treeCpuSeconds(serverPid);
  const m0 = machineBusySeconds();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await work();
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const serverCores = (treeCpuSeconds(serverPid) - s0) / seconds;
  const clientCores = (c.user + c.system) / 1e6 / seconds;
  const otherCores = Math.max(0, (machineBusySeconds() - m0) / seconds - serverCores - clientCores);
  return { result, serverCores, clientCores, otherCores };
}

/**
 * Waits (at most `maxWaitMs`) until the machine is quiet: less than `threshold` cores busy over a 2 s window (the
 * benchmark's own processes are idle between runs, so what is busy is someone else's work). Returns the seconds waited.
 */
export async function waitForQuiet(threshold = 0.25, maxWaitMs = 180_000): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    const b0 = machineBusySeconds();
    await new Promise((r) => setTimeout(r, 2000));
    const busy = (machineBusySeconds() - b0) / 2;
    if (busy < threshold || performance.now() - t0 > maxWaitMs) return (performance.now() - t0) / 1000 - 2;
  }
}

/**
 * Runs a measurement, and runs it again (at most `attempts` times in all, each after waiting for a quiet machine)
 * while other work on the machine used more than `threshold` cores during it. Returns the first undisturbed result
 * (or, if none was, the least disturbed) and how many runs were thrown away.
 */
export async function undisturbed<T extends { otherCores: number }>(
  run: () => Promise<T>,
  attempts = 3,
  threshold = 0.3,
): Promise<T & { discarded: number }> {
  let best: T | null = null;
  for (let i = 1; ; i++) {
    await waitForQuiet();
    const result = await run();
    if (!best || result.otherCores < best.otherCores) best = result;
    // All runs disturbed: the least disturbed one.
    if (result.otherCores <= threshold || i >= attempts) return { ...best, discarded: i - 1 };
    console.log(`  (other work used ${result.otherCores.toFixed(2)} cores during this run: running it again)`);
  }
}

export const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

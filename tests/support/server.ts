/**
 * A production server of the registry started by a test or a benchmark on its own database (the e2e suite's shared
 * server is started by tests/setup/global-e2e.ts). It runs the current build (`.next`) from a folder of symbolic
 * links, so that nothing it writes under `.next` (the page cache, were it ever written to disk again: decision 006;
 * `.next/cache`) is shared with another server: pages it renders from its database are never served by another.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
const tsx = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Links every entry of `from` into `to`, except `skip`; `descend` entries become real folders linked the same way. */
function linkTree(from: string, to: string, skip: Set<string>, descend: Record<string, Set<string>>): void {
  fs.mkdirSync(to, { recursive: true });
  for (const name of fs.readdirSync(from)) {
    if (skip.has(name)) continue;
    const source = path.join(from, name);
    if (descend[name]) linkTree(source, path.join(to, name), descend[name]!, {});
    else fs.symlinkSync(source, path.join(to, name));
  }
}

/** A folder that looks like the project, with `.next` linked file by file except the page cache. */
function isolatedAppDir(): string {
  if (!fs.existsSync(path.join(ROOT, '.next', 'BUILD_ID')))
    throw new Error('no production build: run `next build` first');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-app-'));
  linkTree(ROOT, dir, new Set(['.next', '.git', 'test-results', 'data']), {});
  linkTree(path.join(ROOT, '.next'), path.join(dir, '.next'), new Set(['cache']), { server: new Set(['route-cache']) });
  return dir;
}

/**
 * Migrates and seeds a new database file with the demo data and one administrator (who may do everything an editor
 * may), as `npm start` does on a first start.
 */
export function prepareDatabase(file: string, admin: { email: string; password: string }): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const run = spawnSync(process.execPath, [tsx, 'scripts/prepare-db.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: file,
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
    },
  });
  if (run.status !== 0) throw new Error(`preparing ${file} failed:\n${run.stderr}`);
}

export interface TestServer {
  baseUrl: string;
  port: number;
  logFile: string;
  /** The running process (replaced by each restart). */
  process(): ChildProcess;
  /** Starts the server again on the same port and database (after `kill`). */
  restart(): Promise<void>;
  /** SIGKILL: no chance to finish anything. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL if it lingers; removes the app folder. */
  stop(): Promise<void>;
  log(): string;
}

export async function waitForHealth(baseUrl: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`server at ${baseUrl} exited (${child.exitCode ?? child.signalCode})`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server at ${baseUrl} did not become healthy within ${timeoutMs} ms`);
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts the production server (server.js) on its own port with the given database and environment, and waits until it is healthy. */
export async function startServer(options: {
  databasePath: string;
  env?: Record<string, string>;
  logFile?: string;
}): Promise<TestServer> {
  const appDir = isolatedAppDir();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const logFile = options.logFile ?? path.join(appDir, 'server.log');
  const env = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
    NODE_ENV: 'production' as const,
    DATABASE_URL: options.databasePath,
    PUBLIC_BASE_URL: baseUrl,
    NEXTAUTH_URL: baseUrl,
    PORT: String(port),
    AUTH_SECRET: 'separate-test-server-secret-0123456789abcdef',
    WEB_CONCURRENCY: '1',
    ...options.env,
  };
  let child: ChildProcess;
  const launch = async () => {
    const log = fs.openSync(logFile, 'a');
    child = spawn(process.execPath, [path.join(appDir, 'server.js')], {
      cwd: appDir,
      env: { ...env, HOSTNAME: '127.0.0.1' },
      stdio: ['ignore', log, log],
    });
    fs.closeSync(log);
    try {
      await waitForHealth(baseUrl, child);
    } catch (error) {
      child.kill('SIGKILL');
      throw new Error(`${(error as Error).message}\n${fs.readFileSync(logFile, 'utf8').slice(-4000)}`, {
        cause: error,
      });
    }
  };
  await launch();
  return {
    baseUrl,
    port,
    logFile,
    process: () => child,
    restart: launch,
    async kill() {
      child.kill('SIGKILL');
      await exited(child);
    },
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      await exited(child);
      clearTimeout(timer);
      fs.rmSync(appDir, { recursive: true, force: true });
    },
    log: () => fs.readFileSync(logFile, 'utf8'),
  };
}

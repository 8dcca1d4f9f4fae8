import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

const root = path.resolve(__dirname, '..', '..');
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitForHealth(url: string, server: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with code ${server.exitCode}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server at ${url} did not become healthy within ${timeoutMs} ms`);
}

/**
 * Browser and HTTP tests run against a real production build (`next build` + `next start`) on a fresh,
 * migrated and seeded SQLite file. Set E2E_SKIP_BUILD=1 to reuse an existing build while iterating.
 */
export default async function setup(project: TestProject) {
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' as const };
  if (process.env.E2E_SKIP_BUILD !== '1' || !fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    const build = spawnSync(process.execPath, [nextBin, 'build'], { cwd: root, env, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('next build failed');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-e2e-'));
  const databasePath = path.join(dir, 'e2e.db');
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const serverEnv = {
    ...env,
    DATABASE_URL: databasePath,
    PUBLIC_BASE_URL: baseUrl,
    PORT: String(port),
    AUTH_SECRET: 'e2e-test-secret-not-for-production-0123456789',
    NEXTAUTH_URL: baseUrl,
    // One process, so that "the second request is served from the page cache" holds for every request; several
    // workers are tested on servers of their own (tests/e2e/freshness.test.ts).
    WEB_CONCURRENCY: '1',
    // As behind nginx: tests give each client an address of its own with X-Forwarded-For (TRUST_PROXY=0, the
    // default, is tested on servers of its own in tests/e2e/client-address.test.ts).
    TRUST_PROXY: '1',
  };
  // Curators of every role, made the way an operator makes them: the first admin from ADMIN_EMAIL/ADMIN_PASSWORD on
  // first start, the others with `npm run user:add` (real argon2id hashes). Passwords are random per run and are
  // never given to the server, so finding one in the server log means the app logged it.
  const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const password = () => `${crypto.randomBytes(12).toString('base64url')}-e2e`;
  const curators = {
    admin: { email: 'admin@e2e.test', name: 'Ada Admin', role: 'admin', password: password() },
    editor: { email: 'editor@e2e.test', name: 'Eli Editor', role: 'editor', password: password() },
    editor2: { email: 'editor2@e2e.test', name: 'Ezra Editor', role: 'editor', password: password() },
    contributor: { email: 'contributor@e2e.test', name: 'Cai Contributor', role: 'contributor', password: password() },
    // A second contributor whose drafts the first may not read (tests/e2e/read-access.test.ts); never disabled or locked.
    contributor2: {
      email: 'contributor2@e2e.test',
      name: 'Dana Contributor',
      role: 'contributor',
      password: password(),
    },
    disposable: { email: 'disposable@e2e.test', name: 'Dee Disposable', role: 'contributor', password: password() },
    throttled: { email: 'throttled@e2e.test', name: 'Tom Throttled', role: 'contributor', password: password() },
  } as const;
  const prepare = spawnSync(process.execPath, [tsx, 'scripts/prepare-db.ts'], {
    cwd: root,
    env: { ...serverEnv, ADMIN_EMAIL: curators.admin.email, ADMIN_PASSWORD: curators.admin.password },
    encoding: 'utf8',
  });
  if (prepare.status !== 0) throw new Error(`preparing the e2e database failed:\n${prepare.stderr}`);
  for (const c of Object.values(curators).filter((c) => c.role !== 'admin')) {
    const add = spawnSync(
      process.execPath,
      [tsx, 'scripts/user-add.ts', '--email', c.email, '--name', c.name, '--role', c.role],
      {
        cwd: root,
        env: { ...serverEnv, PASSWORD: c.password },
        encoding: 'utf8',
      },
    );
    if (add.status !== 0) throw new Error(`npm run user:add failed for ${c.email}:\n${add.stderr}`);
  }
  fs.rmSync(path.join(root, '.next', 'server', 'route-cache'), { recursive: true, force: true });

  const logFile = path.join(dir, 'server.log');
  const log = fs.openSync(logFile, 'a');
  const server = spawn(process.execPath, [path.join(root, 'server.js')], {
    cwd: root,
    env: { ...serverEnv, PORT: String(port), HOSTNAME: '127.0.0.1' },
    stdio: ['ignore', log, log],
  });
  try {
    await waitForHealth(baseUrl, server, 60_000);
  } catch (error) {
    server.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${fs.readFileSync(logFile, 'utf8')}`, { cause: error });
  }
  project.provide('baseUrl', baseUrl);
  project.provide('databasePath', databasePath);
  project.provide('serverLog', logFile);
  project.provide('curators', curators);
  // Tests that sign what the server signs (the public form's fill time) use the same secret.
  project.provide('authSecret', serverEnv.AUTH_SECRET);

  return async () => {
    server.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    if (server.exitCode === null) server.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    databasePath: string;
    serverLog: string;
    authSecret: string;
    curators: Record<
      'admin' | 'editor' | 'editor2' | 'contributor' | 'contributor2' | 'disposable' | 'throttled',
      { email: string; name: string; role: string; password: string }
    >;
  }
}

/**
 * `npm start`: one command from a fresh clone to a serving registry.
 * Builds if there is no production build, applies migrations, seeds an empty database, then runs the production
 * server (server.js: Next behind the page layer of docs/decisions/009, on every core).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { prepareDatabase } from './prepare-db';
import { authUrl, config } from '../lib/config';
import { loadOrCreateLocalSecret } from '../lib/auth/secret';
import { builtPagePolicy } from '../lib/startup';
import { contentSecurityPolicy } from '../lib/http-policy';
import { exitOnHelp } from './help';

exitOnHelp([
  'Usage: npm start',
  '',
  'From a fresh clone to a serving registry: builds if there is no production build (or MAP_TILE_URL changed),',
  'applies migrations, seeds an empty database, then runs the production server (server.js) on PORT.',
  'Configuration: environment variables, see .env.example and docs/operating.md.',
]);

process.env.NEXT_TELEMETRY_DISABLED = '1';
config(); // fail fast, naming the bad variable

// Sessions need a secret. Production deployments set AUTH_SECRET; for local use keep a random one in the data
// folder, created on the first start (and said so once).
if (!process.env.AUTH_SECRET && !process.env.NEXTAUTH_SECRET) {
  const local = loadOrCreateLocalSecret();
  process.env.AUTH_SECRET = local.secret;
  const shown = local.file.startsWith(process.cwd() + path.sep) ? path.relative(process.cwd(), local.file) : local.file;
  if (local.created)
    console.log(
      `No AUTH_SECRET set: created a random one in ${shown} (kept for later starts). Set AUTH_SECRET in production.`,
    );
}
process.env.NEXTAUTH_URL ||= authUrl();

const nextBin = path.join(process.cwd(), 'node_modules', 'next', 'dist', 'bin', 'next');
const hasBuild = fs.existsSync(path.join(process.cwd(), '.next', 'BUILD_ID'));
// Cached pages carry a Content-Security-Policy fixed at build time, naming the map tile host (docs/decisions/005).
const stalePolicy = hasBuild && builtPagePolicy() !== contentSecurityPolicy({ mapTileUrl: config().MAP_TILE_URL });
if (!hasBuild || stalePolicy) {
  console.log(
    stalePolicy
      ? 'MAP_TILE_URL changed since the last build: running `next build` again (about a minute)…'
      : 'No production build found: running `next build` (about a minute, once)…',
  );
  const build = spawnSync(process.execPath, [nextBin, 'build'], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

prepareDatabase({ seed: true });

const server = spawn(process.execPath, [path.join(process.cwd(), 'server.js')], {
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'production' },
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));

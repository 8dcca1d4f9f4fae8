/**
 * `npm start`: one command from a fresh clone to a serving registry.
 * Builds if there is no production build, applies migrations, seeds an empty database, then runs `next start`.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { prepareDatabase } from './prepare-db';
import { config } from '../lib/config';

process.env.NEXT_TELEMETRY_DISABLED = '1';
config(); // fail fast, naming the bad variable

const nextBin = path.join(process.cwd(), 'node_modules', 'next', 'dist', 'bin', 'next');
if (!fs.existsSync(path.join(process.cwd(), '.next', 'BUILD_ID'))) {
  console.log('No production build found: running `next build` (about a minute, once)…');
  const build = spawnSync(process.execPath, [nextBin, 'build'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

prepareDatabase({ seed: true });

// Pages cached by an earlier run may predate changes made while the server was down (migrations, seed,
// command-line imports): start with an empty page cache so every page is rendered from the database again.
fs.rmSync(path.join(process.cwd(), '.next', 'server', 'route-cache'), { recursive: true, force: true });

const port = process.env.PORT || '3000';
const args = [nextBin, 'start', '-p', port, ...(process.env.HOSTNAME ? ['-H', process.env.HOSTNAME] : [])];
const server = spawn(process.execPath, args, { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));

import fs from 'node:fs';
import path from 'node:path';
import { config } from './config';
import { contentSecurityPolicy } from './http-policy';

/**
 * The page Content-Security-Policy `next build` fixed into the build (next.config.js headers; it names the map tile
 * host from MAP_TILE_URL at build time), or null when there is no build to read.
 */
export function builtPagePolicy(distDir = path.join(process.cwd(), '.next')): string | null {
  let manifest: { headers?: { source: string; headers: { key: string; value: string }[] }[] };
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(distDir, 'routes-manifest.json'), 'utf8'));
  } catch {
    return null;
  }
  const route = manifest.headers?.find((h) => h.source === '/:path*');
  return route?.headers.find((h) => h.key.toLowerCase() === 'content-security-policy')?.value ?? null;
}

/**
 * Checks the environment before the server takes requests: every variable valid (config() names the bad ones), and
 * the build's page policy made for this MAP_TILE_URL. Returns a message to stop with, or null.
 */
export function startupProblem(distDir?: string): string | null {
  let c;
  try {
    c = config();
  } catch (error) {
    return (error as Error).message;
  }
  const built = builtPagePolicy(distDir);
  const expected = contentSecurityPolicy({ mapTileUrl: c.MAP_TILE_URL });
  if (built !== null && built !== expected) {
    return (
      'MAP_TILE_URL differs from the one this build was made with: the Content-Security-Policy of cached pages is ' +
      'fixed by `next build` and would block the map tiles. Run `next build` again with this MAP_TILE_URL ' +
      '(`npm start` does it by itself).'
    );
  }
  return null;
}

/** The server's first step (instrumentation.ts): stop at once, naming the problem, rather than fail on a later request. */
export function exitOnStartupProblem(): void {
  const problem = startupProblem();
  if (!problem) return;
  console.error(`Cannot start: ${problem}`);
  process.exit(1);
}

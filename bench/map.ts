/**
 * The overview map with many monuments: `npm run bench:map -- [--monuments 100000] [--runs 5] [--no-write]`.
 *
 * Measures, on the production server (server.js) and Debian's Chromium (playwright-core):
 * - the marker download (/api/v1/map/monuments): its size as JSON and gzipped, and how long the first answer of a
 *   data version takes (query, serialising, compressing) against a kept one;
 * - first view interactive of /map in a fresh browser context (nothing cached): from navigation start until the
 *   markers of the first view are drawn and the map answers input (`data-ready` on the map, set after the first
 *   draw), and how long one zoom step then takes to redraw (target: first view < 2 s).
 * Tiles are refused (as offline): the map draws the offline atlas, and no remote tile server's speed is measured.
 * The data set comes from bench/generate.ts (`--monuments N --reports N`, seed 42), generated once into bench/data/.
 * `--download-only` measures the download alone (no browser) and writes its own section.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';
import { ROOT, migrate, request, startServer } from './server-process';
import { freePort } from '../tests/support/server';
import { arg, machine, writeSection } from './results-file';

const MONUMENTS = Number(arg('monuments', '100000'));
const RUNS = Number(arg('runs', '5'));
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const TARGET_MS = 2000;
const DOWNLOAD_ONLY = process.argv.includes('--download-only');

function dataset(): string {
  const file = path.join(ROOT, 'bench', 'data', `registry-map-${MONUMENTS}.db`);
  if (!fs.existsSync(file)) {
    console.log(`Generating ${file} (${MONUMENTS} monuments)…`);
    const tsx = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const args = ['bench/generate.ts', '--monuments', String(MONUMENTS), '--reports', String(MONUMENTS), '--out', file];
    const gen = spawnSync(process.execPath, [tsx, ...args], { cwd: ROOT, stdio: 'inherit' });
    if (gen.status !== 0) throw new Error('generating the data set failed');
  }
  migrate(file);
  return file;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;

async function main() {
  const file = dataset();
  const server = await startServer({ databasePath: file, port: await freePort(), workers: 1 });
  const browser = DOWNLOAD_ONLY
    ? null
    : await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
      });
  try {
    const url = `${server.baseUrl}/api/v1/map/monuments`;
    let t = performance.now();
    const cold = await request(url, { headers: { 'accept-encoding': 'gzip' }, fresh: true });
    const coldMs = performance.now() - t;
    t = performance.now();
    const warm = await request(url, { headers: { 'accept-encoding': 'gzip' }, fresh: true });
    const warmMs = performance.now() - t;
    if (cold.status !== 200 || warm.headers['content-encoding'] !== 'gzip') throw new Error('no gzipped download');
    const plain = zlib.gunzipSync(warm.body);
    const markers = (JSON.parse(plain.toString('utf8')) as { meta: { total: number } }).meta.total;
    console.log(`download: ${markers} markers, ${mb(plain.length)} JSON, ${mb(warm.body.length)} gzipped`);
    console.log(`  first answer of this data version ${coldMs.toFixed(0)} ms, kept ${warmMs.toFixed(0)} ms`);

    if (!browser) {
      const body = `## Overview map: the marker download for ${markers.toLocaleString('en')} markers

Command: \`npx next build && npm run bench:map -- --monuments ${MONUMENTS} --download-only\` (data set:
\`bench/generate.ts --monuments ${MONUMENTS} --reports ${MONUMENTS}\`, seed 42, of which ${markers.toLocaleString('en')}
have coordinates). Run ${new Date().toISOString().slice(0, 16)}Z on ${machine()}; server.js with one worker.

GET /api/v1/map/monuments (no filters, Accept-Encoding: gzip): **${mb(warm.body.length)} gzipped**, ${mb(plain.length)} of
JSON (${(plain.length / markers).toFixed(0)} bytes a marker: slug, English and Arabic names, position, status, strength). The first
answer of a data version took ${coldMs.toFixed(0)} ms (query and serialising, then gzip), a kept one ${warmMs.toFixed(0)} ms (gzip
of the kept JSON, per request); a revalidation with the ETag is a 304 without a body.`;
      console.log(`\n${body}\n`);
      if (!process.argv.includes('--no-write')) writeSection('map-download', body);
      return;
    }
    const app = new URL(server.baseUrl).host;
    const firstView: number[] = [];
    const zoomStep: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.route('**/*', (route) =>
        new URL(route.request().url()).host === app ? route.continue() : route.abort(),
      );
      await page.goto(`${server.baseUrl}/map`);
      await page.locator('.map-overview[data-ready="true"]').waitFor({ timeout: 60_000 });
      const ready = await page.evaluate(() => performance.now());
      firstView.push(ready);
      // One zoom step: the time until the next view's clusters are drawn.
      const step = await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const map = document.querySelector<HTMLElement>('.map-overview')!;
            const start = performance.now();
            const observer = new MutationObserver(() => {
              observer.disconnect();
              resolve(performance.now() - start);
            });
            observer.observe(map, { attributes: true, attributeFilter: ['data-markers'] });
            map.querySelector<HTMLElement>('.leaflet-control-zoom-in')!.click();
          }),
      );
      zoomStep.push(step);
      console.log(`run ${run + 1}: first view interactive ${ready.toFixed(0)} ms, zoom step ${step.toFixed(0)} ms`);
      await context.close();
    }
    const fv = median(firstView);
    const body = `## Overview map: /map with ${markers.toLocaleString('en')} markers

Command: \`npx next build && npm run bench:map -- --monuments ${MONUMENTS}\` (data set: \`bench/generate.ts --monuments
${MONUMENTS} --reports ${MONUMENTS}\`, seed 42, of which ${markers.toLocaleString('en')} have coordinates). Run
${new Date().toISOString().slice(0, 16)}Z on ${machine()}. Chromium ${browser.version()} headless, 1280×900, a fresh
context per run (nothing cached), map tiles refused (the offline atlas is drawn); server.js with one worker.

| | result |
|---|---|
| marker download (/api/v1/map/monuments) | ${mb(plain.length)} JSON, **${mb(warm.body.length)} gzipped** |
| first answer of a data version / kept | ${coldMs.toFixed(0)} ms / ${warmMs.toFixed(0)} ms |
| first view interactive (median of ${RUNS}) | **${fv.toFixed(0)} ms** (target < ${TARGET_MS} ms: ${fv < TARGET_MS ? 'met' : 'not met'}) |
| one zoom step redrawn (median) | ${median(zoomStep).toFixed(0)} ms |

All runs (first view, ms): ${firstView.map((x) => x.toFixed(0)).join(', ')}.`;
    console.log(`\n${body}\n`);
    if (!process.argv.includes('--no-write')) writeSection('map', body);
  } finally {
    await browser?.close();
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

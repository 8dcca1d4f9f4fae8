/**
 * The full load test (`npm run bench:load`, after `npx next build`): 32 concurrent readers (cached pages in both
 * languages, the search page, the JSON API) and 4 concurrent curators saving forms, for 30 s, against a production
 * server on its own database. Zero errors and no SQLITE_BUSY are the target; figures go to bench/RESULTS.md.
 * `npm test` runs 5 s of it (tests/e2e/load.test.ts). Options: --seconds 30 --readers 32 --writers 4 --no-write
 */
import { loadRun } from '../tests/support/load';
import { arg, machine, writeSection } from './results-file';

async function main() {
  const seconds = Number(arg('seconds', '30'));
  const readers = Number(arg('readers', '32'));
  const writers = Number(arg('writers', '4'));
  const on = machine();
  console.log(`Load test: ${readers} readers and ${writers} writers for ${seconds} s…`);
  const r = await loadRun({ readers, writers, durationMs: seconds * 1000 });
  const ok =
    r.readErrors.length === 0 && r.writes.errors.length === 0 && r.busy.length === 0 && r.problems.length === 0;
  const rows = Object.entries(r.byKind)
    .map(([kind, k]) => `| ${kind} | ${k.requests} | ${k.p50} ms | ${k.p99} ms |`)
    .join('\n');
  const body = `## Hardening: load test (${readers} readers, ${writers} writers, ${seconds} s)

Command: \`npm run bench:load\` (after a \`npx next build\`; 5 s of it run in \`npm test\`: tests/e2e/load.test.ts). Run
${new Date().toISOString().slice(0, 16)}Z on ${on}. **Client and server share the machine's cores** (all of them: the readers, the writers and the server run side by side).

Readers loop over: a monument page (30 % Arabic; including the writers' own monuments, whose pages every write
makes stale), a site page, the home, sites and changes pages, the search page, an API list and an API record, on the
demo database. Writers save forms as in the crash test (a published report with a citation, or an edit of their
monument); each write stamps the page scopes it changes (database triggers), and server.js drops just those pages
(the writer's monument in both languages, its site, and the lists: home, sites, changes) and renders them again on
their next request. Rate limits set far above the load (the limiter runs). The figures mix page-layer hits with
those renders and with requests Next answers every time (search page, API); for reads of cached pages while
curators save, see "Reads under writes" (bench/read-under-writes.ts).

| | |
|---|---|
| reads | ${r.requests} (${r.readsPerSecond}/s), p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, max ${r.latency.max} ms |
| reads that failed (not 200, or no answer) | **${r.readErrors.length}**${r.readErrors.length ? `: ${r.readErrors.slice(0, 5).join('; ')}` : ''} |
| acknowledged writes | ${r.writes.reports} reports + ${r.writes.edits} edits (${((r.writes.reports + r.writes.edits) / seconds).toFixed(1)}/s) |
| writes refused or failed | **${r.writes.errors.length}** |
| SQLITE_BUSY / "database is locked" in the server log | **${r.busy.length}** |
| acknowledged writes missing afterwards, changes without revision | ${r.problems.length === 0 ? 'none' : r.problems.join('; ')} |

| read | requests | p50 | p99 |
|---|---|---|---|
${rows}

Result: **${ok ? 'zero errors' : 'FAILED'}**. The server is server.js as tests/support/server.ts starts it (one worker
process, WEB_CONCURRENCY=1, when this was run): one SQLite connection writes (WAL, busy_timeout 5 s, IMMEDIATE write
transactions), so writes queue inside the process and never meet SQLITE_BUSY; a second, read-only one watches the
change stamps.`;
  console.log(`\n${body}\n`);
  if (!process.argv.includes('--no-write')) writeSection('load', body);
  if (!ok) process.exit(1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

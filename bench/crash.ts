/**
 * The full crash test (`npm run bench:crash`, after `npx next build`): a production server on its own database,
 * under curators saving forms without pause, is killed with SIGKILL at random moments and started again, many
 * times; then every acknowledged write must be in the database with its revision, PRAGMA integrity_check must say
 * ok and every record's version must be matched by its revisions. `npm test` runs a short version
 * (tests/e2e/crash.test.ts). Options: --kills 20 --writers 4 --min-gap-ms 1000 --max-gap-ms 5000 --no-write
 */
import { crashRun } from '../tests/support/crash';
import { arg, machine, writeSection } from './results-file';

async function main() {
  const kills = Number(arg('kills', '20'));
  const writers = Number(arg('writers', '4'));
  const minGapMs = Number(arg('min-gap-ms', '1000'));
  const maxGapMs = Number(arg('max-gap-ms', '5000'));
  const on = machine();
  console.log(`Crash test: ${kills} kills, ${writers} writers, a kill every ${minGapMs}-${maxGapMs} ms…`);
  const r = await crashRun({ kills, writers, minGapMs, maxGapMs });
  const restarts = [...r.restartMs].sort((a, b) => a - b);
  const ok = r.integrity === 'ok' && r.problems.length === 0 && r.log.errors.length === 0;
  const body = `## Hardening: crash test (SIGKILL under writes)

Command: \`npx next build && npm run bench:crash\` (${kills} kills, ${writers} writers; short version in \`npm test\`:
tests/e2e/crash.test.ts, 3 kills). Run ${new Date().toISOString().slice(0, 16)}Z on ${on}.

${writers} curators (one signed-in session, one monument each) save forms through the real HTTP write path without
pause: a published report citing a source (report, citation, monument status and revision in one transaction), and
every third write an edit of the monument's description (a versioned update and its revision). A write counts as
acknowledged only when the 303 that follows a saved form arrived. The server (\`server.js\`, Next in one process; SQLite in WAL mode with
synchronous=FULL) was killed with SIGKILL ${kills} times, every ${minGapMs / 1000}–${maxGapMs / 1000} s at random, and started again at once.

| | |
|---|---|
| duration | ${(r.durationMs / 1000).toFixed(0)} s |
| acknowledged reports / edits | ${r.log.reports.length} / ${r.log.edits.length} |
| requests without an answer (cut off by a kill, or sent while the server was down) | ${r.log.unanswered} |
| restart after SIGKILL until healthy (median / max) | ${restarts[Math.floor(restarts.length / 2)]} ms / ${restarts.at(-1)} ms |
| PRAGMA integrity_check | ${r.integrity} |
| acknowledged writes missing, changes without their revision | ${r.problems.length === 0 ? '**none**' : r.problems.join('; ')} |
| unexpected answers | ${r.log.errors.length === 0 ? 'none' : r.log.errors.slice(0, 5).join('; ')} |

Result: **${ok ? 'every acknowledged write was kept with its revision' : 'FAILED'}**.`;
  console.log(`\n${body}\n`);
  if (!process.argv.includes('--no-write')) writeSection('crash', body);
  if (!ok) process.exit(1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

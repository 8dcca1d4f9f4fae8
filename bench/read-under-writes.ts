/**
 * Reads under writes: `npx tsx bench/read-under-writes.ts [--reports 1000000] [--seconds 30] [--readers 32]
 * [--monuments 500] [--workers 2,1] [--no-write]` (npm script: `npm run bench:read-under-writes`).
 *
 * On a copy of the benchmark data set (bench/generate.ts; 100,000 monuments, 1,000,000 reports), server.js serves
 * 32 readers, each reading one page after another (keep-alive, one connection each) at random among 1,000 distinct
 * monument pages: `--monuments` monuments spread over the whole data set, each in English and in Arabic. Every page
 * is read once by every reader before measuring, so that each worker keeps it. Then, each for `--seconds`:
 *   (0) no writes (the control: every read should be a page-layer hit);
 *   (a) one curator saving every 500 ms (start to start);
 *   (b) four curators saving as fast as the server answers.
 * Curators save through the real form path (bench/curator-saves.ts) to monuments the readers read, each curator
 * going round its own share of them, so saved pages go stale and are rendered again on their next read. Counted:
 * every read's `x-page-cache` (hit / miss = rendered again and kept / pass = rendered, not kept), latency,
 * errors (not 200, or no answer), reads that started after a save was acknowledged but did not show it (stale),
 * misses of pages whose monument was not saved in the scenario, the saves and their latency, and error lines in the
 * server's log. `--workers 2,1`: the whole run (warm-up and scenarios) once per WEB_CONCURRENCY, each a server start
 * of its own on the same copy. Figures replace the "reads-under-writes" section of bench/RESULTS.md.
 */
import http from 'node:http';
import Database from 'better-sqlite3';
import { signIn } from '../tests/support/curator-http';
import { addReport, editDescription, type Save } from './curator-saves';
import { arg, machine, writeSection } from './results-file';
import {
  appDir,
  benchDatabase,
  BENCH_ADMIN,
  loadAverage,
  migrate,
  percentile,
  request,
  scratchCopy,
  startServer,
  undisturbed,
  withCpu,
  type BenchServer,
} from './server-process';

const REPORTS = Number(arg('reports', '1000000'));
const SECONDS = Number(arg('seconds', '30'));
const READERS = Number(arg('readers', '32'));
const MONUMENTS = Number(arg('monuments', '500'));
const WORKERS = arg('workers', '2,1').split(',').map(Number);
const PORT = 3910;

interface Page {
  url: string;
  monumentId: number;
  lang: 'en' | 'ar';
}

interface ScenarioResult {
  name: string;
  label: string;
  seconds: number;
  load: string;
  /** CPU used during the scenario, in cores: the server's processes, and this process (readers and curators). */
  cpu: { server: number; client: number; other: number };
  reads: number;
  latency: { p50: number; p99: number; max: number };
  hit: { n: number; p50: number; p99: number };
  rendered: { miss: number; pass: number; p50: number; p99: number; max: number };
  errors: string[];
  stale: string[];
  /** Misses of pages whose monument no save touched during the scenario (evicted, or dropped for another reason). */
  unexplainedMisses: string[];
  distinctRendered: number;
  saves: {
    reports: number;
    edits: number;
    attempted: number;
    errors: string[];
    p50: number;
    p99: number;
    max: number;
    formP50: number;
    postP50: number;
  };
}

const lat = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return { p50: Math.round(percentile(s, 50)), p99: Math.round(percentile(s, 99)), max: Math.round(s.at(-1) ?? 0) };
};

async function main() {
  const on = machine();
  const startedAt = new Date().toISOString().slice(0, 16);
  const source = benchDatabase(REPORTS);
  const copy = scratchCopy(source);
  migrate(copy.path);
  const { buildId } = appDir();

  const db = new Database(copy.path, { readonly: true });
  const all = db.prepare('SELECT id, slug FROM monuments WHERE deleted_at IS NULL ORDER BY id').all() as {
    id: number;
    slug: string;
  }[];
  const chosen = Array.from({ length: MONUMENTS }, (_, i) => all[Math.floor((i * all.length) / MONUMENTS)]!);
  const sourceId = (
    db.prepare('SELECT id FROM sources WHERE deleted_at IS NULL ORDER BY id LIMIT 1').get() as { id: number }
  ).id;
  const totalMonuments = all.length;
  db.close();
  const pages: Page[] = chosen.flatMap((m) => [
    { url: `/monuments/${encodeURIComponent(m.slug)}`, monumentId: m.id, lang: 'en' as const },
    { url: `/ar/monuments/${encodeURIComponent(m.slug)}`, monumentId: m.id, lang: 'ar' as const },
  ]);

  const allSaves: Save[] = [];
  let lastRunEnded: number | null = null;
  const saves = new Map<number, Save[]>(); // monument → its saves in order, over all scenarios and servers
  let server: BenchServer | null = null;

  /** One server start with `workerCount` workers: warm-up, then the three scenarios. */
  async function runServer(workerCount: number) {
    server = await startServer({ databasePath: copy.path, port: PORT, workers: workerCount });
    const base = server.baseUrl;
    const workers = server.workers;
    const agent = new http.Agent({ keepAlive: true, maxSockets: READERS });
    console.log(
      `server.js with ${workers} worker(s); ${pages.length} pages of ${MONUMENTS} monuments; build ${buildId}`,
    );
    // Warm-up: every reader reads every page once (32 connections spread over the workers, so each worker keeps each page).
    const t0 = performance.now();
    let pageBytes = 0;
    const sizes = new Map<string, number>();
    await Promise.all(
      Array.from({ length: READERS }, async (_, r) => {
        for (let i = 0; i < pages.length; i++) {
          const page = pages[(i + Math.floor((r * pages.length) / READERS)) % pages.length]!;
          const res = await request(`${base}${page.url}`, { agent });
          if (res.status !== 200) throw new Error(`warm-up: ${page.url} answered ${res.status}`);
          sizes.set(page.url, res.body.length);
        }
      }),
    );
    for (const b of sizes.values()) pageBytes += b;
    const warmSeconds = (performance.now() - t0) / 1000;
    console.log(
      `warm-up: ${READERS * pages.length} reads in ${((performance.now() - t0) / 1000).toFixed(1)} s; the ${pages.length} pages weigh ${(pageBytes / 2 ** 20).toFixed(1)} MiB`,
    );

    const cookies: string[] = [];
    for (let c = 0; c < 4; c++) cookies.push(await signIn(base, BENCH_ADMIN.email, BENCH_ADMIN.password));
    const tag = `rw${Date.now().toString(36)}w${workers}`;

    async function scenario(name: string, label: string, curators: number, periodMs: number): Promise<ScenarioResult> {
      const load = loadAverage();
      const saveList: Save[] = [];
      const saveErrors: string[] = [];
      let attempted = 0;
      const latencies: number[] = [];
      const hitMs: number[] = [];
      const renderedMs: number[] = [];
      const counts = { hit: 0, miss: 0, pass: 0 };
      const errors: string[] = [];
      const stale: string[] = [];
      const renderedUrls = new Set<string>();
      const lastSeen = new Map<string, number>();
      const missedMonuments: string[] = [];
      const started = performance.now();
      const deadline = started + SECONDS * 1000;
      // A render is explained by a save of its monument begun in this scenario, or in the 10 s before the end of the
      // previous run (its last saves may have made pages stale that no reader asked for before that run ended).
      const horizon = Math.min(started, lastRunEnded ?? started) - 10_000;

      // Curator c goes round the monuments i ≡ c (mod curators), so no two curators edit one monument at once.
      const curator = async (c: number) => {
        const mine = chosen.filter((_, i) => i % curators === c);
        for (let n = 0; performance.now() < deadline; n++) {
          const begun = performance.now();
          const monument = mine[n % mine.length]!;
          const kind = n % 3 === 2 ? 'edit' : 'report';
          const save: Save = {
            monumentId: monument.id,
            kind,
            marker: `${tag}${name}c${c}n${n}`,
            startedAt: begun,
            ackedAt: null,
            ms: 0,
          };
          (saves.get(monument.id) ?? saves.set(monument.id, []).get(monument.id)!).push(save);
          attempted++;
          try {
            const result =
              kind === 'report'
                ? await addReport(base, cookies[c]!, monument.id, sourceId, save.marker, n)
                : await editDescription(base, cookies[c]!, monument.id, save.marker);
            save.ms = performance.now() - begun;
            if (result.ok) {
              save.ackedAt = performance.now();
              Object.assign(save, { reportId: result.reportId, formMs: result.formMs, postMs: result.postMs });
              saveList.push(save);
            } else saveErrors.push(result.error);
          } catch (error) {
            saveErrors.push(`${kind} on monument ${monument.id}: ${(error as Error).message}`);
          }
          if (periodMs) await new Promise((r) => setTimeout(r, Math.max(0, begun + periodMs - performance.now())));
        }
      };

      const reader = async () => {
        while (performance.now() < deadline) {
          const page = pages[Math.floor(Math.random() * pages.length)]!;
          const begun = performance.now();
          try {
            const res = await request(`${base}${page.url}`, { agent });
            const ms = res.ms;
            latencies.push(ms);
            if (res.status !== 200) {
              errors.push(`${res.status} ${page.url}`);
              continue;
            }
            const state = String(res.headers['x-page-cache']);
            if (state === 'hit') {
              counts.hit++;
              hitMs.push(ms);
            } else {
              if (state === 'miss') counts.miss++;
              else if (state === 'pass') counts.pass++;
              else errors.push(`x-page-cache "${state}" on ${page.url}`);
              renderedMs.push(ms);
              renderedUrls.add(page.url);
            }
            const history = saves.get(page.monumentId);
            // (Every page is read every second or two in each worker, so a page made stale earlier has long been rendered again.)
            if (state !== 'hit' && !history?.some((s) => s.startedAt >= horizon)) {
              const last = history?.at(-1);
              const seen = lastSeen.get(page.url);
              missedMonuments.push(
                `${page.url} ${state} ${((begun - started) / 1000).toFixed(1)} s into the scenario; last save of the monument: ` +
                  `${last ? `${((begun - last.startedAt) / 1000).toFixed(1)} s before` : 'never'}; page last answered ${seen ? `${((begun - seen) / 1000).toFixed(1)} s before` : 'never'} in this scenario`,
              );
            }
            lastSeen.set(page.url, performance.now());
            // Fresh: the latest save acknowledged before this read began (or a later one) must show.
            if (history) {
              let last = -1;
              for (let i = 0; i < history.length; i++)
                if (history[i]!.ackedAt !== null && history[i]!.ackedAt! <= begun) last = i;
              if (last >= 0 && !history.slice(last).some((s) => res.body.includes(s.marker))) {
                stale.push(
                  `${page.url} (${state}) lacks ${history[last]!.marker}, acknowledged ${(begun - history[last]!.ackedAt!).toFixed(0)} ms before the read`,
                );
              }
            }
          } catch (error) {
            errors.push(`no answer ${page.url}: ${(error as Error).message}`);
          }
        }
      };

      const cpu = await withCpu(server!.child.pid!, () =>
        Promise.all([
          ...Array.from({ length: READERS }, reader),
          ...Array.from({ length: curators }, (_, c) => curator(c)),
        ]),
      );
      const seconds = (performance.now() - started) / 1000;
      lastRunEnded = performance.now();
      const saveMs = lat(saveList.map((s) => s.ms));
      const result: ScenarioResult = {
        name,
        label,
        seconds,
        load,
        cpu: { server: cpu.serverCores, client: cpu.clientCores, other: cpu.otherCores },
        reads: latencies.length,
        latency: lat(latencies),
        hit: { n: counts.hit, ...lat(hitMs) },
        rendered: { miss: counts.miss, pass: counts.pass, ...lat(renderedMs) },
        errors,
        stale,
        unexplainedMisses: missedMonuments,
        distinctRendered: renderedUrls.size,
        saves: {
          reports: saveList.filter((s) => s.kind === 'report').length,
          edits: saveList.filter((s) => s.kind === 'edit').length,
          attempted,
          errors: saveErrors,
          ...saveMs,
          formP50: lat(saveList.map((s) => s.formMs ?? 0)).p50,
          postP50: lat(saveList.map((s) => s.postMs ?? 0)).p50,
        },
      };
      allSaves.push(...saveList);
      console.log(
        `${label}: ${result.reads} reads (${(result.reads / seconds).toFixed(0)}/s), p50 ${result.latency.p50} p99 ${result.latency.p99} max ${result.latency.max} ms; ` +
          `hit ${counts.hit}, miss ${counts.miss}, pass ${counts.pass} (${renderedUrls.size} pages); errors ${errors.length}; stale ${stale.length}; ` +
          `saves ${result.saves.reports}+${result.saves.edits} of ${attempted} (errors ${saveErrors.length}); misses without a save ${missedMonuments.length}; load ${load}`,
      );
      for (const m of missedMonuments.slice(0, 5)) console.log(`  rendered without a save: ${m}`);
      return result;
    }

    // Each scenario begins on a quiet machine and is run again (at most 3 times) while other work disturbed it.
    let discarded = 0;
    const measured = async (name: string, label: string, curators: number, periodMs: number) => {
      const r = await undisturbed(async () => {
        const result = await scenario(name, label, curators, periodMs);
        return { ...result, otherCores: result.cpu.other };
      });
      discarded += r.discarded;
      return r;
    };
    const results = [
      await measured('z', '(0) no writes', 0, 0),
      await measured('a', '(a) 1 curator, a save every 500 ms', 1, 500),
      await measured('b', '(b) 4 curators, as fast as they can', 4, 0),
    ];
    agent.destroy();
    const logLines = server
      .log()
      .split('\n')
      .filter((l) => /SQLITE_BUSY|database is locked|"level":"error"|Error|⨯/i.test(l));
    await server.stop();
    server = null;
    return { workers, results, logLines, pageBytes, warmSeconds, discarded };
  }

  try {
    const runs = [];
    for (const w of WORKERS) runs.push(await runServer(w));

    // Every acknowledged save is in the database.
    const check = new Database(copy.path, { readonly: true });
    const report = check.prepare(
      'SELECT summary, review_state AS state, monument_id AS monumentId FROM reports WHERE id = ?',
    );
    const monument = check.prepare('SELECT description FROM monuments WHERE id = ?');
    const lost: string[] = [];
    const lastEdit = new Map<number, Save>();
    for (const s of allSaves) {
      if (s.kind === 'report') {
        const row = report.get(s.reportId) as { summary: string; state: string; monumentId: number } | undefined;
        if (
          !row ||
          row.summary !== `Report ${s.marker}` ||
          row.state !== 'published' ||
          row.monumentId !== s.monumentId
        )
          lost.push(`report ${s.reportId} (${s.marker})`);
      } else lastEdit.set(s.monumentId, s);
    }
    for (const [id, s] of lastEdit)
      if ((monument.get(id) as { description: string }).description !== `Described ${s.marker}`)
        lost.push(`monument ${id} description (${s.marker})`);
    check.close();

    const targets: Record<string, number> = { a: 50, b: 150 };
    const row = (workers: number, r: ScenarioResult) => {
      const target = targets[r.name];
      return (
        `| ${workers} | ${r.label} | ${r.reads} (${(r.reads / r.seconds).toFixed(0)}/s) | ${r.latency.p50} / **${r.latency.p99}** / ${r.latency.max}${target ? ` (target < ${target}: ${r.latency.p99 < target ? 'met' : '**not met**'})` : ''} ` +
        `| ${r.hit.n} (${((100 * r.hit.n) / Math.max(1, r.reads)).toFixed(1)} %): p50 ${r.hit.p50}, p99 ${r.hit.p99} ` +
        `| ${r.rendered.miss} + ${r.rendered.pass} (${r.distinctRendered} pages): p50 ${r.rendered.p50}, p99 ${r.rendered.p99}, max ${r.rendered.max} ` +
        `| **${r.errors.length}** | ${r.stale.length} | ${r.unexplainedMisses.length} ` +
        `| ${r.saves.reports} + ${r.saves.edits} (${((r.saves.reports + r.saves.edits) / r.seconds).toFixed(1)}/s): p50 ${r.saves.p50} (form ${r.saves.formP50} + post ${r.saves.postP50}), p99 ${r.saves.p99} | ${r.saves.errors.length} | ${r.cpu.server.toFixed(2)} / ${r.cpu.client.toFixed(2)} / ${r.cpu.other.toFixed(2)} | ${r.load} |`
      );
    };
    const problems = [
      ...runs.flatMap((run) =>
        run.results.flatMap((r) => [
          ...r.errors.slice(0, 3),
          ...r.stale.slice(0, 3),
          ...r.saves.errors.slice(0, 3),
          ...r.unexplainedMisses
            .slice(0, 3)
            .map(
              (m) => `${run.workers} worker${run.workers === 1 ? '' : 's'}, ${r.label}: rendered without a save: ${m}`,
            ),
        ]),
      ),
      ...lost.slice(0, 5).map((l) => `acknowledged but missing: ${l}`),
      ...runs.flatMap((run) =>
        run.logLines
          .slice(0, 5)
          .map((l) => `server log (${run.workers} worker${run.workers === 1 ? '' : 's'}): ${l.slice(0, 300)}`),
      ),
    ];
    const verdict = (results: ScenarioResult[]) =>
      results.every(
        (r) =>
          r.errors.length === 0 &&
          r.stale.length === 0 &&
          r.saves.errors.length === 0 &&
          (targets[r.name] === undefined || r.latency.p99 < targets[r.name]!),
      );
    const ok = runs.every((run) => verdict(run.results)) && lost.length === 0;
    const pageBytes = runs[0]!.pageBytes;

    const body = `## Reads under writes (bench/read-under-writes.ts)

Command: \`npm run bench:read-under-writes -- --reports ${REPORTS} --seconds ${SECONDS} --workers ${WORKERS.join(',')}\` (\`tsx bench/read-under-writes.ts\`). Run
${startedAt}Z on ${on}. Build ${buildId}. **Client (readers and curators, one Node process) and server share the machine's cores.**

Server: \`server.js\` (WEB_CONCURRENCY as in the first column; each worker process keeps its own page layer), on a copy of
the data set (${totalMonuments.toLocaleString('en')} monuments, ${REPORTS.toLocaleString('en')} reports). ${READERS} readers (node:http, keep-alive, one connection each),
each reading one page after another, chosen at random among ${pages.length.toLocaleString('en')} distinct monument pages: ${MONUMENTS} monuments spread evenly
over the data set, each in English and in Arabic (${(pageBytes / 2 ** 20).toFixed(1)} MiB of HTML in all, ${Math.round(pageBytes / pages.length / 1024)} KiB a page on average; a
worker keeps up to PAGE_CACHE_MB, 256 MB by default). Before the scenarios every reader read every page once (${runs.map((r) => `${r.warmSeconds.toFixed(0)} s with ${r.workers} worker${r.workers === 1 ? '' : 's'}`).join(', ')}), so
each worker kept each page. Each scenario then lasts ${SECONDS} s, one after the other on the same server. Curators (each signed in)
save through the real form path (bench/curator-saves.ts): open the form (GET), then post it as a browser without
JavaScript does; 2 saves in 3 add a published report with a citation to a monument, the 3rd edits its description in
both languages. Each curator goes round its own share of the ${MONUMENTS} monuments that readers read, so each save makes
that monument's two pages stale in every worker, and their next reads render them again (x-page-cache miss, or pass
when another save landed during the render). Latencies in ms. "CPU": the CPU time used during the scenario by the server's
processes (primary and workers), by the client process and by everything else on the machine ("other": someone
else's work, which disturbs the figures), in cores (2.00 in all is the whole machine). Each scenario began once the
machine was quiet, and was run again (at most 3 runs in all; if all were disturbed, the least disturbed one counts)
while other work used more than 0.3 cores during it:
${runs.map((r) => `${r.discarded} run(s) discarded with ${r.workers} worker${r.workers === 1 ? '' : 's'}`).join(', ')}.

| workers | scenario | reads (req/s) | read latency p50 / p99 / max | page-layer hits | rendered again: miss + pass | errors | stale reads | misses without a save | saves acknowledged (rate), latency | save errors | CPU: server / client / other | load average at start |
|---|---|---|---|---|---|---|---|---|---|---|---|---|
${runs.flatMap((run) => run.results.map((r) => row(run.workers, r))).join('\n')}

"stale reads": reads that began after a save was acknowledged but did not show it (its marker): must be 0.
"misses without a save": pages rendered again although no save of their monument began during that scenario or in the
10 s before the previous run ended (evicted from a worker's page layer, or dropped for another reason). After the runs, ${allSaves.length} acknowledged saves were
checked in the database: ${lost.length === 0 ? 'all there' : `**${lost.length} missing**`}. Error lines in the server logs (SQLITE_BUSY, "database is locked",
errors): ${runs.reduce((n, r) => n + r.logLines.length, 0)}.

Reading: ${runs
      .map((run) => {
        const z = run.results[0]!;
        const b = run.results[2]!;
        return (
          `with ${run.workers} worker${run.workers === 1 ? '' : 's'}, reads alone ran at ${(z.reads / z.seconds).toFixed(0)}/s with the client using ${z.cpu.client.toFixed(2)} cores ` +
          `(the client is then the limit); in (b) the server used ${b.cpu.server.toFixed(2)} cores for the curators' requests (a save opened its form page in ` +
          `${b.saves.formP50} ms and posted it in ${b.saves.postP50} ms, medians) and the renders of stale pages; with several workers those run in the renderer ` +
          `processes, so a page-layer hit, answered by a front worker, waits behind no render: hits' p99 ${b.hit.p99} ms`
        );
      })
      .join(
        '; ',
      )}. The load average of this virtual machine stays around 1–3 even when /proc/stat shows it idle: the "other"
CPU column is the measure of disturbance.

Result: ${runs.map((run) => `${run.workers} worker${run.workers === 1 ? '' : 's'}: **${verdict(run.results) ? 'targets met, zero errors' : 'NOT all targets met'}**`).join('; ')}.${problems.length ? `\n\nFirst problems seen:\n${problems.map((p) => `- ${p.replace(/\|/g, '\\|')}`).join('\n')}` : ''}`;
    console.log(`\n${body}\n`);
    if (!process.argv.includes('--no-write')) writeSection('reads-under-writes', body);
    if (!ok) process.exitCode = 1;
  } finally {
    if (server) await (server as BenchServer).stop();
    copy.remove();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

/**
 * A stream of curator writes through the real HTTP write path (the curator forms' server actions, as posted by a
 * browser without JavaScript), for the crash and load tests and their benchmarks. Each writer owns one monument: it
 * adds published reports to it (report + citation + monument status + revisions, one transaction) and edits its
 * description (a versioned update + revision). A write counts as acknowledged only when the server answered with
 * the redirect that follows a saved form; every acknowledged write is recorded, to be checked in the database later.
 */
import type Database from 'better-sqlite3';
import { fillForm, postForm } from './curator-http';

export interface AckedReport {
  writer: number;
  id: number;
  summary: string;
}
export interface AckedEdit {
  writer: number;
  monumentId: number;
  version: number;
  description: string;
}

export interface WriteLog {
  reports: AckedReport[];
  edits: AckedEdit[];
  /** Requests that got no answer (the server was killed while they ran): they may or may not have been saved. */
  unanswered: number;
  /** Answers that were neither a saved form nor a refusal the writer expects (e.g. 5xx): must stay 0. */
  errors: string[];
}

export const newWriteLog = (): WriteLog => ({ reports: [], edits: [], unanswered: 0, errors: [] });

interface WriterState {
  index: number;
  monumentId: number;
  /** The version of the monument as last seen; null after an unanswered edit, until the edit page is read again. */
  version: number | null;
  fields: Record<string, string>;
  n: number;
}

export interface WriteStream {
  /** Runs the writers until `until()` is true. */
  run(until: () => boolean): Promise<void>;
  log: WriteLog;
}

const monumentFields = (tag: string, w: number, siteId: string) => ({
  siteId,
  name: `${tag} writer ${w}`,
  nameAr: '',
  slug: `${tag}-writer-${w}`.toLowerCase(),
  kind: 'temple',
  period: '',
  dateBuilt: '',
  latitude: '',
  longitude: '',
  wikidataQid: '',
  pleiadesId: '',
  description: `${tag} w${w} v1`,
  descriptionAr: '',
});

/**
 * Creates one monument per writer (through the monument form) and returns the stream. `siteId` and `sourceId` are
 * an existing site and source (the demo data has them).
 */
export async function createWriteStream(options: {
  baseUrl: () => string;
  cookie: string;
  writers: number;
  tag: string;
  siteId: number;
  sourceId: number;
  /** Pause between one writer's writes (ms); 0 = as fast as the server answers. */
  pauseMs?: number;
}): Promise<WriteStream> {
  const { cookie, tag } = options;
  const log = newWriteLog();
  const states: WriterState[] = [];
  for (let w = 0; w < options.writers; w++) {
    const fields = monumentFields(tag, w, String(options.siteId));
    const form = await fillForm(options.baseUrl(), '/admin/monuments/new', cookie, 'name', fields);
    const res = await postForm(options.baseUrl(), '/admin/monuments/new', cookie, form);
    const id = /\/admin\/monuments\/(\d+)\/edit/.exec(res.location ?? '')?.[1];
    if (res.status !== 303 || !id)
      throw new Error(`creating the writer's monument failed: ${res.status} ${res.body.slice(0, 300)}`);
    states.push({ index: w, monumentId: Number(id), version: 1, fields, n: 1 });
  }

  const reportForms = new Map<number, Record<string, string>>();

  async function addReport(s: WriterState): Promise<void> {
    const base = options.baseUrl();
    const path = `/admin/reports/new?monument=${s.monumentId}`;
    let hidden = reportForms.get(s.index);
    if (!hidden) {
      hidden = await fillForm(base, path, cookie, 'summary', {});
      reportForms.set(s.index, hidden);
    }
    const summary = `${tag} w${s.index} report ${s.n}`;
    const res = await postForm(base, path, cookie, {
      ...hidden,
      monumentId: String(s.monumentId),
      eventDate: `2024-${String((s.n % 12) + 1).padStart(2, '0')}`,
      eventDateEnd: '',
      reportedDate: '',
      damageLevel: 'moderate_damage',
      cause: 'shelling_airstrike',
      reportedActor: '',
      summary,
      summaryAr: '',
      certainty: 'medium',
      verificationStatus: 'unverified',
      publish: 'on',
      'citations.0.mode': 'existing',
      'citations.0.sourceId': String(options.sourceId),
      'citations.0.stance': 'supports',
      'citations.0.quote': '',
    });
    const id = /\/admin\/reports\/(\d+)\/edit\?saved=published/.exec(res.location ?? '')?.[1];
    if (res.status === 303 && id) log.reports.push({ writer: s.index, id: Number(id), summary });
    else log.errors.push(`report: ${res.status} ${res.location ?? ''} ${res.body.slice(0, 200)}`);
  }

  async function editDescription(s: WriterState): Promise<void> {
    const base = options.baseUrl();
    const path = `/admin/monuments/${s.monumentId}/edit`;
    const form = await fillForm(base, path, cookie, 'description', {});
    // The edit page's hidden version is the current one; after an unanswered edit it tells whether that edit was saved.
    const current = Number(form.version);
    if (s.version !== null && current !== s.version)
      log.errors.push(`monument ${s.monumentId}: version ${current}, expected ${s.version}`);
    const description = `${tag} w${s.index} v${current + 1}`;
    s.version = null;
    const res = await postForm(base, path, cookie, {
      ...form,
      ...s.fields,
      id: String(s.monumentId),
      version: String(current),
      description,
    });
    if (res.status === 303 && /saved=1/.test(res.location ?? '')) {
      s.version = current + 1;
      log.edits.push({ writer: s.index, monumentId: s.monumentId, version: current + 1, description });
    } else {
      log.errors.push(`edit: ${res.status} ${res.location ?? ''} ${res.body.slice(0, 200)}`);
    }
  }

  async function writer(s: WriterState, until: () => boolean): Promise<void> {
    while (!until()) {
      s.n += 1;
      try {
        if (s.n % 3 === 0) await editDescription(s);
        else await addReport(s);
      } catch (error) {
        // No answer: the server went away mid-request. The write may or may not have been saved; wait for the server.
        log.unanswered += 1;
        if (!isConnectionError(error)) log.errors.push(`unexpected: ${(error as Error).message}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      if (options.pauseMs) await new Promise((r) => setTimeout(r, options.pauseMs));
    }
  }

  return { log, run: (until) => Promise.all(states.map((s) => writer(s, until))).then(() => undefined) };
}

function isConnectionError(error: unknown): boolean {
  const e = error as { cause?: { code?: string }; message?: string };
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'UND_ERR_CLOSED'].includes(e.cause?.code ?? '') ||
    /fetch failed|other side closed|socket/i.test(e.message ?? '')
  );
}

/**
 * Checks the database after the run: integrity, every acknowledged write present with its revision, and no record
 * whose version is not matched by its revisions (every change made one revision, in the same transaction).
 * Returns the problems found (empty when all is well).
 */
export function verifyWrites(db: Database.Database, log: WriteLog): string[] {
  const problems: string[] = [];
  const integrity = db.pragma('integrity_check', { simple: true });
  if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
  const fk = db.pragma('foreign_key_check') as unknown[];
  if (fk.length) problems.push(`foreign_key_check: ${fk.length} problems`);

  const report = db.prepare(
    'SELECT id, summary, review_state AS state, monument_id AS monumentId FROM reports WHERE id = ?',
  );
  const citation = db.prepare('SELECT count(*) AS n FROM report_sources WHERE report_id = ?');
  const revision = db.prepare(
    "SELECT json_extract(after, '$.summary') AS summary FROM revisions WHERE entity_type = 'report' AND entity_id = ? AND action = 'create'",
  );
  for (const r of log.reports) {
    const row = report.get(r.id) as { summary: string; state: string } | undefined;
    if (!row) {
      problems.push(`acknowledged report ${r.id} (${r.summary}) is missing`);
      continue;
    }
    if (row.summary !== r.summary || row.state !== 'published')
      problems.push(`report ${r.id}: ${row.summary} / ${row.state}`);
    if ((citation.get(r.id) as { n: number }).n !== 1) problems.push(`report ${r.id} lost its cited source`);
    if ((revision.get(r.id) as { summary: string } | undefined)?.summary !== r.summary)
      problems.push(`report ${r.id} has no create revision`);
  }
  const monument = db.prepare('SELECT version FROM monuments WHERE id = ?');
  const edit = db.prepare(
    "SELECT json_extract(after, '$.description') AS description FROM revisions WHERE entity_type = 'monument' AND entity_id = ? AND json_extract(after, '$.version') = ?",
  );
  for (const e of log.edits) {
    const row = monument.get(e.monumentId) as { version: number } | undefined;
    if (!row || row.version < e.version)
      problems.push(`monument ${e.monumentId}: version ${row?.version}, acknowledged ${e.version}`);
    if ((edit.get(e.monumentId, e.version) as { description: string } | undefined)?.description !== e.description) {
      problems.push(`monument ${e.monumentId} v${e.version}: no revision with "${e.description}"`);
    }
  }
  for (const [table, type] of [
    ['sites', 'site'],
    ['monuments', 'monument'],
    ['reports', 'report'],
    ['sources', 'source'],
  ] as const) {
    const bad = db
      .prepare(
        `
      SELECT t.id, t.version, count(v.id) AS revisions, max(json_extract(v.after, '$.version')) AS latest
      FROM ${table} t LEFT JOIN revisions v ON v.entity_type = ? AND v.entity_id = t.id AND v.after IS NOT NULL
        -- A source's "published" entry (a published report first cited it) records no change of its own.
        AND NOT (v.entity_type = 'source' AND v.action = 'publish')
      GROUP BY t.id HAVING count(v.id) != t.version OR latest IS NOT t.version`,
      )
      .all(type) as { id: number; version: number; revisions: number }[];
    for (const b of bad.slice(0, 5))
      problems.push(`${type} ${b.id}: version ${b.version} but ${b.revisions} revisions`);
  }
  return problems;
}

import crypto from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, readDatabase } from './helpers';
import { curator, httpSignIn } from './curator-helpers';
import { actionFormFields, fillForm, postForm } from '../support/curator-http';
import { HOSTILE_STRINGS, RAW_ENCODED } from '../support/hostile';

/**
 * Hostile input to every public route and every curator form: FTS syntax, SQL fragments, markup, 100 kB strings,
 * invalid UTF-8, silly numbers, unknown codes, malformed dates. Every answer must be a 4xx or a correct page (never
 * a 5xx), markup must never come back as markup, and the database must be exactly as it was.
 */

/** Every table's rows, hashed: the database "as it was". Sign-ins are recorded by design (login_throttle, sessions). */
function checksums(): Record<string, string> {
  const db = readDatabase();
  try {
    const tables = (
      db
        .prepare(
          // Sign-in bookkeeping (throttle counts, session rows) changes as the tests sign in; the data may not.
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('login_throttle', 'sessions', 'sqlite_sequence') ORDER BY name",
        )
        .all() as { name: string }[]
    ).map((t) => t.name);
    return Object.fromEntries(
      tables.map((t) => {
        // Rows sorted as text: some of the search index's tables have no rowid to order by.
        const rows = db
          .prepare(`SELECT * FROM "${t}"`)
          .all()
          .map((row) => JSON.stringify(row, (_k, v) => (Buffer.isBuffer(v) ? v.toString('hex') : v)))
          .sort();
        return [t, crypto.createHash('sha256').update(rows.join('\n')).digest('hex')];
      }),
    );
  } finally {
    db.close();
  }
}

/** Each request comes from its own documentation address (RFC 5737), so that the per-address limits stay out of the way. */
let address = 0;
const clientHeaders = () => ({ 'x-forwarded-for': `198.51.100.${(address++ % 250) + 1}` });

/** Markup that must never come back as markup. */
const LIVE_MARKUP = /<script>alert\(1\)<\/script>|<img src=x onerror=alert\(1\)>|<svg onload=alert\(1\)>/i;

interface Outcome {
  url: string;
  status: number;
  type: string;
  body: string;
}

async function send(url: string, init: RequestInit = {}): Promise<Outcome> {
  const res = await fetch(`${baseUrl()}${url}`, {
    redirect: 'manual',
    ...init,
    headers: { ...clientHeaders(), ...(init.headers as Record<string, string>) },
  });
  return { url, status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
}

/** Runs `tasks` a few at a time (the server has two cores; this keeps the suite short without starving it). */
async function pool<T>(tasks: (() => Promise<T>)[], size = 4): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]!();
      }
    }),
  );
  return results;
}

function expectHarmless(outcomes: Outcome[]) {
  const problems: string[] = [];
  for (const o of outcomes) {
    if (o.status >= 500) problems.push(`${o.status} ${o.url.slice(0, 160)}`);
    // In HTML, markup must come back escaped. (JSON may quote it: it is served as JSON, nosniff, default-src 'none'.)
    if (o.type.includes('html') && LIVE_MARKUP.test(o.body)) problems.push(`markup reflected: ${o.url.slice(0, 160)}`);
    if (o.type.includes('json') && o.body) {
      try {
        JSON.parse(o.body);
      } catch {
        problems.push(`invalid JSON: ${o.url.slice(0, 160)}`);
      }
    }
  }
  expect(problems).toEqual([]);
}

/** The encoded forms of every hostile value: as a URL would carry it. */
const encodedValues = [...HOSTILE_STRINGS.map((s) => encodeURIComponent(s)), ...RAW_ENCODED];

let before: Record<string, string>;
/**
 * The history page of a record with two revisions: it offers a revert, whose form the hostile values go to. A
 * contributor's proposal on the same record fills the review queue, whose form they go to as well.
 */
let revertPage: string;
beforeAll(async () => {
  const cookie = (await httpSignIn(curator('editor').email, curator('editor').password)).cookie;
  const contributor = (await httpSignIn(curator('contributor').email, curator('contributor').password)).cookie;
  const title = `Hostile-test source ${crypto.randomUUID()}`;
  // Added by the contributor: an unpublished source is readable only by whoever added it and by editors.
  const created = await postForm(
    baseUrl(),
    '/admin/sources/new',
    contributor,
    await fillForm(baseUrl(), '/admin/sources/new', contributor, 'sourceType', { title, sourceType: 'news' }),
  );
  const id = /\/admin\/sources\/(\d+)\/edit/.exec(created.location ?? '')?.[1];
  if (!id) throw new Error(`creating a source answered ${created.status}`);
  const edit = `/admin/sources/${id}/edit`;
  const edited = await postForm(
    baseUrl(),
    edit,
    cookie,
    await fillForm(baseUrl(), edit, cookie, 'title', { title: `${title} (edited)`, sourceType: 'news' }),
  );
  if (edited.status !== 303) throw new Error(`editing the source answered ${edited.status}`);
  const proposed = await postForm(
    baseUrl(),
    edit,
    contributor,
    await fillForm(baseUrl(), edit, contributor, 'title', { title: `${title} (proposed)`, sourceType: 'news' }),
  );
  if (!proposed.location?.includes('proposed=')) throw new Error(`proposing an edit answered ${proposed.status}`);
  // The revert form is on the confirmation step of the history page (?revert=<revision>).
  const db = readDatabase();
  const first = db
    .prepare("SELECT min(id) AS id FROM revisions WHERE entity_type = 'source' AND entity_id = ?")
    .get(id) as { id: number };
  db.close();
  revertPage = `/admin/history/source/${id}?revert=${first.id}`;
  before = checksums(); // from here on, nothing may change
});

describe('hostile input to public routes', () => {
  const QUERY_ROUTES: [string, string[]][] = [
    ['/monuments', ['q', 'country', 'site', 'kind', 'status', 'cause', 'verification', 'from', 'to', 'sort', 'page']],
    ['/ar/monuments', ['q', 'from', 'page']],
    [
      '/api/v1/monuments',
      ['q', 'country', 'site', 'kind', 'status', 'cause', 'verification', 'from', 'to', 'sort', 'page', 'per_page'],
    ],
    ['/api/v1/sites', ['q', 'country', 'page', 'per_page']],
    ['/export/reports.csv', ['q', 'country', 'kind', 'status', 'from', 'to', 'bom', 'include']],
    ['/export/monuments.geojson', ['q', 'site', 'verification']],
    ['/login', ['callbackUrl', 'error']],
    ['/api/auth/session', ['callbackUrl']],
    ['/api/auth/signin', ['callbackUrl']],
    ['/api/curator/sources', ['q']],
    ['/api/curator/monuments', ['q']],
    ['/', ['q']],
    ['/changes', ['before']],
    ['/sites', ['country']],
    ['/export', ['q']],
    ['/monuments/temple-of-bel', ['q']],
  ];

  it('in query parameters get a 4xx or a correct page, never a 5xx or live markup', async () => {
    const tasks = QUERY_ROUTES.flatMap(([route, params]) =>
      params.flatMap((param) => encodedValues.map((value) => () => send(`${route}?${param}=${value}`))),
    );
    // Repeated parameters and several bad ones at once.
    tasks.push(() =>
      send(
        `/api/v1/monuments?page=-1&per_page=1000000&sort=%3Cscript%3E&kind=nuked&from=2015-13-45&to=yesterday&q=${'%22'.repeat(50)}`,
      ),
    );
    tasks.push(() => send(`/monuments?${Array.from({ length: 200 }, (_, i) => `kind=k${i}`).join('&')}`));
    const outcomes = await pool(tasks);
    expectHarmless(outcomes);
    // Bad parameters are named, not ignored: the API answers 400 for an unknown code and a malformed date.
    const bad = outcomes.filter(
      (o) => o.url.startsWith('/api/v1/monuments?kind=') || o.url.startsWith('/api/v1/monuments?from='),
    );
    expect(bad.filter((o) => o.status === 400).length).toBeGreaterThan(bad.length / 2);
    // A string longer than a URL may be is refused by the server itself (431), before the app.
    expect(outcomes.find((o) => o.url.length > 100_000)?.status).toBe(431);
  });

  it('in path segments get a 4xx or a correct page', async () => {
    const templates = [
      '/monuments/{}',
      '/ar/sites/{}',
      '/api/v1/monuments/{}',
      '/api/v1/sites/{}',
      '/export/{}',
      '/{}',
      '/admin/history/{}/1',
      '/ar/{}/x',
    ];
    const segments = [
      ...HOSTILE_STRINGS.filter((s) => s.length < 5000).map((s) => encodeURIComponent(s)),
      ...RAW_ENCODED,
      '..%2F..%2Fetc%2Fpasswd',
      '%2e%2e',
      'temple-of-bel%00',
    ];
    const outcomes = await pool(templates.flatMap((t) => segments.map((s) => () => send(t.replace('{}', s)))));
    expectHarmless(outcomes);
    const undecodable = outcomes.filter((o) => o.url.includes('%C3%28'));
    expect(undecodable.length).toBe(templates.length);
    for (const o of undecodable) expect(o.status, o.url).toBe(400);
  });

  it('in request bodies and methods get a 4xx', async () => {
    const outcomes = await pool([
      // Garbage posted to pages and routes, as a form, as JSON, as an action call with an unknown id.
      ...[
        '/',
        '/monuments/temple-of-bel',
        '/monuments',
        '/api/v1/monuments',
        '/export/reports.csv',
        '/api/health',
      ].flatMap((path) => [
        () =>
          send(path, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: 'q=%27%20OR%201%3D1&$ACTION_ID_x=1',
          }),
        () =>
          send(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"q": "\' OR 1=1 --"' }),
        () =>
          send(path, {
            method: 'POST',
            headers: { 'next-action': 'f'.repeat(42), 'content-type': 'text/plain;charset=UTF-8' },
            body: '["x"]',
          }),
        () => send(path, { method: 'POST', headers: { 'next-action': '<script>' }, body: 'x' }),
        () => send(path, { method: 'DELETE' }),
        () => send(path, { method: 'PUT', body: 'x' }),
      ]),
      () =>
        send('/monuments/temple-of-bel', {
          method: 'POST',
          body: (() => {
            const f = new FormData();
            f.append('$ACTION_ID_abcdef', '');
            f.append('x', '<script>alert(1)</script>');
            return f;
          })(),
        }),
      () =>
        send('/api/auth/callback/credentials', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: `email=${encodeURIComponent("' OR 1=1 --")}&password=%FF%FE&csrfToken=<script>`,
        }),
      () =>
        send('/api/auth/signin/%3Cscript%3E', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'csrfToken=x',
        }),
    ]);
    expectHarmless(outcomes);
  });
});

describe('hostile input to curator forms (signed in as an editor and as an administrator)', () => {
  let editor: string;
  let admin: string;
  beforeAll(async () => {
    editor = (await httpSignIn(curator('editor').email, curator('editor').password)).cookie;
    admin = (await httpSignIn(curator('admin').email, curator('admin').password)).cookie;
  });

  const huge = 'x'.repeat(100_000);
  /** A form page's action fields, then each variant of malformed values posted to it. */
  async function postVariants(
    cookie: string,
    page: string,
    field: string,
    base: Record<string, string>,
    variants: Record<string, string>[],
  ): Promise<Outcome[]> {
    const html = await (await fetch(`${baseUrl()}${page}`, { headers: { cookie } })).text();
    const hidden = actionFormFields(html, field);
    return pool(
      variants.map((variant) => () => {
        const body = new FormData();
        for (const [k, v] of Object.entries({ ...hidden, ...base, ...variant })) body.append(k, v);
        return send(page, { method: 'POST', body, headers: { cookie, origin: baseUrl() } }).then((o) => ({
          ...o,
          url: `${o.url} ${JSON.stringify(variant).slice(0, 120)}`,
        }));
      }),
    );
  }

  /** Each variant is refused: the form comes back (200) with the reason, and nothing is saved. */
  function expectRefused(outcomes: Outcome[]) {
    expectHarmless(outcomes);
    for (const o of outcomes) {
      expect(o.status, o.url).toBe(200);
      expect(o.body, o.url).toMatch(/problem|could not|not valid|Fill this in|too long|Choose one of|Enter /i);
    }
  }

  it('sites, monuments, sources and reports: oversize and malformed fields are refused field by field', async () => {
    const site = { name: 'Hostile site', countryCodes: 'SY' };
    expectRefused(
      await postVariants(editor, '/admin/sites/new', 'countryCodes', site, [
        { name: huge },
        { name: '' },
        { countryCodes: "SY'; DROP TABLE sites; --" },
        { countryCodes: '<script>alert(1)</script>' },
        { unescoIdNo: '-1' },
        { unescoIdNo: '1e9' },
        { latitude: '91', longitude: '0' },
        { latitude: 'NaN', longitude: 'Infinity' },
        { latitude: '1' },
        { yearInscribed: '99999' },
        { slug: '../../etc' },
        { slug: 'UPPER case' },
        { wikidataQid: "Q1' OR 1=1" },
        { description: huge },
        { inDangerSince: '1800', inDanger: 'on', name: '' },
      ]),
    );
    const monument = { siteId: '1', name: 'Hostile monument', kind: 'temple' };
    expectRefused(
      await postVariants(editor, '/admin/monuments/new', 'kind', monument, [
        { kind: 'nuked' },
        { kind: '' },
        { siteId: '999999999' },
        { siteId: '-1' },
        { siteId: '1 OR 1=1' },
        { siteId: '99999999999999999999' },
        { name: huge },
        { nameAr: huge },
        { period: huge },
        { pleiadesId: 'abc' },
        { 'altNames.0.name': 'x', 'altNames.0.lang': '<script>' },
        Object.fromEntries(
          Array.from({ length: 60 }, (_, i) => [`altNames.${i}.name`, `n${i}`]).concat(
            Array.from({ length: 60 }, (_, i) => [`altNames.${i}.lang`, 'en']),
          ),
        ),
      ]),
    );
    const source = { title: 'Hostile source', sourceType: 'news' };
    expectRefused(
      await postVariants(editor, '/admin/sources/new', 'sourceType', source, [
        { url: 'javascript:alert(1)' },
        { url: 'data:text/html,<script>alert(1)</script>' },
        { archivedUrl: 'http://' },
        { url: `https://example.org/${huge}` },
        { publishedDate: '2015-02-30' },
        { publishedDate: '2015-13-45' },
        { publishedDate: '2015' },
        { sourceType: 'rumour' },
        { language: 'english please' },
        { title: huge },
      ]),
    );
    const report = {
      monumentId: '1',
      eventDate: '2015-08-30',
      damageLevel: 'destroyed',
      summary: 'Hostile report',
      certainty: 'high',
      verificationStatus: 'unverified',
      'citations.0.mode': 'existing',
      'citations.0.sourceId': '1',
      'citations.0.stance': 'supports',
    };
    expectRefused(
      await postVariants(editor, '/admin/reports/new', 'summary', report, [
        { eventDate: '2015-13-45' },
        { eventDate: '2015-02-30' },
        { eventDate: 'yesterday' },
        { eventDate: '-2015' },
        { eventDate: '99999' },
        { eventDate: '2015-08-30T00:00:00Z' },
        { eventDate: '2016', eventDateEnd: '2015', approximate: 'on' },
        { reportedDate: '30/08/2015' },
        { damageLevel: 'nuked' },
        { cause: 'aliens' },
        { certainty: 'DEFINITE' },
        { verificationStatus: "confirmed' --" },
        { summary: huge },
        { summaryAr: huge },
        { reportedActor: huge },
        { monumentId: '0' },
        { monumentId: '<script>alert(1)</script>' },
        { 'citations.0.sourceId': '1; DROP TABLE sources' },
        { 'citations.0.sourceId': '999999999' },
        { 'citations.0.stance': 'maybe' },
        { 'citations.0.quote': huge },
        {
          'citations.1.mode': 'new',
          'citations.1.title': '',
          'citations.1.url': 'javascript:alert(1)',
          'citations.1.stance': 'supports',
        },
        { 'citations.0.mode': 'sideways' },
      ]),
    );
  });

  it('edits, deletions, reverts, reviews and users: malformed ids, versions and choices change nothing', async () => {
    const editPage = '/admin/monuments/1/edit';
    const html = await (await fetch(`${baseUrl()}${editPage}`, { headers: { cookie: editor } })).text();
    const current = actionFormFields(html, 'description');
    const outcomes = [
      ...(await postVariants(editor, editPage, 'description', {}, [
        { version: 'abc' },
        { version: '-1' },
        { version: '99999999999' },
        { id: '0' },
        { id: "1' OR '1'='1" },
        { id: '' },
        { version: current.version!, kind: 'nuked' },
        { version: current.version!, description: huge },
      ])),
      ...(await postVariants(editor, editPage, 'type', {}, [
        { type: 'users' },
        { type: "monument'; --" },
        { id: '-5' },
        { version: 'x' },
        { version: '999999' },
      ])),
      // Reverts: ids, types and versions that do not match, revisions of other records, SQL and markup.
      ...(await postVariants(editor, revertPage, 'revisionId', {}, [
        { revisionId: '0' },
        { revisionId: '-1' },
        { revisionId: '99999999999' },
        { revisionId: "1' OR '1'='1" },
        { revisionId: '1' },
        { type: 'users' },
        { type: '<script>alert(1)</script>' },
        { id: '1' },
        { id: 'x' },
        { version: '999999' },
        { version: '0' },
        { version: huge },
      ])),
      // The review queue: unknown decisions, items that do not exist or are not drafts, missing reasons, huge comments.
      ...(await postVariants(editor, '/admin/review', 'comment', {}, [
        { decision: 'nuke', items: 'report:1:1' },
        { decision: 'approve' },
        { decision: 'reject', items: 'proposal:999999999' },
        { decision: 'approve', items: 'proposal:999999999' },
        { decision: 'approve', items: 'report:1:999999' },
        { decision: 'approve', items: 'report:1 OR 1=1:1' },
        { decision: 'approve', items: '<script>alert(1)</script>' },
        { single: 'approve|proposal:-1' },
        { single: 'reject|report:1:1' },
        { single: `approve|${huge}` },
        { decision: 'reject', items: 'proposal:999999999', comment: huge },
        { single: 'approve' },
      ])),
      ...(await postVariants(admin, '/admin/users', 'email', { name: 'Hostile', role: 'editor' }, [
        { email: "admin@e2e.test' --", password: 'a long enough password' },
        { email: 'x@y.z', password: 'short' },
        { email: 'x@y.z', role: 'root', password: 'a long enough password' },
        { email: `${'a'.repeat(400)}@example.org`, password: 'a long enough password' },
        { email: 'x@y.z', name: huge, password: 'a long enough password' },
      ])),
    ];
    expectHarmless(outcomes);
    for (const o of outcomes) expect(o.status, o.url).toBe(200);
  });

  it('leave the database exactly as it was', () => {
    expect(checksums()).toEqual(before);
  });
});

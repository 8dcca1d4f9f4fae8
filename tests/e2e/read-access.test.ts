/**
 * Who reads what, over HTTP on the real server with real sign-ins: every curator page and route × anonymous, a
 * contributor (their own record and another's), an editor and an administrator. A contributor reads what readers see
 * plus their own work; another curator's draft, a rejected report that is not theirs, a deleted record and the history
 * of an unpublished record answer 404, and lists leave them out. Also: /changes (English and Arabic) never shows a
 * title a source had only before it was public.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, readDatabase } from './helpers';
import { curator, httpSignIn, pageText, RUN, type CuratorKey } from './curator-helpers';
import { actionFormFields, currentFormFields, postForm } from '../support/curator-http';

type Who = 'anonymous' | 'contributor' | 'contributor2' | 'editor' | 'admin';
const WHO: Who[] = ['anonymous', 'contributor', 'contributor2', 'editor', 'admin'];
const cookies: Partial<Record<Who, string>> = {};

async function signIn(key: CuratorKey): Promise<string> {
  const { cookie, error } = await httpSignIn(curator(key).email, curator(key).password);
  if (error) throw new Error(`signing in as ${key} failed: ${error}`);
  return cookie;
}

/** Fills the page's form that has `field` as a browser would (defaults included), overrides `values`, and posts it. */
async function submit(cookie: string, path: string, field: string, values: Record<string, string>) {
  const page = await fetch(`${baseUrl()}${path}`, { headers: { cookie } });
  if (page.status !== 200) throw new Error(`GET ${path} answered ${page.status}`);
  return postForm(baseUrl(), path, cookie, { ...currentFormFields(await page.text(), field), ...values });
}

/** Creates a record through its form; returns its id (from the address of the page the save leads to). */
async function create(cookie: string, path: string, field: string, values: Record<string, string>): Promise<number> {
  const saved = await submit(cookie, path, field, values);
  const id = /\/admin\/\w+\/(\d+)\/edit/.exec(saved.location ?? '')?.[1];
  if (!id) {
    const errors = [...saved.body.matchAll(/<li[^>]*>(?:<a[^>]*>)?([^<]+)/g)].map((m) => m[1]).slice(0, 8);
    throw new Error(`POST ${path} answered ${saved.status} ${saved.location ?? errors.join(' | ')}`);
  }
  return Number(id);
}

const version = (table: 'reports' | 'sources', id: number) => {
  const db = readDatabase();
  try {
    return (db.prepare(`SELECT version FROM ${table} WHERE id = ?`).get(id) as { version: number }).version;
  } finally {
    db.close();
  }
};

const reportValues = (monumentId: number, summary: string, citeSource?: number, eventDate = '2012') => ({
  monumentId: String(monumentId),
  eventDate,
  damageLevel: 'moderate_damage',
  certainty: 'medium',
  verificationStatus: 'unverified',
  summary,
  ...(citeSource
    ? { 'citations.0.mode': 'existing', 'citations.0.sourceId': String(citeSource), 'citations.0.stance': 'supports' }
    : {}),
});

/** An editor's decision on a draft in the review queue, with a comment for its author. */
async function review(reportId: number, decision: 'approve' | 'reject', comment: string) {
  const item = `report:${reportId}:${version('reports', reportId)}`;
  const html = await (await fetch(`${baseUrl()}/admin/review`, { headers: { cookie: cookies.editor! } })).text();
  const answer = await postForm(baseUrl(), '/admin/review', cookies.editor!, {
    ...actionFormFields(html, 'items'),
    single: `${decision}|${item}`,
    [`comment.${item}`]: comment,
  });
  const db = readDatabase();
  const state = (db.prepare('SELECT review_state FROM reports WHERE id = ?').get(reportId) as { review_state: string })
    .review_state;
  db.close();
  if (state !== (decision === 'approve' ? 'published' : 'rejected'))
    throw new Error(`reviewing report ${reportId} answered ${answer.status}; it is ${state}`);
}

async function remove(cookie: string, editPath: string) {
  const html = await (await fetch(`${baseUrl()}${editPath}`, { headers: { cookie } })).text();
  const answer = await postForm(baseUrl(), editPath, cookie, actionFormFields(html, 'type'));
  if (answer.status !== 303) throw new Error(`deleting ${editPath} answered ${answer.status}`);
}

const f = {} as Record<string, number>;
const TEXT = {
  myDraft: `Draft by Cai ${RUN}`,
  theirDraft: `Unreviewed claim by Dana ${RUN}`,
  theirRejected: `Rejected claim by Dana ${RUN}`,
  theirRejectComment: `Editor to Dana only: the photo is from 2011 ${RUN}`,
  myRejectComment: `Editor to Cai: add a second source ${RUN}`,
  approvalComment: `Approval note for Dana ${RUN}`,
  theirSource: `Unpublished source by Dana ${RUN}`,
  mySource: `Unpublished source by Cai ${RUN}`,
  deletedReport: `A published claim later deleted ${RUN}`,
};

beforeAll(async () => {
  for (const who of ['contributor', 'contributor2', 'editor', 'admin'] as const) cookies[who] = await signIn(who);
  const editor = cookies.editor!;
  f.site = await create(editor, '/admin/sites/new', 'name', { name: `Read-access site ${RUN}`, countryCodes: 'SY' });
  f.monument = await create(editor, `/admin/monuments/new?site=${f.site}`, 'name', {
    siteId: String(f.site),
    name: `Read-access gate ${RUN}`,
    kind: 'arch',
  });
  const newSource = '/admin/sources/new';
  f.mySource = await create(cookies.contributor!, newSource, 'title', { title: TEXT.mySource, sourceType: 'news' });
  f.theirSource = await create(cookies.contributor2!, newSource, 'title', {
    title: TEXT.theirSource,
    sourceType: 'news',
  });
  const newReport = '/admin/reports/new';
  f.myDraft = await create(cookies.contributor!, newReport, 'summary', reportValues(f.monument, TEXT.myDraft));
  f.myRejected = await create(
    cookies.contributor!,
    newReport,
    'summary',
    reportValues(f.monument, `Rejected claim by Cai ${RUN}`),
  );
  f.theirDraft = await create(
    cookies.contributor2!,
    newReport,
    'summary',
    reportValues(f.monument, TEXT.theirDraft, f.theirSource, '2014'),
  );
  f.theirRejected = await create(
    cookies.contributor2!,
    newReport,
    'summary',
    reportValues(f.monument, TEXT.theirRejected),
  );
  // The evidence rules let an editor publish it only with a supporting source: one of its own, so that the source
  // above stays uncited (and unreadable to other contributors).
  const theirEvidence = await create(cookies.contributor2!, newSource, 'title', {
    title: `Evidence by Dana ${RUN}`,
    sourceType: 'news',
  });
  f.theirPublished = await create(
    cookies.contributor2!,
    newReport,
    'summary',
    reportValues(f.monument, `Reviewed claim by Dana ${RUN}`, theirEvidence),
  );
  await review(f.myRejected, 'reject', TEXT.myRejectComment);
  await review(f.theirRejected, 'reject', TEXT.theirRejectComment);
  await review(f.theirPublished, 'approve', TEXT.approvalComment);
  // An editor's report is published at once: it cites a supporting source of the editor's (the evidence rules).
  const editorEvidence = await create(editor, newSource, 'title', {
    title: `Evidence by Eli ${RUN}`,
    sourceType: 'news',
  });
  f.deletedReport = await create(
    editor,
    newReport,
    'summary',
    reportValues(f.monument, TEXT.deletedReport, editorEvidence),
  );
  await remove(editor, `/admin/reports/${f.deletedReport}/edit`);
  f.deletedSource = await create(editor, newSource, 'title', { title: `Deleted source ${RUN}`, sourceType: 'news' });
  await remove(editor, `/admin/sources/${f.deletedSource}/edit`);
}, 120_000);

/** Expected status per caller: anonymous pages go to sign-in (307), routes answer 401. */
type Row = [path: () => string, expected: Record<Exclude<Who, 'anonymous'>, number>, anonymous?: number];
const all = (status: number) => ({ contributor: status, contributor2: status, editor: status, admin: status });
const editorsOnly = { contributor: 403, contributor2: 403, editor: 200, admin: 200 };
/** A record only its author (contributor2) and editors read: 404 for the other contributor. */
const danasOnly = { contributor: 404, contributor2: 200, editor: 200, admin: 200 };
const caisOnly = { contributor: 200, contributor2: 404, editor: 200, admin: 200 };
const editorsRead = { contributor: 404, contributor2: 404, editor: 200, admin: 200 };

const MATRIX: Row[] = [
  [() => '/admin', all(200)],
  [() => '/ar/admin', all(200)],
  [() => '/admin/mine', all(200)],
  [() => '/admin/sources', all(200)],
  [() => '/admin/sources/new', all(200)],
  [() => '/admin/reports/new', all(200)],
  [() => '/admin/review', editorsOnly],
  [() => '/admin/import', editorsOnly],
  [() => '/admin/sites/new', editorsOnly],
  [() => '/admin/monuments/new', editorsOnly],
  [() => '/admin/users', { contributor: 403, contributor2: 403, editor: 403, admin: 200 }],
  [() => `/admin/sites/${f.site}/edit`, all(200)],
  [() => `/admin/history/site/${f.site}`, all(200)],
  [() => `/admin/monuments/${f.monument}/edit`, all(200)],
  [() => `/admin/history/monument/${f.monument}`, all(200)],
  [() => `/admin/reports/${f.myDraft}/edit`, caisOnly],
  [() => `/admin/history/report/${f.myDraft}`, caisOnly],
  [() => `/admin/reports/${f.myRejected}/edit`, caisOnly],
  [() => `/admin/history/report/${f.myRejected}`, caisOnly],
  [() => `/admin/reports/${f.theirDraft}/edit`, danasOnly],
  [() => `/ar/admin/reports/${f.theirDraft}/edit`, danasOnly],
  [() => `/admin/history/report/${f.theirDraft}`, danasOnly],
  [() => `/admin/reports/${f.theirRejected}/edit`, danasOnly],
  [() => `/admin/history/report/${f.theirRejected}`, danasOnly],
  [() => `/admin/reports/${f.theirPublished}/edit`, all(200)],
  [() => `/admin/history/report/${f.theirPublished}`, all(200)],
  [() => `/admin/reports/${f.deletedReport}/edit`, editorsRead],
  [() => `/admin/history/report/${f.deletedReport}`, editorsRead],
  [() => `/admin/sources/${f.mySource}/edit`, caisOnly],
  [() => `/admin/history/source/${f.mySource}`, caisOnly],
  [() => `/admin/sources/${f.theirSource}/edit`, danasOnly],
  [() => `/admin/history/source/${f.theirSource}`, danasOnly],
  [() => `/admin/sources/${f.deletedSource}/edit`, editorsRead],
  [() => `/admin/history/source/${f.deletedSource}`, editorsRead],
  [() => '/admin/history/report/999999999', all(404)],
  [() => '/api/curator/sources?q=source', all(200), 401],
  [() => `/api/curator/monuments?q=%23${f.monument}`, all(200), 401],
  [() => '/export/reports.csv?include=drafts', editorsOnly, 403],
  [() => '/export/dataset.zip?include=drafts', editorsOnly, 403],
];

describe('who reads what: every curator page and route × every caller', () => {
  for (const [path, expected, anonymous] of MATRIX) {
    it(`${path.toString().replace(/^\(\) => /, '')}`, async () => {
      const answers: Record<string, number> = {};
      const wanted: Record<string, number> = {};
      for (const who of WHO) {
        const res = await fetch(`${baseUrl()}${path()}`, {
          redirect: 'manual',
          headers: cookies[who] ? { cookie: cookies[who] } : {},
        });
        await res.arrayBuffer();
        answers[who] = res.status;
        wanted[who] = who === 'anonymous' ? (anonymous ?? 307) : expected[who];
      }
      expect(answers).toEqual(wanted);
    });
  }
});

describe('what a contributor reads on the pages they may open', () => {
  const as = (who: Who, path: string) => pageText(path, cookies[who]);

  it("lists leave out other curators' drafts, rejected reports, deleted records and unpublished sources", async () => {
    const dashboard = (await as('contributor', '/admin')).text;
    for (const hidden of [TEXT.theirDraft, TEXT.theirRejected, TEXT.deletedReport, TEXT.theirRejectComment])
      expect(dashboard).not.toContain(hidden);
    expect(dashboard).toContain(TEXT.myDraft);
    // An editor's dashboard lists them all.
    const editors = (await as('editor', '/admin')).text;
    expect(editors).toContain(TEXT.theirDraft);

    const sources = (await as('contributor', '/admin/sources?q=unpublished')).text;
    expect(sources).toContain(TEXT.mySource);
    expect(sources).not.toContain(TEXT.theirSource);
    const picker = (await (
      await fetch(`${baseUrl()}/api/curator/sources?q=${encodeURIComponent(RUN)}`, {
        headers: { cookie: cookies.contributor! },
      })
    ).json()) as { sources: { title: string }[] };
    const titles = picker.sources.map((s) => s.title);
    expect(titles).toContain(TEXT.mySource);
    expect(titles).not.toContain(TEXT.theirSource);
    expect(titles.some((t) => t.startsWith('Deleted source'))).toBe(false);
  });

  it("the monument picker never starts a contributor from another's draft; an editor's does", async () => {
    const latest = async (who: Who) =>
      (
        (await (
          await fetch(`${baseUrl()}/api/curator/monuments?q=%23${f.monument}`, { headers: { cookie: cookies[who]! } })
        ).json()) as { monuments: { latestReport: { id: number } | null }[] }
      ).monuments[0]?.latestReport?.id;
    // Dana's draft is the latest event (2014): an editor starts from it, Cai from the latest report Cai reads.
    expect(await latest('editor')).toBe(f.theirDraft);
    expect(await latest('contributor')).toBe(f.theirPublished);
    // ?from= copies only a report the curator reads.
    const filled = `Filled from report #${f.theirDraft} (`;
    expect((await as('editor', `/admin/reports/new?from=${f.theirDraft}`)).text).toContain(filled);
    expect((await as('contributor', `/admin/reports/new?from=${f.theirDraft}`)).text).not.toContain(filled);
  });

  it('review comments reach only the author of the report', async () => {
    expect((await as('contributor', `/admin/reports/${f.myRejected}/edit`)).text).toContain(TEXT.myRejectComment);
    expect((await as('contributor', '/admin/mine')).text).toContain(TEXT.myRejectComment);
    expect((await as('contributor2', '/admin/mine')).text).not.toContain(TEXT.myRejectComment);
    for (const path of [`/admin/reports/${f.theirPublished}/edit`, `/admin/history/report/${f.theirPublished}`]) {
      expect((await as('contributor', path)).text, path).not.toContain(TEXT.approvalComment);
      expect((await as('contributor2', path)).text, path).toContain(TEXT.approvalComment);
      expect((await as('editor', path)).text, path).toContain(TEXT.approvalComment);
    }
  });

  it('a contributor cannot propose an edit of, or cite, a record they may not read, and nothing changes', async () => {
    const db = readDatabase();
    const count = () => (db.prepare('SELECT count(*) AS n FROM proposals').get() as { n: number }).n;
    const before = count();
    // The edit form of their own draft, sent for another contributor's draft.
    const html = await (
      await fetch(`${baseUrl()}/admin/reports/${f.myDraft}/edit`, { headers: { cookie: cookies.contributor! } })
    ).text();
    const refused = await postForm(baseUrl(), `/admin/reports/${f.myDraft}/edit`, cookies.contributor!, {
      ...currentFormFields(html, 'summary'),
      id: String(f.theirDraft),
      version: String(version('reports', f.theirDraft!)),
      summary: 'Overwritten by someone else',
    });
    expect(refused.status).toBe(200);
    expect(refused.body).toContain('This record no longer exists or was deleted.');
    const cited = await submit(
      cookies.contributor!,
      '/admin/reports/new',
      'summary',
      reportValues(f.monument!, `Citing a source by Dana ${RUN}`, f.theirSource),
    );
    expect(cited.status).toBe(200);
    expect(cited.body).toContain('This source does not exist or was deleted.');
    expect(count()).toBe(before);
    expect(
      db.prepare('SELECT count(*) AS n FROM reports WHERE summary = ?').get(`Citing a source by Dana ${RUN}`),
    ).toEqual({ n: 0 });
    expect(db.prepare('SELECT summary FROM reports WHERE id = ?').get(f.theirDraft)).toEqual({
      summary: TEXT.theirDraft,
    });
    db.close();
  });
});

describe('/changes shows only what was public', () => {
  it("never shows a source's title from before a published report cited it, in English or Arabic", async () => {
    const working = `Working title nobody published ${RUN}`;
    const published = `Title at publication ${RUN}`;
    const sourceId = await create(cookies.contributor!, '/admin/sources/new', 'title', {
      title: working,
      sourceType: 'news',
    });
    const draft = await create(
      cookies.contributor!,
      '/admin/reports/new',
      'summary',
      reportValues(f.monument!, `Cites a renamed source ${RUN}`, sourceId),
    );
    const edit = `/admin/sources/${sourceId}/edit`;
    const renamed = await submit(cookies.editor!, edit, 'title', { title: published });
    expect(renamed.status).toBe(303);
    for (const path of ['/changes', '/ar/changes']) {
      const before = (await pageText(path)).text;
      expect(before, path).not.toContain(working);
      expect(before, path).not.toContain(published);
    }
    await review(draft, 'approve', 'Fine');

    for (const path of ['/changes', '/ar/changes']) {
      await expect.poll(async () => (await pageText(path)).text, { timeout: 10_000 }).toContain(published);
      const text = (await pageText(path)).text;
      expect(text, path).not.toContain(working);
    }
    // The source is public now: a later rename is a public change.
    const later = `Title corrected after publication ${RUN}`;
    expect((await submit(cookies.editor!, edit, 'title', { title: later })).status).toBe(303);
    await expect.poll(async () => (await pageText('/ar/changes')).text, { timeout: 10_000 }).toContain(later);
    expect((await pageText('/changes')).text).not.toContain(working);
  });
});

import { beforeEach, describe, expect, it, vi } from 'vitest';
vi.mock('next/headers', () => import('../setup/request-context'));
vi.mock('next/cache', () => import('../setup/request-context'));
vi.mock('next/server', () => import('../setup/request-context'));
import { changeStamps, freshDatabase, scopesOf } from '../setup/test-db';
import { form, outcome, resetRequest, signIn } from '../setup/request-context';
import { CURATORS, createCurators } from '../setup/curators';
import { transaction, type Db } from '@/db';
import { seedDatabase } from '@/db/seed';
import { getSiteBySlug } from '@/db/queries/sites';
import { getMonumentById, getMonumentBySlug } from '@/db/queries/monuments';
import {
  getReportById,
  listDraftReports,
  listPublishedReportsForMonument,
  listReportsByCreator,
} from '@/db/queries/reports';
import { getProposal } from '@/db/queries/proposals';
import { listPublicChanges, listRevisions } from '@/db/queries/revisions';
import { getDatasetVersion } from '@/db/queries/status';
import { monumentFormValues } from '@/lib/records/monument';
import { reportFormValues } from '@/lib/records/report';
import { siteFormValues } from '@/lib/records/site';
import { initialFormState, type FormState } from '@/lib/forms';
import { createSiteAction, updateSiteAction } from '@/app/[locale]/(curator)/_actions/sites';
import { createMonumentAction, updateMonumentAction } from '@/app/[locale]/(curator)/_actions/monuments';
import { createReportAction, updateReportAction } from '@/app/[locale]/(curator)/_actions/reports';
import { deleteRecordAction, restoreRecordAction, revertRecordAction } from '@/app/[locale]/(curator)/_actions/records';
import { reviewAction } from '@/app/[locale]/(curator)/_actions/review';
import { createUserAction, setUserDisabledAction } from '@/app/[locale]/(curator)/_actions/users';

let stamps: ReturnType<typeof changeStamps>;
let db: Db;
let ids: Awaited<ReturnType<typeof createCurators>>;
beforeEach(async () => {
  db = freshDatabase();
  stamps = changeStamps(db);
  seedDatabase();
  ids = await createCurators();
  resetRequest();
});

async function as(who: keyof typeof CURATORS) {
  resetRequest();
  expect((await signIn(CURATORS[who].email, CURATORS[who].password)).error).toBeNull();
  stamps.start();
}
const run = (
  action: (prev: FormState, fd: FormData) => Promise<FormState>,
  fields: Record<string, string | string[]>,
  locale = 'en',
) => outcome(() => action(initialFormState(), form({ locale, ...fields })));
const count = (sql: string, ...p: unknown[]) => (db.$client.prepare(sql).get(...p) as { n: number }).n;
const bel = () => getMonumentBySlug(db, 'temple-of-bel')!;

describe('creating records', () => {
  it("an editor adds a monument with alternative names; its revision and both languages' pages follow", async () => {
    await as('editor');
    const palmyra = getSiteBySlug(db, 'palmyra')!;
    const result = await run(createMonumentAction, {
      siteId: String(palmyra.id),
      name: 'Camp of Diocletian',
      nameAr: 'معسكر ديوقلطيانوس',
      kind: 'other',
      slug: '',
      'altNames.0.name': 'Castra Diocletiani',
      'altNames.0.lang': 'la',
      'altNames.3.name': 'معسكر ديوكلتيان',
      'altNames.3.lang': 'ar',
      'altNames.5.name': '',
      'altNames.5.lang': '',
    });
    const created = getMonumentBySlug(db, 'camp-of-diocletian')!;
    expect(result).toEqual({ kind: 'redirect', to: `/admin/monuments/${created.id}/edit?saved=created` });
    expect(created.altNames).toEqual([
      { name: 'Castra Diocletiani', lang: 'la' },
      { name: 'معسكر ديوكلتيان', lang: 'ar' },
    ]);
    const [rev] = listRevisions(db, 'monument', created.id);
    expect(rev).toMatchObject({
      action: 'create',
      userId: ids.editor,
      before: null,
      after: { name: 'Camp of Diocletian', altNames: created.altNames },
    });
    const paths = [
      '/en',
      '/ar',
      '/en/monuments/camp-of-diocletian',
      '/ar/monuments/camp-of-diocletian',
      '/en/sites/palmyra',
      '/ar/sites/palmyra',
      '/en/changes',
      '/ar/changes',
    ];
    // Every server drops exactly these pages: the database stamped their scopes.
    expect(stamps.scopes()).toEqual(scopesOf(paths).sort());
  });

  it('an editor adds a published report citing an existing source and a new one that disputes it; the status follows at once', async () => {
    await as('editor');
    const monument = getMonumentBySlug(db, 'roman-theatre')!;
    const sourcesBefore = count('SELECT count(*) AS n FROM sources');
    const result = await run(createReportAction, {
      monumentId: String(monument.id),
      eventDate: '2017-01',
      damageLevel: 'severe_damage',
      cause: 'explosives',
      certainty: 'high',
      verificationStatus: 'confirmed',
      summary: 'The tetrapylon and theatre facade were blown up.',
      publish: 'on',
      'citations.0.mode': 'existing',
      // Satellite imagery: "confirmed" needs direct evidence (lib/evidence.ts).
      'citations.0.sourceId': '5',
      'citations.0.stance': 'supports',
      'citations.0.quote': 'destroyed',
      'citations.1.mode': 'new',
      'citations.1.title': 'Ministry statement denying damage',
      'citations.1.sourceType': 'official_statement',
      'citations.1.url': 'https://example.org/statement',
      'citations.1.stance': 'disputes',
    });
    expect(result).toMatchObject({
      kind: 'redirect',
      to: expect.stringMatching(/^\/admin\/reports\/\d+\/edit\?saved=published$/),
    });
    const id = Number((result as { to: string }).to.split('/')[3]);
    const report = getReportById(db, id)!;
    expect(report).toMatchObject({
      reviewState: 'published',
      eventDate: '2017-01-01',
      eventDatePrecision: 'month',
      createdBy: ids.editor,
    });
    expect(count('SELECT count(*) AS n FROM sources')).toBe(sourcesBefore + 1);
    const published = listPublishedReportsForMonument(db, monument.id).find((r) => r.id === id)!;
    expect(published.sources.map((s) => [s.title, s.stance])).toEqual(
      expect.arrayContaining([
        ['Ministry statement denying damage', 'disputes'],
        [expect.any(String), 'supports'],
      ]),
    );
    expect(getMonumentById(db, monument.id)).toMatchObject({
      statusLevel: 'severe_damage',
      statusBasis: 'established',
      statusReportId: id,
    });
    expect(stamps.scopes()).toEqual(
      expect.arrayContaining(
        scopesOf(['/en/monuments/roman-theatre', '/ar/monuments/roman-theatre', '/en/sites/palmyra', '/en', '/ar']),
      ),
    );
  });

  it('accepts YYYY, YYYY-MM, YYYY-MM-DD and approximate ranges, storing the precision', async () => {
    await as('editor');
    const cases: [Record<string, string>, Partial<ReturnType<typeof getReportById>>][] = [
      [{ eventDate: '2015' }, { eventDate: '2015-01-01', eventDateEnd: null, eventDatePrecision: 'year' }],
      [{ eventDate: '2015-08' }, { eventDate: '2015-08-01', eventDatePrecision: 'month' }],
      [{ eventDate: '2015-08-30' }, { eventDate: '2015-08-30', eventDatePrecision: 'day' }],
      [
        { eventDate: '2014', eventDateEnd: '2016' },
        { eventDate: '2014-01-01', eventDateEnd: '2016-12-31', eventDatePrecision: 'approximate' },
      ],
      [
        { eventDate: '2016-02', approximate: 'on' },
        { eventDate: '2016-02-01', eventDateEnd: '2016-02-29', eventDatePrecision: 'approximate' },
      ],
    ];
    for (const [dates, expected] of cases) {
      const result = await run(createReportAction, {
        monumentId: String(bel().id),
        damageLevel: 'destroyed',
        certainty: 'high',
        verificationStatus: 'unverified',
        summary: 'x',
        ...dates,
      });
      const id = Number((result as { to: string }).to.split('/')[3]);
      expect(getReportById(db, id), JSON.stringify(dates)).toMatchObject(expected!);
    }
  });

  it('shows every invalid field its own error, keeps what was typed, and writes nothing', async () => {
    await as('editor');
    const before = count('SELECT count(*) AS n FROM revisions');
    const typed = {
      monumentId: String(bel().id),
      eventDate: '2015-13',
      eventDateEnd: '',
      damageLevel: 'flattened',
      certainty: '',
      verificationStatus: 'unverified',
      summary: '   ',
      reportedDate: '30/08/2015',
      'citations.0.mode': 'new',
      'citations.0.title': 'Source without type',
      'citations.0.url': 'javascript:alert(1)',
      'citations.0.stance': 'supports',
      'citations.2.mode': 'existing',
      'citations.2.sourceId': '999999',
      'citations.2.stance': 'disputes',
    };
    const result = await run(createReportAction, typed);
    expect(result.kind).toBe('state');
    const state = (result as { state: FormState }).state;
    expect(state.status).toBe('invalid');
    expect(state.fieldErrors).toEqual({
      eventDate: ['invalidDate'],
      damageLevel: ['invalidChoice'],
      certainty: ['required'],
      summary: ['required'],
      reportedDate: ['invalidDay'],
      'citations.0.url': ['invalidUrl'],
      'citations.0.sourceType': ['required'],
    });
    expect(state.values).toMatchObject(typed);
    expect(count('SELECT count(*) AS n FROM revisions')).toBe(before);
    // Once the form is valid, a cited source that does not exist is named on its own row.
    const second = await run(createReportAction, {
      ...typed,
      eventDate: '2015',
      damageLevel: 'destroyed',
      certainty: 'high',
      summary: 'ok',
      reportedDate: '',
      'citations.0.url': '',
      'citations.0.sourceType': 'news',
    });
    expect((second as { state: FormState }).state.fieldErrors).toEqual({ 'citations.2.sourceId': ['unknownSource'] });
    expect(count('SELECT count(*) AS n FROM revisions')).toBe(before);
  });

  it('names the field when a slug is already taken', async () => {
    await as('editor');
    const result = await run(createSiteAction, { name: 'Another Palmyra', slug: 'palmyra', countryCodes: 'sy' });
    expect((result as { state: FormState }).state).toMatchObject({
      status: 'invalid',
      fieldErrors: { slug: ['taken'] },
      values: { slug: 'palmyra' },
    });
  });
});

describe('no lost updates', () => {
  it("refuses a save built from an older version, shows what changed, and re-applies only the curator's own edit", async () => {
    const m = bel();
    const opened = { ...monumentFormValues(m), id: String(m.id), version: String(m.version) };
    await as('admin'); // someone else saves first
    expect((await run(updateMonumentAction, { ...opened, period: 'Roman, 1st century AD' })).kind).toBe('redirect');
    await as('editor');
    const stale = await run(updateMonumentAction, { ...opened, description: 'My new description' });
    const state = (stale as { state: FormState }).state;
    expect(state.status).toBe('conflict');
    expect(getMonumentById(db, m.id)).toMatchObject({
      period: 'Roman, 1st century AD',
      description: m.description,
      version: m.version + 1,
    });
    expect(state.conflict).toEqual(
      expect.arrayContaining([
        {
          field: 'period',
          opened: m.period ?? '',
          current: 'Roman, 1st century AD',
          yours: m.period ?? '',
          theirs: true,
          mine: false,
          clash: false,
        },
        {
          field: 'description',
          opened: m.description ?? '',
          current: m.description ?? '',
          yours: 'My new description',
          theirs: false,
          mine: true,
          clash: false,
        },
      ]),
    );
    // The form now holds their change and mine, at the current version: saving again keeps both.
    expect(state.values).toMatchObject({
      period: 'Roman, 1st century AD',
      description: 'My new description',
      version: String(m.version + 1),
    });
    expect((await run(updateMonumentAction, state.values)).kind).toBe('redirect');
    expect(getMonumentById(db, m.id)).toMatchObject({
      period: 'Roman, 1st century AD',
      description: 'My new description',
      version: m.version + 2,
    });
  });

  it('refuses a stale report edit without creating the sources typed in it', async () => {
    const report = getReportById(db, 1)!;
    const opened = { ...reportFormValues(report), id: '1', version: String(report.version) };
    await as('admin');
    await run(updateReportAction, { ...opened, summary: 'Corrected by the admin' });
    await as('editor');
    const sources = count('SELECT count(*) AS n FROM sources');
    const stale = await run(updateReportAction, {
      ...opened,
      'citations.9.mode': 'new',
      'citations.9.title': 'Typed during a conflict',
      'citations.9.sourceType': 'news',
      'citations.9.stance': 'supports',
    });
    expect((stale as { state: FormState }).state).toMatchObject({ status: 'conflict', message: 'conflict' });
    expect(count('SELECT count(*) AS n FROM sources')).toBe(sources);
    expect(getReportById(db, 1)!.summary).toBe('Corrected by the admin');
  });
});

describe('history: revisions, revert, delete and restore', () => {
  it('reverts to an earlier revision as a new revision, leaving history as it was', async () => {
    await as('editor');
    const site = getSiteBySlug(db, 'palmyra')!;
    const v1 = { ...siteFormValues(site), id: String(site.id) };
    await run(updateSiteAction, { ...v1, version: String(site.version), name: 'Palmyra — first edit' });
    await run(updateSiteAction, {
      ...v1,
      version: String(site.version + 1),
      name: 'Palmyra — second edit',
      description: 'Second',
    });
    const history = listRevisions(db, 'site', site.id);
    expect(history.map((r) => r.action)).toEqual(['update', 'update', 'create']);
    const firstEdit = history[1]!;
    stamps.start();
    const result = await run(revertRecordAction, {
      type: 'site',
      id: String(site.id),
      version: String(site.version + 2),
      revisionId: String(firstEdit.id),
    });
    expect(result).toEqual({ kind: 'redirect', to: `/admin/history/site/${site.id}?done=reverted` });
    expect(getSiteBySlug(db, 'palmyra')).toMatchObject({
      name: 'Palmyra — first edit',
      description: site.description,
      version: site.version + 3,
    });
    const after = listRevisions(db, 'site', site.id);
    expect(after.map((r) => r.action)).toEqual(['revert', 'update', 'update', 'create']);
    expect(after.slice(1)).toEqual(history); // nothing rewritten
    expect(after[0]).toMatchObject({ userId: ids.editor, comment: `Reverted to revision #${firstEdit.id}` });
    expect(stamps.scopes()).toEqual(
      expect.arrayContaining(
        scopesOf([
          '/en/sites/palmyra',
          '/ar/sites/palmyra',
          '/en/monuments/temple-of-bel',
          '/ar/monuments/temple-of-bel',
        ]),
      ),
    );
  });

  it('a revert from a stale page is refused', async () => {
    await as('editor');
    const site = getSiteBySlug(db, 'palmyra')!;
    const [create] = listRevisions(db, 'site', site.id);
    await run(updateSiteAction, {
      ...siteFormValues(site),
      id: String(site.id),
      version: String(site.version),
      name: 'Changed meanwhile',
    });
    const result = await run(revertRecordAction, {
      type: 'site',
      id: String(site.id),
      version: String(site.version),
      revisionId: String(create!.id),
    });
    expect((result as { state: FormState }).state).toMatchObject({ status: 'error', message: 'staleAction' });
    expect(getSiteBySlug(db, 'palmyra')!.name).toBe('Changed meanwhile');
  });

  it('deletes softly and restores, with revisions, the status, the search index and the public page following', async () => {
    await as('editor');
    const m = bel();
    expect(
      (await run(deleteRecordAction, { type: 'monument', id: String(m.id), version: String(m.version) })).kind,
    ).toBe('redirect');
    expect(getMonumentBySlug(db, 'temple-of-bel')).toBeUndefined();
    expect(getMonumentById(db, m.id)!.deletedAt).not.toBeNull();
    expect(
      count(
        "SELECT count(*) AS n FROM search_index WHERE search_index MATCH 'bel' AND kind = 'monument' AND ref_id = ?",
        m.id,
      ),
    ).toBe(0);
    expect(stamps.scopes()).toEqual(
      expect.arrayContaining(scopesOf(['/en/monuments/temple-of-bel', '/ar/monuments/temple-of-bel'])),
    );
    expect((await run(restoreRecordAction, { type: 'monument', id: String(m.id) })).kind).toBe('redirect');
    expect(getMonumentBySlug(db, 'temple-of-bel')).toMatchObject({ id: m.id, deletedAt: null });
    expect(
      listRevisions(db, 'monument', m.id)
        .slice(0, 2)
        .map((r) => r.action),
    ).toEqual(['restore', 'delete']);
  });

  it('refuses to delete a site that still has monuments', async () => {
    await as('editor');
    const site = getSiteBySlug(db, 'palmyra')!;
    const result = await run(deleteRecordAction, { type: 'site', id: String(site.id), version: String(site.version) });
    expect((result as { state: FormState }).state).toMatchObject({ status: 'error', message: 'siteHasMonuments' });
    expect(getSiteBySlug(db, 'palmyra')!.deletedAt).toBeNull();
  });

  it('deleting a published report recomputes the monument status', async () => {
    await as('editor');
    const m = bel();
    expect(m.statusLevel).toBe('destroyed');
    for (const r of listPublishedReportsForMonument(db, m.id)) {
      await run(deleteRecordAction, { type: 'report', id: String(r.id), version: String(r.version) });
    }
    expect(getMonumentById(db, m.id)).toMatchObject({ statusLevel: 'unknown', statusBasis: 'none' });
  });
});

describe('review queue', () => {
  it("a contributor's report waits as a draft until an editor approves it", async () => {
    await as('contributor');
    const m = bel();
    const version = getDatasetVersion(db);
    const created = await run(createReportAction, {
      monumentId: String(m.id),
      eventDate: '2024',
      damageLevel: 'no_visible_damage',
      certainty: 'medium',
      verificationStatus: 'confirmed',
      summary: 'Restoration work observed',
      publish: 'on',
      'citations.0.sourceId': '5',
      'citations.0.stance': 'supports',
    });
    expect(created).toMatchObject({ kind: 'redirect', to: expect.stringMatching(/saved=draft$/) });
    const id = Number((created as { to: string }).to.split('/')[3]);
    expect(getReportById(db, id)).toMatchObject({ reviewState: 'draft', createdBy: ids.contributor });
    // Nothing public changed (citing a public source stamps its monument's page, conservatively, so only the
    // dataset version and the public list tell).
    expect(getDatasetVersion(db)).toBe(version);
    expect(listPublishedReportsForMonument(db, m.id).some((r) => r.id === id)).toBe(false);
    expect(listDraftReports(db).map((r) => r.id)).toContain(id);

    await as('editor');
    const result = await run(reviewAction, {
      single: `approve|report:${id}:${getReportById(db, id)!.version}`,
      [`comment.report:${id}:1`]: 'Thanks',
    });
    expect((result as { state: FormState }).state).toMatchObject({
      status: 'saved',
      results: { [`report:${id}:1`]: null },
    });
    expect(getReportById(db, id)).toMatchObject({ reviewState: 'published', reviewComment: 'Thanks' });
    expect(listRevisions(db, 'report', id)[0]).toMatchObject({
      action: 'publish',
      userId: ids.editor,
      comment: 'Thanks',
    });
    expect(listPublishedReportsForMonument(db, m.id).some((r) => r.id === id)).toBe(true);
    expect(stamps.scopes()).toEqual(
      expect.arrayContaining(scopesOf(['/en/monuments/temple-of-bel', '/ar/monuments/temple-of-bel'])),
    );
  });

  it('rejecting needs a comment, which the contributor then sees', async () => {
    await as('contributor');
    const r = await run(createReportAction, {
      monumentId: String(bel().id),
      damageLevel: 'destroyed',
      certainty: 'low',
      verificationStatus: 'unverified',
      summary: 'Rumour',
    });
    const id = Number((r as { to: string }).to.split('/')[3]);
    await as('editor');
    const item = `report:${id}:1`;
    const refused = await run(reviewAction, { single: `reject|${item}` });
    expect((refused as { state: FormState }).state.fieldErrors).toEqual({ [`comment.${item}`]: ['commentRequired'] });
    expect(getReportById(db, id)!.reviewState).toBe('draft');
    await run(reviewAction, { single: `reject|${item}`, [`comment.${item}`]: 'No source for this claim' });
    expect(listReportsByCreator(db, ids.contributor)[0]).toMatchObject({
      id,
      reviewState: 'rejected',
      reviewComment: 'No source for this claim',
    });
    // The contributor corrects it: back in the queue as a draft.
    await as('contributor');
    const report = getReportById(db, id)!;
    await run(updateReportAction, {
      ...reportFormValues(report),
      id: String(id),
      version: String(report.version),
      'citations.0.mode': 'existing',
      'citations.0.sourceId': '1',
      'citations.0.stance': 'supports',
    });
    expect(getReportById(db, id)).toMatchObject({
      reviewState: 'draft',
      citations: [{ sourceId: 1, stance: 'supports' }],
    });
  });

  it('approves several items at once and reports each one that could not be', async () => {
    await as('contributor');
    const made: number[] = [];
    for (const summary of ['One', 'Two', 'Three']) {
      const r = await run(createReportAction, {
        monumentId: String(bel().id),
        damageLevel: 'destroyed',
        certainty: 'low',
        verificationStatus: 'unverified',
        summary,
        'citations.0.sourceId': '1',
        'citations.0.stance': 'supports',
      });
      made.push(Number((r as { to: string }).to.split('/')[3]));
    }
    const site = getSiteBySlug(db, 'hatra')!;
    await run(updateSiteAction, {
      ...siteFormValues(site),
      id: String(site.id),
      version: String(site.version),
      criteria: '(ii)(iii)',
    });
    const proposalId = (db.$client.prepare('SELECT max(id) AS id FROM proposals').get() as { id: number }).id;
    await as('editor');
    const items = [`report:${made[0]}:1`, `report:${made[1]}:1`, `report:${made[2]}:7`, `proposal:${proposalId}`];
    const result = await run(reviewAction, { decision: 'approve', items, comment: 'Batch' });
    expect((result as { state: FormState }).state).toMatchObject({
      status: 'saved',
      fieldErrors: { items: ['someFailed'] },
      results: { [items[0]!]: null, [items[1]!]: null, [items[2]!]: 'changedSinceReview', [items[3]!]: null },
    });
    expect(made.map((id) => getReportById(db, id)!.reviewState)).toEqual(['published', 'published', 'draft']);
    expect(getSiteBySlug(db, 'hatra')!.criteria).toBe('(ii)(iii)');
    expect(getProposal(db, proposalId)).toMatchObject({
      state: 'approved',
      reviewedBy: ids.editor,
      reviewComment: 'Batch',
    });
    expect(listRevisions(db, 'site', site.id)[0]).toMatchObject({
      action: 'update',
      userId: ids.editor,
      comment: `Proposal #${proposalId} by ${CURATORS.contributor.name} approved: Batch`,
    });
  });

  it('refuses to approve a proposal whose record changed since it was made', async () => {
    await as('contributor');
    const site = getSiteBySlug(db, 'ashur')!;
    await run(updateSiteAction, {
      ...siteFormValues(site),
      id: String(site.id),
      version: String(site.version),
      criteria: '(iii)',
    });
    const proposalId = (db.$client.prepare('SELECT max(id) AS id FROM proposals').get() as { id: number }).id;
    await as('editor');
    await run(updateSiteAction, {
      ...siteFormValues(site),
      id: String(site.id),
      version: String(site.version),
      yearInscribed: '2004',
    });
    const result = await run(reviewAction, { single: `approve|proposal:${proposalId}` });
    expect((result as { state: FormState }).state.results).toEqual({ [`proposal:${proposalId}`]: 'recordChanged' });
    expect(getSiteBySlug(db, 'ashur')).toMatchObject({ criteria: site.criteria, yearInscribed: 2004 });
    expect(getProposal(db, proposalId)!.state).toBe('pending');
  });
});

describe('the public recent-changes feed', () => {
  it('lists published changes only, without drafts, rejections, users, names or comments', async () => {
    await as('contributor');
    await run(createReportAction, {
      monumentId: String(bel().id),
      damageLevel: 'destroyed',
      certainty: 'low',
      verificationStatus: 'unverified',
      summary: 'SECRET DRAFT',
    });
    await as('editor');
    const m = bel();
    await run(updateMonumentAction, {
      ...monumentFormValues(m),
      id: String(m.id),
      version: String(m.version),
      period: 'Hellenistic',
    });
    await as('admin');
    await run(createUserAction, {
      email: 'hidden@registry.test',
      name: 'Hidden Person',
      role: 'contributor',
      password: 'a-long-enough-password',
    });
    const feed = listPublicChanges(db, { limit: 500 });
    expect(feed[0]).toMatchObject({ entityType: 'monument', entityId: m.id, action: 'update' });
    const text = JSON.stringify(feed);
    expect(text).not.toContain('SECRET DRAFT');
    expect(text).not.toContain('hidden@registry.test');
    expect(feed.some((c) => (c.entityType as string) === 'user')).toBe(false);
    expect(Object.keys(feed[0]!)).not.toContain('userId');
    expect(Object.keys(feed[0]!)).not.toContain('comment');
  });
});

describe('user administration', () => {
  it('never sends a password back in the form state, even when the form is refused', async () => {
    await as('admin');
    const bad = await run(createUserAction, { email: 'not-an-email', name: 'X', role: 'editor', password: 'short-pw' });
    expect(JSON.stringify(bad)).not.toContain('short-pw');
    expect((bad as { state: FormState }).state.fieldErrors).toEqual({
      email: ['invalidEmail'],
      password: ['passwordTooShort'],
    });
    const good = await run(createUserAction, {
      email: 'ok@registry.test',
      name: 'OK',
      role: 'editor',
      password: 'long-enough-password-1',
    });
    expect(JSON.stringify(good)).not.toContain('long-enough-password-1');
    expect((good as { state: FormState }).state).toMatchObject({ status: 'saved', message: 'userCreated' });
  });

  it('will not disable the last active administrator', async () => {
    await as('admin');
    const result = await run(setUserDisabledAction, { id: String(ids.admin), disabled: '1' });
    expect((result as { state: FormState }).state).toMatchObject({ status: 'error', message: 'lastAdmin' });
    expect(
      transaction((tx) => tx.$client.prepare('SELECT disabled_at FROM users WHERE id = ?').get(ids.admin)),
    ).toEqual({ disabled_at: null });
  });
});

/**
 * The evidence rules (lib/evidence.ts) against a real database: the curator form, the review queue's approval and
 * the importer each refuse a published report that breaks one, with the rule's message and nothing changed; the
 * status rule ignores a published report that fails them; the one-time demotion of older data.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
vi.mock('next/headers', () => import('../setup/request-context'));
vi.mock('next/cache', () => import('../setup/request-context'));
vi.mock('next/server', () => import('../setup/request-context'));
import { stringify } from 'csv-stringify/sync';
import { freshDatabase } from '../setup/test-db';
import { form, outcome, resetRequest, signIn } from '../setup/request-context';
import { CURATORS, createCurators } from '../setup/curators';
import type { Db } from '@/db';
import { seedDatabase } from '@/db/seed';
import { getMonumentBySlug } from '@/db/queries/monuments';
import { getReportById } from '@/db/queries/reports';
import { listRevisions } from '@/db/queries/revisions';
import { refreshMonumentStatus } from '@/db/queries/status';
import { EVIDENCE_MIGRATION_AGENT, ensureEvidenceRules } from '@/db/queries/evidence-migration';
import { evidenceProblem, evidenceRules } from '@/lib/evidence';
import type { SourceType } from '@/lib/vocab';
import { commitImport } from '@/lib/import/run';
import { initialFormState, type FormState } from '@/lib/forms';
import { createReportAction } from '@/app/[locale]/(curator)/_actions/reports';
import { reviewAction } from '@/app/[locale]/(curator)/_actions/review';
import en from '@/messages/en/curator.json';
import ar from '@/messages/ar/curator.json';

// Seeded sources (db/seed/data.ts): 1 news (The Associated Press), 2 official statement (Syrian state TV),
// 5 satellite imagery (UNITAR-UNOSAT).
const AP = '1';
const STATE_TV = '2';
const IMAGERY = '5';

let db: Db;
beforeEach(async () => {
  db = freshDatabase();
  seedDatabase();
  await createCurators();
  resetRequest();
});

async function as(who: keyof typeof CURATORS) {
  resetRequest();
  expect((await signIn(CURATORS[who].email, CURATORS[who].password)).error).toBeNull();
}
const run = (
  action: (prev: FormState, fd: FormData) => Promise<FormState>,
  fields: Record<string, string | string[]>,
) => outcome(() => action(initialFormState(), form({ locale: 'en', ...fields })));

/** Every table's rows: a refused write leaves all of them as they were. */
function dump(): Record<string, unknown[]> {
  const tables = (
    db.$client
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all() as { name: string }[]
  )
    .map((t) => t.name)
    // Sessions and sign-in bookkeeping move with every request, not with the data.
    .filter((t) => !['sessions', 'login_throttle'].includes(t));
  return Object.fromEntries(tables.map((t) => [t, db.$client.prepare(`SELECT * FROM "${t}"`).all()]));
}

const report = (o: Record<string, string>) => ({
  monumentId: String(getMonumentBySlug(db, 'temple-of-bel')!.id),
  eventDate: '2024-05',
  damageLevel: 'moderate_damage',
  certainty: 'high',
  summary: 'Further damage seen at the temple.',
  publish: 'on',
  ...o,
});

describe('the rules', () => {
  it('ask for a supporting source, two publishers for corroborated, direct evidence for confirmed', () => {
    const c = (stance: 'supports' | 'disputes', publisher: string | null, sourceType: SourceType = 'news') => ({
      stance,
      publisher,
      sourceType,
    });
    expect(evidenceProblem({ verificationStatus: 'unverified', citations: [] })).toBe('evidenceSupportingSource');
    expect(evidenceProblem({ verificationStatus: 'disputed', citations: [c('disputes', 'A')] })).toBe(
      'evidenceSupportingSource',
    );
    expect(evidenceProblem({ verificationStatus: 'unverified', citations: [c('supports', null)] })).toBeNull();
    // Publishers compared without case or spacing; a source without a publisher does not count.
    expect(
      evidenceProblem({
        verificationStatus: 'corroborated',
        citations: [
          c('supports', 'The  Associated Press'),
          c('supports', ' the associated press'),
          c('supports', null),
        ],
      }),
    ).toBe('evidenceIndependentPublishers');
    expect(
      evidenceProblem({ verificationStatus: 'corroborated', citations: [c('supports', 'AP'), c('supports', 'SOHR')] }),
    ).toBeNull();
    // A disputing source of the right kind is no evidence for the claim; a deleted one is none at all.
    expect(
      evidenceProblem({
        verificationStatus: 'confirmed',
        citations: [c('supports', 'AP'), c('disputes', 'UNOSAT', 'satellite_imagery')],
      }),
    ).toBe('evidenceDirectSource');
    expect(
      evidenceProblem({
        verificationStatus: 'confirmed',
        citations: [{ ...c('supports', 'UNOSAT', 'satellite_imagery'), deleted: true }],
      }),
    ).toBe('evidenceSupportingSource');
    expect(
      evidenceProblem({ verificationStatus: 'confirmed', citations: [c('supports', 'X', 'field_survey')] }),
    ).toBeNull();
  });

  it('are listed for the methodology page and have messages in both languages', () => {
    for (const rule of evidenceRules) {
      expect(rule.title.ar).not.toBe(rule.title.en);
      expect(en.errors[rule.code as keyof typeof en.errors]).toMatch(/Evidence rule/);
      expect(ar.errors[rule.code as keyof typeof ar.errors]).toMatch(/قاعدة الأدلة/);
    }
  });
});

describe('the report form', () => {
  it('refuses to publish against each rule, naming it on its field, and changes nothing', async () => {
    await as('editor');
    const before = dump();
    const cases: [Record<string, string>, string, string][] = [
      [{ verificationStatus: 'unverified' }, 'citations', 'evidenceSupportingSource'],
      [
        { verificationStatus: 'unverified', 'citations.0.sourceId': AP, 'citations.0.stance': 'disputes' },
        'citations',
        'evidenceSupportingSource',
      ],
      [
        {
          verificationStatus: 'corroborated',
          'citations.0.sourceId': AP,
          'citations.0.stance': 'supports',
          // Typed inline: the same publisher spelled differently is not a second one (and is not kept).
          'citations.1.mode': 'new',
          'citations.1.title': 'A second wire story',
          'citations.1.publisher': ' the associated  PRESS ',
          'citations.1.sourceType': 'news',
          'citations.1.stance': 'supports',
        },
        'verificationStatus',
        'evidenceIndependentPublishers',
      ],
      [
        { verificationStatus: 'confirmed', 'citations.0.sourceId': AP, 'citations.0.stance': 'supports' },
        'verificationStatus',
        'evidenceDirectSource',
      ],
    ];
    for (const [fields, field, rule] of cases) {
      const result = await run(createReportAction, report(fields));
      expect(result).toMatchObject({ kind: 'state', state: { status: 'invalid', fieldErrors: { [field]: [rule] } } });
      expect(dump()).toEqual(before);
    }
    // The same report with the evidence it needs is published.
    const ok = await run(
      createReportAction,
      report({
        verificationStatus: 'corroborated',
        'citations.0.sourceId': AP,
        'citations.0.stance': 'supports',
        'citations.1.sourceId': IMAGERY,
        'citations.1.stance': 'supports',
      }),
    );
    expect(ok).toMatchObject({ kind: 'redirect', to: expect.stringMatching(/saved=published$/) });
  });

  it('lets a contributor keep any verification on a draft', async () => {
    await as('contributor');
    const result = await run(createReportAction, report({ verificationStatus: 'confirmed' }));
    expect(result).toMatchObject({ kind: 'redirect', to: expect.stringMatching(/saved=draft$/) });
  });
});

describe('the review queue', () => {
  it('refuses to approve a draft that breaks a rule, with the rule, and changes nothing', async () => {
    await as('contributor');
    const drafts: number[] = [];
    for (const fields of <Record<string, string>[]>[
      { verificationStatus: 'unverified' },
      { verificationStatus: 'corroborated', 'citations.0.sourceId': AP, 'citations.0.stance': 'supports' },
      { verificationStatus: 'confirmed', 'citations.0.sourceId': STATE_TV, 'citations.0.stance': 'supports' },
    ]) {
      const r = await run(createReportAction, report(fields));
      drafts.push(Number((r as { to: string }).to.split('/')[3]));
    }
    await as('editor');
    const before = dump();
    const items = drafts.map((id) => `report:${id}:1`);
    const result = await run(reviewAction, { decision: 'approve', items, comment: 'Checked' });
    expect((result as { state: FormState }).state).toMatchObject({
      fieldErrors: { items: ['someFailed'] },
      results: {
        [items[0]!]: 'evidenceSupportingSource',
        [items[1]!]: 'evidenceIndependentPublishers',
        [items[2]!]: 'evidenceDirectSource',
      },
    });
    expect(dump()).toEqual(before);
    for (const id of drafts) expect(getReportById(db, id)!.reviewState).toBe('draft');
  });
});

describe('the importer', () => {
  it('refuses a file with a published report that breaks a rule, naming the rule and the column', () => {
    const before = dump();
    const header = [
      'monument_slug',
      'damage_level',
      'certainty',
      'verification_status',
      'review_state',
      'summary',
      'supporting_source_ids',
    ];
    const file = Buffer.from(
      stringify(
        [
          header,
          ['temple-of-bel', 'destroyed', 'high', 'unverified', 'published', 'No source at all.', ''],
          ['temple-of-bel', 'destroyed', 'high', 'corroborated', 'published', 'One publisher.', AP],
          ['temple-of-bel', 'destroyed', 'high', 'confirmed', 'published', 'No direct evidence.', `${AP};${STATE_TV}`],
          ['temple-of-bel', 'destroyed', 'high', 'confirmed', 'draft', 'A draft may say anything.', ''],
        ],
        { record_delimiter: '\r\n' },
      ),
    );
    const result = commitImport(
      file,
      { kind: 'csv', type: 'auto', encoding: 'auto', fileName: 'evidence.csv' },
      { agent: 'import:evidence.csv' },
      { limits: { maxBytes: 1_000_000, maxRows: 100, maxProblems: 100 } },
    );
    expect(result.committed).toBe(false);
    expect(result.plan.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [2, 'supporting_source_ids', 'evidenceSupportingSource'],
      [3, 'verification_status', 'evidenceIndependentPublishers'],
      [4, 'verification_status', 'evidenceDirectSource'],
    ]);
    expect(dump()).toEqual(before);
  });
});

/** A published report written as data from before the rules: straight into the tables, past the write functions. */
function legacyReport(monumentSlug: string, verification: string, sourceIds: number[]): number {
  const m = getMonumentBySlug(db, monumentSlug)!;
  const { id } = db.$client
    .prepare(
      `INSERT INTO reports (monument_id, event_date, damage_level, summary, certainty, verification_status, review_state)
       VALUES (?, '2024-01-01', 'destroyed', 'Legacy claim', 'definite', ?, 'published') RETURNING id`,
    )
    .get(m.id, verification) as { id: number };
  for (const s of sourceIds)
    db.$client
      .prepare("INSERT INTO report_sources (report_id, source_id, stance) VALUES (?, ?, 'supports')")
      .run(id, s);
  return id;
}

describe('the status rule', () => {
  it('ignores a published report that fails the rules', () => {
    const before = getMonumentBySlug(db, 'lion-of-al-lat')!;
    legacyReport('lion-of-al-lat', 'confirmed', []);
    legacyReport('lion-of-al-lat', 'corroborated', [Number(AP)]);
    refreshMonumentStatus(db, before.id);
    expect(getMonumentBySlug(db, 'lion-of-al-lat')).toMatchObject({
      statusLevel: before.statusLevel,
      statusBasis: before.statusBasis,
      statusReportId: before.statusReportId,
    });
    // The same claim with direct evidence sets it.
    const good = legacyReport('lion-of-al-lat', 'confirmed', [Number(IMAGERY)]);
    refreshMonumentStatus(db, before.id);
    expect(getMonumentBySlug(db, 'lion-of-al-lat')).toMatchObject({
      statusLevel: 'destroyed',
      statusBasis: 'established',
      statusReportId: good,
    });
  });
});

describe('the one-time demotion of older data', () => {
  it('demotes published reports that fail, with a revision naming the rule, and leaves the others alone', () => {
    db.$client.prepare("DELETE FROM meta WHERE key = 'evidence_rules_version'").run();
    const unsourced = legacyReport('tetrapylon', 'confirmed', []);
    const lone = legacyReport('tetrapylon', 'corroborated', [Number(AP)]);
    const undirect = legacyReport('arch-of-triumph', 'confirmed', [Number(AP), Number(STATE_TV)]);
    const passing = legacyReport('arch-of-triumph', 'confirmed', [Number(IMAGERY)]);
    const others = () =>
      db.$client
        .prepare(
          'SELECT id, version, review_state, verification_status FROM reports WHERE id NOT IN (?, ?, ?) ORDER BY id',
        )
        .all(unsourced, lone, undirect);
    const untouched = others();

    const demoted = ensureEvidenceRules(db);
    expect(demoted.map((d) => [d.reportId, d.rule, d.change])).toEqual([
      [unsourced, 'evidenceSupportingSource', 'draft'],
      [lone, 'evidenceIndependentPublishers', 'unverified'],
      [undirect, 'evidenceDirectSource', 'unverified'],
    ]);
    expect(getReportById(db, unsourced)).toMatchObject({ reviewState: 'draft', verificationStatus: 'confirmed' });
    expect(getReportById(db, lone)).toMatchObject({ reviewState: 'published', verificationStatus: 'unverified' });
    expect(getReportById(db, undirect)).toMatchObject({ reviewState: 'published', verificationStatus: 'unverified' });
    expect(others()).toEqual(untouched);
    expect(getReportById(db, passing)!.version).toBe(1);
    const revision = listRevisions(db, 'report', lone)[0]!;
    expect(revision).toMatchObject({ agent: EVIDENCE_MIGRATION_AGENT, userId: null });
    expect(revision.comment).toMatch(/two independent publishers/);
    // Statuses follow: the arch's status rests on the passing report, not on the demoted one.
    expect(getMonumentBySlug(db, 'arch-of-triumph')).toMatchObject({
      statusBasis: 'established',
      statusReportId: passing,
    });
    // The tetrapylon's latest claim now counts only as what it is: unverified.
    expect(getMonumentBySlug(db, 'tetrapylon')).toMatchObject({ statusBasis: 'unverified', statusReportId: lone });
    // Once per version of the rules.
    expect(ensureEvidenceRules(db)).toEqual([]);
  });

  it('finds nothing to change in the demo data', () => {
    db.$client.prepare("DELETE FROM meta WHERE key = 'evidence_rules_version'").run();
    expect(ensureEvidenceRules(db)).toEqual([]);
  });
});

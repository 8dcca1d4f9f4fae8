/**
 * Every curator write × every role (anonymous, contributor, editor, admin), calling the server actions and the
 * restricted route handler directly with a real next-auth session. A refused write must leave every table exactly
 * as it was; an allowed one must change the database (a contributor's edit changes only the proposals table).
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
vi.mock('next/headers', () => import('../setup/request-context'));
vi.mock('next/cache', () => import('../setup/request-context'));
vi.mock('next/server', () => import('../setup/request-context'));
import { freshDatabase } from '../setup/test-db';
import { outcome, form, resetRequest, signIn, type ActionOutcome } from '../setup/request-context';
import { CURATORS, createCurators } from '../setup/curators';
import { transaction, type Db } from '@/db';
import { seedDatabase } from '@/db/seed';
import { getSiteBySlug, updateSite } from '@/db/queries/sites';
import { getMonumentBySlug } from '@/db/queries/monuments';
import { getReportById, insertReport } from '@/db/queries/reports';
import { deleteSource, getSourceById, insertSource } from '@/db/queries/sources';
import { insertProposal } from '@/db/queries/proposals';
import { listRevisions } from '@/db/queries/revisions';
import { siteFormValues } from '@/lib/records/site';
import { monumentFormValues } from '@/lib/records/monument';
import { reportFormValues } from '@/lib/records/report';
import { sourceFormValues } from '@/lib/records/source';
import { initialFormState, type FormState } from '@/lib/forms';
import { createSiteAction, updateSiteAction } from '@/app/[locale]/(curator)/_actions/sites';
import { createMonumentAction, updateMonumentAction } from '@/app/[locale]/(curator)/_actions/monuments';
import { createReportAction, updateReportAction } from '@/app/[locale]/(curator)/_actions/reports';
import { createSourceAction, updateSourceAction } from '@/app/[locale]/(curator)/_actions/sources';
import { deleteRecordAction, restoreRecordAction, revertRecordAction } from '@/app/[locale]/(curator)/_actions/records';
import { reviewAction } from '@/app/[locale]/(curator)/_actions/review';
import {
  createUserAction,
  resetPasswordAction,
  setUserDisabledAction,
  updateUserRoleAction,
} from '@/app/[locale]/(curator)/_actions/users';
import { GET as sourcesRoute } from '@/app/api/curator/sources/route';

type Role = 'anonymous' | 'contributor' | 'editor' | 'admin';
const ROLES: Role[] = ['anonymous', 'contributor', 'editor', 'admin'];
const RANK: Record<Role, number> = { anonymous: 0, contributor: 1, editor: 2, admin: 3 };

let db: Db;

/** Every row of every table, so "unchanged" means unchanged anywhere. */
function dump(): Record<string, unknown[]> {
  const tables = (
    db.$client
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all() as { name: string }[]
  ).map((t) => t.name);
  return Object.fromEntries(tables.map((t) => [t, db.$client.prepare(`SELECT * FROM "${t}"`).all()]));
}

interface Fixture {
  [key: string]: number;
}

/** Seed data, four curators, and the records the writes act on: a draft, a proposal, a deleted source, an edited site. */
async function fixture(): Promise<Fixture> {
  db = freshDatabase();
  seedDatabase();
  const users = await createCurators();
  const palmyra = getSiteBySlug(db, 'palmyra')!;
  const bel = getMonumentBySlug(db, 'temple-of-bel')!;
  return transaction((tx) => {
    // The evidence rules let a draft be approved only when it cites a supporting source.
    const evidence = insertSource(
      tx,
      { title: 'Evidence for the draft', publisher: 'Test', sourceType: 'news' },
      { agent: 'test' },
    );
    const draft = insertReport(
      tx,
      {
        monumentId: bel.id,
        damageLevel: 'severe_damage',
        certainty: 'low',
        summary: 'Draft by a contributor',
        reviewState: 'draft',
        createdBy: users.contributor2,
      },
      [{ sourceId: evidence.id, stance: 'supports' }],
      { userId: users.contributor2 },
    );
    const proposal = insertProposal(tx, {
      entityType: 'site',
      entityId: palmyra.id,
      baseVersion: palmyra.version,
      payload: { values: { description: 'Proposed text' } },
      createdBy: users.contributor2,
    });
    const gone = insertSource(tx, { title: 'A source that was deleted', sourceType: 'news' }, { agent: 'test' });
    deleteSource(tx, gone.id, gone.version, { agent: 'test' });
    const createRevision = listRevisions(tx, 'site', palmyra.id).at(-1)!.id;
    updateSite(tx, palmyra.id, palmyra.version, { name: 'Palmyra (renamed)' }, { agent: 'test' });
    return {
      ...users,
      palmyra: palmyra.id,
      bel: bel.id,
      draft: draft.id,
      proposal: proposal.id,
      goneSource: gone.id,
      createRevision,
    };
  });
}

const version = (table: string, id: number) =>
  String((db.$client.prepare(`SELECT version FROM ${table} WHERE id = ?`).get(id) as { version: number }).version);

type Write = {
  name: string;
  needs: Exclude<Role, 'anonymous'>;
  contributorProposes?: boolean;
  run: (f: Fixture) => Promise<unknown>;
};
const call = (
  action: (prev: FormState, fd: FormData) => Promise<FormState>,
  fields: Record<string, string | string[]>,
) => action(initialFormState(), form({ locale: 'en', ...fields }));

const WRITES: Write[] = [
  { name: 'create a site', needs: 'editor', run: () => call(createSiteAction, { name: 'Nimrud', countryCodes: 'IQ' }) },
  {
    name: 'edit a site',
    needs: 'editor',
    contributorProposes: true,
    run: (f) =>
      call(updateSiteAction, {
        ...siteFormValues(getSiteBySlug(db, 'palmyra')!),
        description: 'Edited',
        id: String(f.palmyra),
        version: version('sites', f.palmyra!),
      }),
  },
  {
    name: 'create a monument',
    needs: 'editor',
    run: (f) => call(createMonumentAction, { siteId: String(f.palmyra), name: 'Camp of Diocletian', kind: 'other' }),
  },
  {
    name: 'edit a monument',
    needs: 'editor',
    contributorProposes: true,
    run: (f) =>
      call(updateMonumentAction, {
        ...monumentFormValues(getMonumentBySlug(db, 'temple-of-bel')!),
        period: 'Edited',
        id: String(f.bel),
        version: version('monuments', f.bel!),
      }),
  },
  {
    name: 'create a report',
    needs: 'contributor',
    run: (f) =>
      call(createReportAction, {
        monumentId: String(f.bel),
        damageLevel: 'destroyed',
        certainty: 'high',
        verificationStatus: 'unverified',
        summary: 'New report',
        publish: 'on',
        'citations.0.mode': 'existing',
        'citations.0.sourceId': '1',
        'citations.0.stance': 'supports',
      }),
  },
  {
    name: 'edit a report',
    needs: 'editor',
    contributorProposes: true,
    run: () =>
      call(updateReportAction, {
        ...reportFormValues(getReportById(db, 1)!),
        summary: 'Edited summary',
        id: '1',
        version: version('reports', 1),
      }),
  },
  {
    name: 'create a source',
    needs: 'contributor',
    run: () => call(createSourceAction, { title: 'New source', sourceType: 'news' }),
  },
  {
    name: 'edit a source',
    needs: 'editor',
    contributorProposes: true,
    run: () =>
      call(updateSourceAction, {
        ...sourceFormValues(getSourceById(db, 1)!),
        publisher: 'Edited',
        id: '1',
        version: version('sources', 1),
      }),
  },
  {
    name: 'delete a record',
    needs: 'editor',
    run: (f) =>
      call(deleteRecordAction, { type: 'monument', id: String(f.bel), version: version('monuments', f.bel!) }),
  },
  {
    name: 'restore a record',
    needs: 'editor',
    run: (f) => call(restoreRecordAction, { type: 'source', id: String(f.goneSource) }),
  },
  {
    name: 'revert to a revision',
    needs: 'editor',
    run: (f) =>
      call(revertRecordAction, {
        type: 'site',
        id: String(f.palmyra),
        version: version('sites', f.palmyra!),
        revisionId: String(f.createRevision),
      }),
  },
  {
    name: 'approve a draft',
    needs: 'editor',
    run: (f) => call(reviewAction, { single: `approve|report:${f.draft}:${version('reports', f.draft!)}` }),
  },
  {
    name: 'reject proposals in a batch',
    needs: 'editor',
    run: (f) =>
      call(reviewAction, {
        decision: 'reject',
        items: [`proposal:${f.proposal}`, `report:${f.draft}:${version('reports', f.draft!)}`],
        comment: 'Not sourced',
      }),
  },
  {
    name: 'add a user',
    needs: 'admin',
    run: () =>
      call(createUserAction, {
        email: 'new@registry.test',
        name: 'New',
        role: 'contributor',
        password: 'a-long-enough-password',
      }),
  },
  {
    name: 'change a role',
    needs: 'admin',
    run: (f) => call(updateUserRoleAction, { id: String(f.contributor2), role: 'editor' }),
  },
  {
    name: 'disable a user',
    needs: 'admin',
    run: (f) => call(setUserDisabledAction, { id: String(f.contributor2), disabled: '1' }),
  },
  {
    name: 'reset a password',
    needs: 'admin',
    run: (f) => call(resetPasswordAction, { id: String(f.contributor2), password: 'another-long-password' }),
  },
];

async function signInAs(role: Role) {
  resetRequest();
  if (role === 'anonymous') return;
  const c = CURATORS[role];
  expect((await signIn(c.email, c.password)).error).toBeNull();
}

const allowed = (o: ActionOutcome) =>
  (o.kind === 'redirect' && !o.to.includes('/login')) || (o.kind === 'state' && o.state.status === 'saved');

describe('authorization matrix: every write × every role', () => {
  beforeEach(() => resetRequest());

  for (const write of WRITES) {
    for (const role of ROLES) {
      const permitted = RANK[role] >= RANK[write.needs] || (role === 'contributor' && !!write.contributorProposes);
      it(`${role} ${permitted ? 'may' : 'may not'} ${write.name}`, async () => {
        const f = await fixture();
        await signInAs(role);
        const before = dump();
        const result = await outcome(() => write.run(f));
        const after = dump();
        if (!permitted) {
          expect(result).toEqual(role === 'anonymous' ? { kind: 'redirect', to: '/login' } : { kind: 'forbidden' });
          expect(after).toEqual(before);
          return;
        }
        expect(allowed(result), JSON.stringify(result)).toBe(true);
        expect(after).not.toEqual(before);
        if (role === 'contributor' && write.contributorProposes && RANK.contributor < RANK[write.needs]) {
          // The record itself is untouched: the change waits as a proposal.
          expect(result).toMatchObject({
            kind: 'redirect',
            to: expect.stringMatching(/^\/admin\/mine\?proposed=\d+$/),
          });
          const changedTables = Object.keys(after).filter(
            (t) => JSON.stringify(after[t]) !== JSON.stringify(before[t]),
          );
          expect(changedTables).toEqual(['proposals']);
        }
      });
    }
  }
});

describe('restricted route handler', () => {
  for (const role of ROLES) {
    it(`GET /api/curator/sources as ${role}`, async () => {
      await fixture();
      await signInAs(role);
      const result = await outcome(() => sourcesRoute(new Request('http://localhost/api/curator/sources?q=UNOSAT')));
      expect(result.kind).toBe('state');
      const res = (result as { state: unknown }).state as Response;
      if (role === 'anonymous') {
        // The one error shape, answered by the route itself (not a thrown interrupt).
        expect(res.status).toBe(401);
        expect(((await res.json()) as { error: { status: number } }).error.status).toBe(401);
      } else {
        expect(res.status).toBe(200);
        const body = (await res.json()) as { sources: { title: string; publisher: string }[] };
        expect(body.sources.length).toBeGreaterThan(0);
        expect(body.sources.every((s) => s.publisher === 'UNITAR-UNOSAT' || s.title.includes('UNOSAT'))).toBe(true);
      }
    });
  }
});

import { beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase } from '../setup/test-db';
import { transaction, type Db } from '@/db';
import { insertSite, updateSite } from '@/db/queries/sites';
import { insertMonument, getMonumentById } from '@/db/queries/monuments';
import { insertReport } from '@/db/queries/reports';
import { insertSource } from '@/db/queries/sources';
import { listRevisions } from '@/db/queries/revisions';

let db: Db;
beforeEach(() => {
  db = freshDatabase();
});
const actor = { agent: 'test' };

function palmyraWithBel() {
  return transaction((tx) => {
    const site = insertSite(tx, { slug: 'palmyra', name: 'Palmyra', countryCodes: 'SY' }, actor);
    const monument = insertMonument(
      tx,
      { slug: 'temple-of-bel', siteId: site.id, name: 'Temple of Bel', kind: 'temple' },
      [{ name: 'معبد بل', lang: 'ar' }],
      actor,
    );
    return { site, monument };
  });
}

describe('write paths', () => {
  it('record a revision with the whole record after the change, in the same transaction', () => {
    const { monument } = palmyraWithBel();
    const [rev] = listRevisions(db, 'monument', monument.id);
    expect(rev).toMatchObject({ action: 'create', agent: 'test', before: null });
    expect(rev!.after).toMatchObject({ slug: 'temple-of-bel', altNames: [{ name: 'معبد بل', lang: 'ar' }] });
  });

  it('roll back the change and its revision together when the transaction fails', () => {
    const revisionsBefore = db.$client.prepare('SELECT count(*) AS n FROM revisions').get();
    expect(() =>
      transaction((tx) => {
        insertSite(tx, { slug: 'hatra', name: 'Hatra', countryCodes: 'IQ' }, actor);
        insertSite(tx, { slug: 'hatra', name: 'Duplicate', countryCodes: 'IQ' }, actor); // unique slug violation
      }),
    ).toThrow(/UNIQUE/);
    expect(db.$client.prepare("SELECT count(*) AS n FROM sites WHERE slug = 'hatra'").get()).toEqual({ n: 0 });
    expect(db.$client.prepare('SELECT count(*) AS n FROM revisions').get()).toEqual(revisionsBefore);
  });

  it('refuse an update built from an older version, leaving the row as it was', () => {
    const { site } = palmyraWithBel();
    const first = transaction((tx) => updateSite(tx, site.id, 1, { name: 'Site of Palmyra' }, actor));
    expect(first.ok).toBe(true);
    const stale = transaction((tx) => updateSite(tx, site.id, 1, { name: 'Palmyre' }, actor));
    expect(stale).toMatchObject({ ok: false, conflict: true, current: { name: 'Site of Palmyra', version: 2 } });
    expect(db.$client.prepare('SELECT name, version FROM sites WHERE id = ?').get(site.id)).toEqual({
      name: 'Site of Palmyra',
      version: 2,
    });
    expect(listRevisions(db, 'site', site.id).map((r) => r.action)).toEqual(['update', 'create']);
  });

  it('recompute the monument status when a published report is added, and index names for search', () => {
    const { monument } = palmyraWithBel();
    expect(getMonumentById(db, monument.id)!.statusLevel).toBe('unknown');
    const source = transaction((tx) =>
      insertSource(tx, { title: 'UNOSAT analysis', sourceType: 'satellite_imagery' }, actor),
    );
    const report = transaction((tx) =>
      insertReport(
        tx,
        {
          monumentId: monument.id,
          eventDate: '2015-08-30',
          damageLevel: 'destroyed',
          certainty: 'definite',
          verificationStatus: 'confirmed',
          reviewState: 'published',
          summary: 'Blown up',
        },
        [{ sourceId: source.id, stance: 'supports' }],
        actor,
      ),
    );
    expect(getMonumentById(db, monument.id)).toMatchObject({
      statusLevel: 'destroyed',
      statusBasis: 'established',
      statusReportId: report.id,
      latestEventDate: '2015-08-30',
    });
    const hit = db.$client.prepare("SELECT rowid FROM search_index WHERE search_index MATCH 'names:بل'").all();
    expect(hit).toEqual([{ rowid: monument.id * 2 }]);
  });

  it('leave the status alone for a draft report', () => {
    const { monument } = palmyraWithBel();
    transaction((tx) =>
      insertReport(
        tx,
        {
          monumentId: monument.id,
          damageLevel: 'destroyed',
          certainty: 'low',
          summary: 'Rumour',
          reviewState: 'draft',
        },
        [],
        actor,
      ),
    );
    expect(getMonumentById(db, monument.id)!.statusLevel).toBe('unknown');
  });
});

/**
 * UNESCO's World Heritage List as downloaded imports completely (tests/fixtures/import/whc-unesco-2025.csv has the
 * real file's traits): the row without a state code keeps UNESCO's states text and gets no code, 0/0 becomes no
 * point, every HTML5 entity is decoded, paragraphs stay apart, slugs end on a whole word, and a second import of the
 * same file changes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase } from '../setup/test-db';
import { transaction, type Db } from '@/db';
import { seedDatabase } from '@/db/seed';
import { getSiteBySlug, updateSite } from '@/db/queries/sites';
import { commitImport, dryRun } from '@/lib/import/run';
import type { ImportSettings } from '@/lib/import/plan';
import { siteDetailJson } from '@/lib/api-format';
import { formatSiteStates } from '@/lib/i18n-format';
import { exportToDirectory } from '@/scripts/export';
import os from 'node:os';
import { parse } from 'csv-parse/sync';

const FILE = 'whc-unesco-2025.csv';
const bytes = () => fs.readFileSync(path.join(process.cwd(), 'tests', 'fixtures', 'import', FILE));
const whc: ImportSettings = { kind: 'whc', type: 'auto', encoding: 'auto', fileName: FILE };
const limits = { maxBytes: 10_000_000, maxRows: 10_000, maxProblems: 1000 };
const AGENT = { agent: `import:whc:${FILE}` };

let db: Db;
beforeEach(() => {
  db = freshDatabase();
  seedDatabase();
});

function dump(): Record<string, unknown[]> {
  const tables = (
    db.$client
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all() as { name: string }[]
  ).map((t) => t.name);
  return Object.fromEntries(tables.map((t) => [t, db.$client.prepare(`SELECT * FROM "${t}"`).all()]));
}

const JERUSALEM = 'old-city-of-jerusalem-and-its-walls';
const BEECH = 'ancient-and-primeval-beech-forests-of-the-carpathians-and-other-regions-of';

describe('the UNESCO list as downloaded', () => {
  it('imports every row, and a second import changes nothing', () => {
    const plan = dryRun(bytes(), whc, null, limits);
    expect(plan.problems).toEqual([]);
    expect(plan.encoding).toBe('utf-8');
    expect(plan.rows.map((r) => [r.row, r.action, r.label])).toEqual([
      [2, 'create', JERUSALEM],
      [3, 'create', BEECH],
      [4, 'create', 'the-cathedral-of-st-james-in-sibenik'],
      [5, 'create', 'levoca-spissky-hrad-and-the-associated-cultural-monuments'],
      [6, 'update', 'palmyra'],
      [7, 'create', 'angkor'],
    ]);
    const notices = Object.fromEntries(plan.notices.map((n) => [n.code, n.values]));
    expect(notices.whcZeroPoint).toEqual({ count: 1, ids: '1133' });
    expect(notices.whcNoStateCode).toEqual({ count: 1, ids: '148' });

    const result = commitImport(bytes(), whc, AGENT, { limits });
    expect(result.committed).toBe(true);

    expect(getSiteBySlug(db, JERUSALEM)).toMatchObject({
      unescoIdNo: 148,
      name: 'Old City of Jerusalem and its Walls',
      nameFr: 'Vieille ville de Jérusalem et ses remparts',
      countryCodes: '',
      statesName: 'Jerusalem (Site proposed by Jordan)',
      statesNameAr: 'القدس (موقع اقترحه الأردن)',
      inDanger: true,
      inDangerSince: 1982,
      yearInscribed: 1981,
      latitude: 31.7769444444,
      description:
        'As a holy city for Judaism, Christianity and Islam, Jerusalem has always been of great symbolic importance.\n\n' +
        'Among its 220 historic monuments, the Dome of the Rock stands out: built in the 7th century, it is decorated with beautiful geometric and floral motifs.',
    });
    const beech = getSiteBySlug(db, BEECH)!;
    expect(beech).toMatchObject({
      latitude: null,
      longitude: null,
      countryCodes: 'AL,AT,BE,BA,BG,HR,CZ,FR,DE,IT,MK,PL,RO,SK,SI,ES,CH,UA',
      nameFr: "Forêts primaires et anciennes de hêtres des Carpates et d'autres régions d’Europe",
    });
    expect(beech.statesName).toMatch(/^Albania,Austria,.*,Ukraine$/);
    expect(beech.description).toMatch(/Pyrenees…$/);
    expect(getSiteBySlug(db, 'the-cathedral-of-st-james-in-sibenik')).toMatchObject({
      name: 'The Cathedral of St James in Šibenik',
      nameFr: 'La cathédrale Saint-Jacques à Šibenik',
    });
    expect(getSiteBySlug(db, 'levoca-spissky-hrad-and-the-associated-cultural-monuments')).toMatchObject({
      name: 'Levoča, Spišský Hrad and the Associated Cultural Monuments',
      nameFr: 'Levoča, Spišský Hrad et les monuments culturels associés',
      description: expect.stringMatching(/^Spišský Hrad has/),
    });
    expect(getSiteBySlug(db, 'angkor')).toMatchObject({ inDanger: false, inDangerSince: null, countryCodes: 'KH' });
    const names = db.$client.prepare('SELECT name, name_fr, description FROM sites').all();
    expect(JSON.stringify(names)).not.toMatch(/&[a-z#][a-z0-9]*;/i);

    const before = dump();
    const again = commitImport(bytes(), whc, AGENT, { limits });
    expect(again.plan.problems).toEqual([]);
    expect(again.plan.counts).toEqual({ create: 0, update: 0, unchanged: 6, skip: 0 });
    expect(dump()).toEqual(before);
  });

  it('shows UNESCO’s states text where a site has no code: pages, API and sites.csv', () => {
    commitImport(bytes(), whc, AGENT, { limits });
    const jerusalem = getSiteBySlug(db, JERUSALEM)!;
    expect(formatSiteStates(jerusalem, 'en')).toBe('Jerusalem (Site proposed by Jordan)');
    expect(formatSiteStates(jerusalem, 'ar')).toBe('القدس (موقع اقترحه الأردن)');
    expect(siteDetailJson(jerusalem, [])).toMatchObject({
      country_codes: [],
      states_name: 'Jerusalem (Site proposed by Jordan)',
      states_name_ar: 'القدس (موقع اقترحه الأردن)',
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'whc-export-'));
    exportToDirectory(dir, '', db.$client.name);
    const rows = parse(fs.readFileSync(path.join(dir, 'sites.csv')), { columns: true, bom: true }) as Record<
      string,
      string
    >[];
    expect(rows.find((r) => r.slug === JERUSALEM)).toMatchObject({
      country_codes: '',
      states_name: 'Jerusalem (Site proposed by Jordan)',
      states_name_ar: 'القدس (موقع اقترحه الأردن)',
    });
  });

  it('clears a 0/0 point an older import stored, and keeps a point a curator set', () => {
    commitImport(bytes(), whc, AGENT, { limits });
    const beech = getSiteBySlug(db, BEECH)!;
    // An older copy of the registry stored UNESCO's placeholder as a place in the Gulf of Guinea.
    db.$client.prepare('UPDATE sites SET latitude = 0, longitude = 0 WHERE id = ?').run(beech.id);
    const cleared = dryRun(bytes(), whc, null, limits).rows.find((r) => r.label === BEECH)!;
    expect(cleared.action).toBe('update');
    expect(cleared.changes).toEqual([
      { column: 'latitude', before: '0', after: '' },
      { column: 'longitude', before: '0', after: '' },
    ]);
    transaction((tx) => {
      const s = getSiteBySlug(tx, BEECH)!;
      updateSite(tx, s.id, s.version, { latitude: 48.9, longitude: 22.4 }, { agent: 'test' });
    });
    expect(dryRun(bytes(), whc, null, limits).rows.find((r) => r.label === BEECH)!.action).toBe('unchanged');
  });

  it('refuses a site with neither a code nor UNESCO’s states text, naming the column', () => {
    const text = bytes().toString('utf8').replace('Jerusalem (Site proposed by Jordan)', '');
    const plan = dryRun(Buffer.from(text), whc, null, limits);
    expect(plan.problems).toEqual([{ row: 2, line: 2, column: 'iso_code', code: 'countryOrStates' }]);
  });
});

/**
 * A large, deterministic registry for benchmarks: `npx tsx bench/generate.ts [--monuments 100000] [--reports 1000000]
 * [--seed 42] [--out bench/data/registry-1000000.db]`. Same arguments, same database (seeded PRNG, fixed timestamps).
 *
 * Written with raw prepared statements in big transactions (the app's write functions add a revision and a status
 * recomputation per row, which would take hours at this size). Statuses are derived with lib/status.ts as the app
 * does; the search index is built at the end by the app's own rebuild (timed); revisions are not written (benchmarks do
 * not read them).
 * Text includes Arabic, quotes, commas, line breaks, and cells starting with formula characters.
 */
import fs from 'node:fs';
import path from 'node:path';
import { migrateDatabase, openDatabase } from '../db/index';
import { deriveStatus, type StatusInput } from '../lib/status';
import { rebuildSearchIndex, SEARCH_INDEX_VERSION } from '../db/queries/search-index';
import {
  certainties,
  damageCauses,
  damageLevels,
  monumentKinds,
  sourceTypes,
  type DamageLevel,
  type VerificationStatus,
  type ReviewState,
} from '../lib/vocab';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const MONUMENTS = Number(arg('monuments', '100000'));
const REPORTS = Number(arg('reports', '1000000'));
const SEED = Number(arg('seed', '42'));
const SOURCES = Math.max(50, Math.round(REPORTS / 50));
const SITES = Math.max(3, Math.round(MONUMENTS / 100));
const OUT = path.resolve(arg('out', `bench/data/registry-${REPORTS}.db`));

/** mulberry32: small, fast, and the same sequence on every machine. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(SEED);
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const chance = (p: number) => random() < p;
const weighted = <T>(entries: readonly (readonly [T, number])[]): T => {
  let r = random() * entries.reduce((s, [, w]) => s + w, 0);
  for (const [v, w] of entries) if ((r -= w) < 0) return v;
  return entries[entries.length - 1]![0];
};

const EN_WORDS = [
  'ancient',
  'great',
  'northern',
  'southern',
  'royal',
  'old',
  'sacred',
  'eastern',
  'western',
  'upper',
  'lower',
  'red',
  'white',
  'stone',
  'hidden',
];
const EN_NOUNS = [
  'temple',
  'gate',
  'tower',
  'mosque',
  'church',
  'citadel',
  'tomb',
  'arch',
  'theatre',
  'bath',
  'market',
  'palace',
  'shrine',
  'bridge',
  'wall',
];
const AR_WORDS = [
  'معبد',
  'بوابة',
  'برج',
  'جامع',
  'كنيسة',
  'قلعة',
  'مدفن',
  'قوس',
  'مسرح',
  'حمام',
  'سوق',
  'قصر',
  'مزار',
  'جسر',
  'سور',
];
const AR_ADJ = [
  'القديم',
  'الكبير',
  'الشمالي',
  'الجنوبي',
  'الملكي',
  'العتيق',
  'المقدس',
  'الشرقي',
  'الغربي',
  'الأعلى',
  'الأسفل',
  'الأحمر',
  'الأبيض',
  'الحجري',
  'الخفي',
];
const COUNTRIES: readonly (readonly [string, number, number, number, number])[] = [
  // code, lat min, lat max, lon min, lon max (roughly the country; Mali and Mauritania straddle longitude 0 and go negative)
  ['SY', 32.5, 37, 36, 42],
  ['IQ', 29.5, 37, 39, 48],
  ['YE', 12.5, 18.5, 42.5, 53],
  ['LY', 20, 33, 10, 25],
  ['ML', 11, 24, -12, 4],
  ['AF', 29.5, 38, 61, 74],
  ['UA', 44.5, 52, 22.5, 40],
  ['MR', 15, 27, -17, -5],
  ['LB', 33, 34.7, 35.1, 36.6],
  ['PS', 31.2, 32.5, 34.2, 35.5],
];
const SUMMARY_PARTS = [
  'Satellite imagery shows',
  'Local sources report',
  'A field survey found',
  'Photographs circulated online show',
  'An official statement said',
];
const SUMMARY_WHAT = [
  'damage to the eastern wall',
  'the collapse of the roof',
  'looting pits across the courtyard',
  'scorch marks after a fire',
  'the destruction of the main hall',
  'vehicles parked inside the precinct',
  'bulldozer tracks near the foundations',
];
const AR_SUMMARY = [
  'أظهرت صور الأقمار الصناعية أضراراً في الجدار الشرقي',
  'أفادت مصادر محلية بانهيار السقف',
  'وُجدت حفر نهب في الساحة',
  'آثار حريق على الواجهة',
];
/** Text that must survive the export exactly: quotes, commas, line breaks, Arabic, and formula-like starts. */
const AWKWARD = [
  'He said "it is gone", then left.',
  'Line one\r\nline two',
  'first\nsecond',
  '=HYPERLINK("http://example.com","x")',
  '-2+3',
  '+1',
  '@SUM(A1)',
  '\tindented',
  'قال: "دُمّر"، ثم غادر',
];

function isoDay(start: number, spanDays: number): string {
  return new Date(Date.UTC(start, 0, 1) + int(0, spanDays) * 86_400_000).toISOString().slice(0, 10);
}

function main() {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(OUT + suffix, { force: true });
  const started = Date.now();
  const db = openDatabase(OUT);
  migrateDatabase(db);
  const c = db.$client;
  c.pragma('journal_mode = OFF'); // nothing to roll back into: a failed run is simply run again
  c.pragma('synchronous = OFF');
  c.pragma('foreign_keys = OFF');

  const FIXED = '2026-01-01T00:00:00.000Z';
  const insertSite =
    c.prepare(`INSERT INTO sites (id, slug, unesco_id_no, name, name_ar, name_fr, country_codes, latitude, longitude, year_inscribed,
    criteria, in_danger, in_danger_since, wikidata_qid, description, description_ar, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`);
  const insertMonument =
    c.prepare(`INSERT INTO monuments (id, slug, site_id, name, name_ar, kind, period, date_built, latitude, longitude, wikidata_qid,
    pleiades_id, description, description_ar, status_level, status_basis, status_report_id, latest_event_date, created_at, updated_at)
    VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`);
  const insertName = c.prepare('INSERT INTO monument_names (monument_id, name, lang) VALUES (?,?,?)');
  const insertSource =
    c.prepare(`INSERT INTO sources (id, title, publisher, url, archived_url, published_date, source_type, language, created_at, updated_at)
    VALUES (?,?,?,?,?,?,?,?,?,?)`);
  const insertReport =
    c.prepare(`INSERT INTO reports (id, monument_id, event_date, event_date_end, event_date_precision, reported_date, damage_level, cause,
    reported_actor, summary, summary_ar, certainty, verification_status, review_state, created_at, updated_at, deleted_at)
    VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`);
  const insertCitation = c.prepare('INSERT INTO report_sources (report_id, source_id, stance, quote) VALUES (?,?,?,?)');

  const siteCountry: string[] = [];
  c.transaction(() => {
    for (let id = 1; id <= SITES; id++) {
      const [code, la0, la1, lo0, lo1] = pick(COUNTRIES);
      siteCountry[id] = code;
      const name = `${pick(EN_WORDS)} ${pick(EN_NOUNS)} site ${id}`.replace(/^./, (x) => x.toUpperCase());
      const nameAr = `موقع ${pick(AR_WORDS)} ${pick(AR_ADJ)} ${id}`;
      const lat = Number((la0 + random() * (la1 - la0)).toFixed(4));
      const lon = Number((lo0 + random() * (lo1 - lo0)).toFixed(4));
      insertSite.run(
        id,
        `site-${id}`,
        100_000 + id,
        name,
        nameAr,
        chance(0.5) ? `Site ${id}` : null,
        code,
        lat,
        lon,
        int(1979, 2023),
        '(ii)(iv)',
        chance(0.4) ? 1 : 0,
        chance(0.4) ? int(1990, 2024) : null,
        chance(0.5) ? `Q${1_000_000 + id}` : null,
        `Synthetic site ${id}, in ${code}.`,
        `موقع اصطناعي رقم ${id}.`,
        FIXED,
        FIXED,
      );
    }
    for (let id = 1; id <= SOURCES; id++) {
      const awkward = chance(0.01);
      insertSource.run(
        id,
        awkward ? `${pick(AWKWARD)} (source ${id})` : `Report ${id} on damage, "part ${int(1, 9)}"`,
        chance(0.7)
          ? pick([
              'UNITAR-UNOSAT',
              'ASOR Cultural Heritage Initiatives',
              'Associated Press',
              'DGAM',
              'Reuters',
              'EAMENA',
            ])
          : null,
        chance(0.6) ? `https://example.org/sources/${id}` : null,
        chance(0.2) ? `https://web.archive.org/web/2016/https://example.org/sources/${id}` : null,
        chance(0.7) ? isoDay(2011, 13 * 365) : null,
        pick(sourceTypes.codes),
        pick(['en', 'ar', 'fr']),
        FIXED,
        FIXED,
      );
    }
  })();

  let reportId = 0;
  let remaining = REPORTS;
  const BATCH = 5_000; // monuments per transaction (≈ 50,000 reports)
  for (let from = 1; from <= MONUMENTS; from += BATCH) {
    c.transaction(() => {
      for (let id = from; id < from + BATCH && id <= MONUMENTS; id++) {
        const left = MONUMENTS - id + 1;
        const avg = remaining / left;
        const count =
          id === MONUMENTS ? remaining : Math.max(0, Math.min(remaining, Math.round(avg + (random() - 0.5) * avg)));
        remaining -= count;

        const siteId = int(1, SITES);
        const [, la0, la1, lo0, lo1] = COUNTRIES.find(([code]) => code === siteCountry[siteId])!;
        const kind = pick(monumentKinds.codes);
        const name = `${pick(EN_WORDS)} ${pick(EN_NOUNS)} ${id}`.replace(/^./, (x) => x.toUpperCase());
        const nameAr = `${pick(AR_WORDS)} ${pick(AR_ADJ)} ${id}`;

        const reports: (StatusInput & { row: unknown[] })[] = [];
        for (let k = 0; k < count; k++) {
          const rid = ++reportId;
          const precision = weighted([
            ['day', 6],
            ['month', 2],
            ['year', 1],
            ['approximate', 1],
          ] as const);
          let eventDate: string | null = chance(0.03) ? null : isoDay(2011, 13 * 365);
          let eventEnd: string | null = null;
          if (eventDate && precision === 'month') eventDate = `${eventDate.slice(0, 7)}-01`;
          if (eventDate && precision === 'year') eventDate = `${eventDate.slice(0, 4)}-01-01`;
          if (eventDate && precision === 'approximate')
            eventEnd = new Date(Date.parse(eventDate) + int(1, 400) * 86_400_000).toISOString().slice(0, 10);
          const reportedDate =
            eventDate && chance(0.8)
              ? new Date(Date.parse(eventEnd ?? eventDate) + int(0, 60) * 86_400_000).toISOString().slice(0, 10)
              : null;
          const damageLevel = pick(damageLevels.codes) as DamageLevel;
          const verification = weighted([
            ['unverified', 5],
            ['corroborated', 2],
            ['confirmed', 2],
            ['disputed', 1],
            ['retracted', 0.3],
          ] as const) as VerificationStatus;
          const review = weighted([
            ['published', 90],
            ['draft', 7],
            ['rejected', 3],
          ] as const) as ReviewState;
          const deletedAt = chance(0.01) ? FIXED : null;
          const summary = chance(0.02)
            ? `${pick(AWKWARD)} ${pick(SUMMARY_WHAT)}.`
            : `${pick(SUMMARY_PARTS)} ${pick(SUMMARY_WHAT)} at ${name}, "${int(1, 99)}" metres from the gate.`;
          reports.push({
            id: rid,
            damageLevel,
            verificationStatus: verification,
            reviewState: review,
            eventDate,
            reportedDate,
            deletedAt,
            row: [
              rid,
              id,
              eventDate,
              eventEnd,
              precision,
              reportedDate,
              damageLevel,
              chance(0.85) ? pick(damageCauses.codes) : null,
              chance(0.3) ? pick(['ISIS', 'armed groups', 'unknown', 'government forces', '-']) : null,
              summary,
              chance(0.5) ? `${pick(AR_SUMMARY)} في ${nameAr}.` : null,
              pick(certainties.codes),
              verification,
              review,
              FIXED,
              FIXED,
              deletedAt,
            ],
          });
        }
        const status = deriveStatus(reports);
        const published = reports.filter((r) => r.reviewState === 'published' && !r.deletedAt);
        const latest =
          published
            .map((r) => r.eventDate ?? r.reportedDate)
            .filter((x): x is string => !!x)
            .sort()
            .at(-1) ?? null;
        const lat = Number((la0 + random() * (la1 - la0)).toFixed(5));
        const lon = Number((lo0 + random() * (lo1 - lo0)).toFixed(5));
        const hasPoint = chance(0.95);
        const description = chance(0.05) ? pick(AWKWARD) : `A synthetic ${kind} for benchmarks.`;
        insertMonument.run(
          id,
          `monument-${id}`,
          siteId,
          name,
          nameAr,
          kind,
          pick(['Roman', 'Umayyad', 'Ottoman', 'Bronze Age', 'Hellenistic']),
          chance(0.3) ? `c. ${int(100, 1900)}` : null,
          hasPoint ? lat : null,
          hasPoint ? lon : null,
          chance(0.3) ? `Q${2_000_000 + id}` : null,
          chance(0.1) ? String(600_000 + id) : null,
          description,
          chance(0.5) ? `معلم اصطناعي من نوع ${kind}.` : null,
          status.level,
          status.basis,
          status.reportId,
          latest,
          FIXED,
          FIXED,
        );
        if (chance(0.5)) insertName.run(id, `${nameAr} (اسم آخر)`, 'ar');
        for (const r of reports) {
          insertReport.run(...r.row);
          const n = int(1, 3);
          const used = new Set<number>();
          for (let k = 0; k < n; k++) {
            const sourceId = int(1, SOURCES);
            if (used.has(sourceId)) continue;
            used.add(sourceId);
            insertCitation.run(
              r.id,
              sourceId,
              chance(0.85) ? 'supports' : 'disputes',
              chance(0.2) ? (chance(0.1) ? pick(AWKWARD) : `"${pick(SUMMARY_WHAT)}"`) : null,
            );
          }
        }
      }
    })();
    process.stdout.write(`\r${Math.min(from + BATCH - 1, MONUMENTS)} / ${MONUMENTS} monuments, ${reportId} reports`);
  }
  c.prepare(
    "INSERT INTO meta (key, value) VALUES ('dataset_version', '2026-01-01T00:00:00Z') ON CONFLICT (key) DO UPDATE SET value = excluded.value",
  ).run();
  // Indexed by the app's own code (db/queries/search-index.ts: names, text, published reports and their sources, the
  // names' words), from scratch, so start-up need not rebuild it; how long that took is kept for bench/search.ts.
  const indexStart = performance.now();
  c.transaction(() => rebuildSearchIndex(db))();
  const indexMs = performance.now() - indexStart;
  c.prepare(
    "INSERT INTO meta (key, value) VALUES ('bench_index_build_ms', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
  ).run(String(Math.round(indexMs)));
  console.log(`\nsearch index built from scratch in ${(indexMs / 1000).toFixed(1)} s`);
  c.prepare(
    "INSERT INTO meta (key, value) VALUES ('search_index_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
  ).run(SEARCH_INDEX_VERSION);
  c.pragma('foreign_keys = ON');
  const violations = c.pragma('foreign_key_check') as unknown[];
  if (violations.length) throw new Error(`foreign key violations: ${violations.length}`);
  c.pragma('journal_mode = WAL');
  c.close();
  const size = fs.statSync(OUT).size;
  console.log(
    `\n${OUT}: ${SITES} sites, ${MONUMENTS} monuments, ${reportId} reports, ${SOURCES} sources; ${(size / 1e6).toFixed(0)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

main();

import { beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase } from '../setup/test-db';
import { transaction, type Db } from '@/db';
import { seedDatabase } from '@/db/seed';
import { searchMonuments, searchSites } from '@/db/queries/search';
import { updateMonument, getMonumentById } from '@/db/queries/monuments';
import { parseFilters } from '@/lib/filters';
import { parsePaging, parseSort } from '@/lib/search-params';
import { parseExportParams } from '@/lib/export/params';
import { parsePartialDate, parseEventDate } from '@/lib/dates';
import { MAX_ALT_NAMES, monumentFormValues, parseMonumentForm } from '@/lib/records/monument';
import { MAX_CITATIONS, parseReportForm } from '@/lib/records/report';
import { parseSiteForm } from '@/lib/records/site';
import { parseSourceForm } from '@/lib/records/source';
import { parseUserForm } from '@/lib/inputs/user';
import { HOSTILE_STRINGS } from '../support/hostile';
import { verifyWrites, newWriteLog } from '../support/write-stream';

/** The unit half of the hostile-input suite: every parser and query a request reaches, fed every hostile value. */
let db: Db;
beforeEach(() => {
  db = freshDatabase();
  seedDatabase();
});

const FILTER_KEYS = ['q', 'country', 'site', 'kind', 'status', 'cause', 'verification', 'from', 'to'];

describe('parsers and queries fed hostile values', () => {
  it('parse or refuse every filter, paging and sort value, never throw, and refuse what is not valid', () => {
    for (const value of HOSTILE_STRINGS) {
      for (const key of [...FILTER_KEYS, 'page', 'per_page', 'sort', 'bom', 'include']) {
        const params = new URLSearchParams([[key, value]]);
        expect(() => parseFilters(params), `${key}=${value.slice(0, 40)}`).not.toThrow();
        expect(() => parsePaging(params, { defaultPerPage: 20, allowPerPage: true }), key).not.toThrow();
        expect(() => parseSort(params), key).not.toThrow();
        expect(() => parseExportParams(params), key).not.toThrow();
      }
      expect(() => parsePartialDate(value)).not.toThrow();
      expect(() => parseEventDate(value, value, true)).not.toThrow();
    }
    const refused = (query: string) => !parseFilters(new URLSearchParams(query)).ok;
    for (const query of [
      'kind=nuked',
      'status=DESTROYED',
      'from=2015-13-45',
      'from=2015-02-30',
      'to=yesterday',
      `q=${'a'.repeat(201)}`,
      'country=SYR',
      'site=../x',
    ]) {
      expect(refused(query), query).toBe(true);
    }
    for (const page of ['-1', '0', '99999999999999999999', '1e5', '1.5', 'NaN']) {
      expect(parsePaging(new URLSearchParams({ page }), { defaultPerPage: 20, allowPerPage: false }).ok, page).toBe(
        false,
      );
    }
  });

  it('search with any text as words, never as FTS syntax or SQL', () => {
    const before = (db.$client.prepare('SELECT count(*) AS n FROM reports').get() as { n: number }).n;
    for (const value of HOSTILE_STRINGS.filter((v) => v.length <= 200)) {
      const parsed = parseFilters(new URLSearchParams({ q: value }));
      if (!parsed.ok) continue;
      for (const sort of ['relevance', 'name', 'latest'] as const) {
        expect(() => searchMonuments(db, parsed.value, { sort, page: 1, perPage: 20 }), value).not.toThrow();
      }
      expect(() => searchSites(db, parsed.value, { sort: 'relevance', page: 1, perPage: 20 }), value).not.toThrow();
    }
    const hits = (q: string) => {
      const parsed = parseFilters(new URLSearchParams(q ? { q } : {}));
      if (!parsed.ok) throw new Error(q);
      return searchMonuments(db, parsed.value, { sort: 'name', page: 1, perPage: 50 }).total;
    };
    // Words, not a condition: "or" and "1" match the few records with such words, never every record.
    expect(hits("' OR '1'='1")).toBeLessThan(hits(''));
    expect(hits('1; DROP TABLE reports; --')).toBeLessThan(hits(''));
    expect(hits('bel*')).toBe(hits('bel'));
    expect(hits('NEAR(bel temple, 2)')).toBeLessThanOrEqual(hits('bel'));
    expect((db.$client.prepare('SELECT count(*) AS n FROM reports').get() as { n: number }).n).toBe(before);
    expect(db.$client.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('refuse every curator form field that is too long or malformed, field by field, without throwing', () => {
    const huge = 'x'.repeat(100_000);
    const site = { name: 'S', countryCodes: 'SY' };
    for (const [field, value] of [
      ['name', huge],
      ['countryCodes', "SY'; --"],
      ['unescoIdNo', '1e9'],
      ['latitude', 'NaN'],
      ['slug', '../x'],
      ['wikidataQid', '<script>'],
      ['description', huge],
    ]) {
      const r = parseSiteForm({ ...site, [field!]: value!, ...(field === 'latitude' ? { longitude: '1' } : {}) });
      expect(r.ok, field).toBe(false);
      if (!r.ok) expect(Object.keys(r.fieldErrors), field).toContain(field);
    }
    const monument = { siteId: '1', name: 'M', kind: 'temple' };
    for (const [field, value] of [
      ['siteId', '1 OR 1=1'],
      ['kind', 'nuked'],
      ['name', huge],
      ['pleiadesId', 'abc'],
      ['period', huge],
    ]) {
      const r = parseMonumentForm({ ...monument, [field!]: value! });
      expect(r.ok, field).toBe(false);
    }
    const report = {
      monumentId: '1',
      eventDate: '2015',
      damageLevel: 'destroyed',
      summary: 'S',
      certainty: 'high',
      verificationStatus: 'unverified',
    };
    for (const [field, value] of [
      ['eventDate', '2015-13-45'],
      ['eventDate', '99999'],
      ['damageLevel', 'nuked'],
      ['summary', huge],
      ['reportedActor', huge],
      ['citations.0.sourceId', '1; DROP TABLE sources'],
      ['citations.0.mode', 'sideways'],
      ['citations.0.quote', huge],
    ]) {
      const r = parseReportForm({
        ...report,
        'citations.0.sourceId': '1',
        'citations.0.stance': 'supports',
        [field!]: value!,
      });
      expect(r.ok, `${field}=${value!.slice(0, 20)}`).toBe(false);
    }
    expect(parseSourceForm({ title: 'T', sourceType: 'news', url: 'javascript:alert(1)' }).ok).toBe(false);
    expect(parseUserForm({ email: "x' --@y", name: 'N', role: 'editor' }, 'a long enough password').ok).toBe(false);
    for (const value of HOSTILE_STRINGS) {
      expect(() =>
        parseReportForm({
          ...report,
          eventDate: value,
          eventDateEnd: value,
          reportedDate: value,
          cause: value,
          'citations.0.sourceId': value,
        }),
      ).not.toThrow();
      expect(() =>
        parseMonumentForm({
          ...monument,
          latitude: value,
          longitude: value,
          'altNames.0.name': value,
          'altNames.0.lang': value,
        }),
      ).not.toThrow();
    }
  });

  it('refuse more repeated rows than a record needs, before reading them', () => {
    const names = Object.fromEntries(
      Array.from({ length: MAX_ALT_NAMES + 1 }, (_, i) => [
        [`altNames.${i}.name`, `n${i}`],
        [`altNames.${i}.lang`, 'en'],
      ]).flat(),
    );
    const tooMany = parseMonumentForm({ siteId: '1', name: 'M', kind: 'temple', ...names });
    expect(tooMany).toEqual({ ok: false, fieldErrors: { altNames: ['tooMany'] } });
    const fewer = Object.fromEntries(
      Object.entries(names).filter(([k]) => !k.startsWith(`altNames.${MAX_ALT_NAMES}.`)),
    );
    expect(parseMonumentForm({ siteId: '1', name: 'M', kind: 'temple', ...fewer }).ok).toBe(true);
    const citations = Object.fromEntries(
      Array.from({ length: MAX_CITATIONS + 1 }, (_, i) => [
        [`citations.${i}.sourceId`, String(i + 1)],
        [`citations.${i}.stance`, 'supports'],
      ]).flat(),
    );
    const report = parseReportForm({
      monumentId: '1',
      eventDate: '2015',
      damageLevel: 'destroyed',
      summary: 'S',
      certainty: 'high',
      verificationStatus: 'unverified',
      ...citations,
    });
    expect(report.ok).toBe(false);
    if (!report.ok) expect(report.fieldErrors.citations).toEqual(['tooMany']);
  });
});

describe("the crash and load tests' check of the database", () => {
  it('passes a database where every change has its revision, and finds a missing write or a change without revision', () => {
    expect(verifyWrites(db.$client, newWriteLog())).toEqual([]);
    const missing = { ...newWriteLog(), reports: [{ writer: 0, id: 999_999, summary: 'acknowledged but lost' }] };
    expect(verifyWrites(db.$client, missing)).toEqual([
      'acknowledged report 999999 (acknowledged but lost) is missing',
    ]);

    const m = getMonumentById(db, 1)!;
    const edited = transaction((tx) =>
      updateMonument(tx, 1, m.version, { ...monumentFormValuesToInput(m), description: 'edited' }, [], {
        agent: 'test',
      }),
    );
    expect(edited.ok).toBe(true);
    const acked = {
      ...newWriteLog(),
      edits: [{ writer: 0, monumentId: 1, version: m.version + 1, description: 'edited' }],
    };
    expect(verifyWrites(db.$client, acked)).toEqual([]);
    // A change that skipped its revision (as a write outside the write functions would) is found.
    db.$client.prepare('UPDATE monuments SET version = version + 1 WHERE id = 2').run();
    expect(verifyWrites(db.$client, acked)).toEqual([
      expect.stringMatching(/^monument 2: version \d+ but \d+ revisions$/),
    ]);
  });
});

/** A monument row as the input its update takes (the form's values, parsed). */
function monumentFormValuesToInput(m: Parameters<typeof monumentFormValues>[0]) {
  const parsed = parseMonumentForm(monumentFormValues(m));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.fieldErrors));
  const { altNames: _a, ...input } = parsed.data;
  return input;
}

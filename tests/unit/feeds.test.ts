/**
 * What the feeds, /changes and link previews are built from: published changes only (a draft never appears), the
 * filters, the words of a change, the Atom text, and the preview image with its Arabic shaped.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { freshDatabase } from '../setup/test-db';
import { transaction, type Db } from '@/db';
import { seedDatabase } from '@/db/seed';
import { getMonumentBySlug } from '@/db/queries/monuments';
import { getSiteBySlug } from '@/db/queries/sites';
import { insertReport } from '@/db/queries/reports';
import { insertSource } from '@/db/queries/sources';
import { listFilteredPublicChanges } from '@/db/queries/feeds';
import { describeChange } from '@/lib/change-words';
import { parseChangeQuery } from '@/lib/change-filter';
import { atomFeed, rfc3339, xmlEscape } from '@/lib/atom';
import { PREVIEW_HEIGHT, PREVIEW_WIDTH, renderPreview, textLayer } from '@/lib/preview-image';
import en from '@/messages/en/changes.json';
import ar from '@/messages/ar/changes.json';

let db: Db;
const actor = { agent: 'test-feeds' };

/** A translator over a catalog, as next-intl's `t` answers (ICU {placeholders} only). */
const translator =
  (catalog: Record<string, unknown>) =>
  (key: string, values: Record<string, string> = {}) => {
    const message = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], catalog);
    if (typeof message !== 'string') throw new Error(`no message ${key}`);
    return message.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? `{${name}}`);
  };

function addReports() {
  const bel = getMonumentBySlug(db, 'temple-of-bel')!;
  return transaction((tx) => {
    const a = insertSource(tx, { title: 'Feed test source A', publisher: 'Agency A', sourceType: 'news' }, actor);
    const published = insertReport(
      tx,
      {
        monumentId: bel.id,
        eventDate: '2016-03-01',
        eventDatePrecision: 'month',
        damageLevel: 'severe_damage',
        certainty: 'medium',
        verificationStatus: 'unverified',
        reviewState: 'published',
        summary: 'Published feed summary about the cella',
        summaryAr: 'ملخص منشور عن القاعة',
      },
      [{ sourceId: a.id, stance: 'supports' }],
      actor,
    );
    insertReport(
      tx,
      {
        monumentId: bel.id,
        damageLevel: 'destroyed',
        certainty: 'low',
        reviewState: 'draft',
        summary: 'Secret draft summary never public',
      },
      [],
      actor,
    );
    return { bel, published };
  });
}

beforeEach(() => {
  db = freshDatabase();
  seedDatabase();
});

describe('published changes for feeds and /changes', () => {
  it('never lists a draft, and says what a published report claims in words', () => {
    const { published } = addReports();
    const all = listFilteredPublicChanges(db, { limit: 10_000 });
    expect(JSON.stringify(all)).not.toContain('Secret draft summary');
    const change = all.find((c) => c.entityType === 'report' && c.entityId === published.id)!;
    expect(change).toBeDefined();
    const words = describeChange(change, 'en', translator(en), (f) => f);
    expect(words.title).toBe('Created · Report on Temple of Bel — Severe damage');
    expect(words.href).toBe(`/monuments/temple-of-bel#report-${published.id}`);
    expect(words.details).toEqual([
      'Damage level: Severe damage',
      'Event date: Mar 2016',
      'Verification: Unverified',
      'Summary: Published feed summary about the cella',
    ]);
    const arabic = describeChange(change, 'ar', translator(ar), (f) => f);
    expect(arabic.details).toContain('الملخص: ملخص منشور عن القاعة');
    expect(arabic.name).toBe('معبد بل');
  });

  it('filters by monument, site, country, record type and kind of change, and pages with a cursor', () => {
    const { bel } = addReports();
    const ofBel = listFilteredPublicChanges(db, { limit: 10_000, filter: { monumentId: bel.id } });
    expect(ofBel.length).toBeGreaterThan(1);
    for (const c of ofBel)
      expect(c.entityType === 'monument' ? c.entityId : c.monumentSlug).toBe(
        c.entityType === 'monument' ? bel.id : 'temple-of-bel',
      );
    const hatra = getSiteBySlug(db, 'hatra')!;
    const ofHatra = listFilteredPublicChanges(db, { limit: 10_000, filter: { siteId: hatra.id } });
    expect(ofHatra.length).toBeGreaterThan(0);
    expect(ofHatra.every((c) => c.siteSlug === 'hatra')).toBe(true);
    const iraq = listFilteredPublicChanges(db, { limit: 10_000, filter: { country: 'IQ' } });
    expect(new Set(iraq.map((c) => c.siteSlug))).not.toContain('palmyra');
    expect(iraq.length).toBeGreaterThan(0);
    const reports = listFilteredPublicChanges(db, {
      limit: 10_000,
      filter: { entityType: 'report', action: 'create' },
    });
    expect(reports.every((c) => c.entityType === 'report' && c.action === 'create')).toBe(true);
    // Two pages through the cursor hold every change once, in order.
    const everything = listFilteredPublicChanges(db, { limit: 10_000 });
    const first = listFilteredPublicChanges(db, { limit: 5 });
    const second = listFilteredPublicChanges(db, { limit: 10_000, beforeId: first.at(-1)!.id });
    expect([...first, ...second].map((c) => c.id)).toEqual(everything.map((c) => c.id));
  });

  it('refuses malformed, repeated and unknown filters by name', () => {
    expect(parseChangeQuery(new URLSearchParams('country=sy&type=report'))).toEqual({
      ok: true,
      value: { country: 'SY', type: 'report' },
    });
    expect(parseChangeQuery(new URLSearchParams('site='))).toEqual({ ok: true, value: {} });
    const bad = parseChangeQuery(new URLSearchParams('country=Syria&type=user&before=x&colour=red&site=a&site=b'));
    expect(bad.ok).toBe(false);
    expect(Object.keys(!bad.ok ? bad.errors : {}).sort()).toEqual(['before', 'colour', 'country', 'site', 'type']);
  });
});

describe('Atom text', () => {
  it('escapes markup and characters XML cannot carry, and writes RFC 3339 times', () => {
    expect(xmlEscape('a < b & "c" \u0001')).toBe('a &lt; b &amp; &quot;c&quot; ');
    expect(rfc3339('2026-11-30T05:42:49.050Z')).toBe('2026-11-30T05:42:49Z');
    expect(rfc3339('2026-11-30 05:42:49')).toBe('2026-11-30T05:42:49Z');
    const xml = atomFeed({
      id: 'https://r.example/changes.atom',
      title: 'Changes <all>',
      updated: '2026-11-30T05:42:49Z',
      author: 'Curators',
      self: 'https://r.example/changes.atom?country=SY&type=report',
      alternate: 'https://r.example/changes',
      lang: 'en',
      entries: [
        { id: 'tag:r.example,2026-11-30:change-1', title: 'A & B', updated: '2026-11-30T05:42:49Z', summary: ['x'] },
      ],
    });
    expect(xml).toContain('<title type="text">Changes &lt;all&gt;</title>');
    expect(xml).toContain('href="https://r.example/changes.atom?country=SY&amp;type=report"');
    expect(xml).toMatch(
      /<entry>\s*<id>tag:r\.example,2026-11-30:change-1<\/id>\s*<title type="text">A &amp; B<\/title>/,
    );
  });
});

describe('preview images', () => {
  it('sets Arabic in joined letter forms (shaped), not as a row of isolated letters', async () => {
    const word = 'معبد بعل شمين';
    const options = { size: 48, colour: '#000000', width: 1000 };
    const shaped = await textLayer(word, options);
    // A zero-width non-joiner between letters forces each into its isolated form: what an unshaped rendering (no
    // Arabic font, no shaping engine) looks like. Shaped text joins letters and is markedly narrower.
    const isolated = await textLayer([...word].join('\u200c'), options);
    expect(shaped.width).toBeGreaterThan(100);
    expect(shaped.width).toBeLessThan(isolated.width * 0.85);
    // Boxes for missing glyphs would be as wide either way (the non-joiner has no width), so this fails too.
  });

  it('is a PNG of the documented size', async () => {
    const png = await renderPreview({
      name: 'Temple of Bel',
      nameAr: 'معبد بل',
      level: 'destroyed',
      status: { en: 'Destroyed', ar: 'مدمّر' },
      context: { en: 'Temple · Palmyra', ar: 'معبد · تدمر' },
      date: { en: 'Latest event: 30 Aug 2015', ar: 'آخر حدث: 30 آب 2015' },
      registry: { en: 'Heritage Damage Registry', ar: 'سجل الأضرار التي لحقت بالتراث' },
    });
    const meta = await sharp(png).metadata();
    expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({
      format: 'png',
      width: PREVIEW_WIDTH,
      height: PREVIEW_HEIGHT,
    });
    expect([PREVIEW_WIDTH, PREVIEW_HEIGHT]).toEqual([1200, 630]);
  });
});

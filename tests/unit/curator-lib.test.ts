import { describe, expect, it } from 'vitest';
import { eventDateInputs, parseEventDate } from '@/lib/dates';
import { mergeStaleEdit } from '@/lib/conflict';
import { diffSnapshots, formatValue, publicChangedFields } from '@/lib/diff';
import { formValues } from '@/lib/forms';
import { parseMonumentForm } from '@/lib/records/monument';
import { parseSiteForm } from '@/lib/records/site';

describe('event dates as curators type them', () => {
  it('round-trips every precision through the form fields', () => {
    for (const [start, end, approx] of [
      ['2015', '', false],
      ['2015-08', '', false],
      ['2015-08-30', '', false],
      ['2014', '2016', true],
      ['2015', '', true],
      ['2015-03-02', '2015-04-10', true],
      ['', '', false],
    ] as const) {
      const parsed = parseEventDate(start, end, approx);
      expect(parsed.ok).toBe(true);
      expect(eventDateInputs((parsed as { value: Parameters<typeof eventDateInputs>[0] }).value)).toEqual({
        eventDate: start,
        eventDateEnd: end,
        approximate: approx,
      });
    }
  });

  it('names the wrong field', () => {
    expect(parseEventDate('2015-02-30', '', false)).toEqual({ ok: false, field: 'eventDate', code: 'invalidDate' });
    expect(parseEventDate('2016', '2015', false)).toEqual({ ok: false, field: 'eventDateEnd', code: 'endBeforeStart' });
    expect(parseEventDate('', '2015', false)).toEqual({ ok: false, field: 'eventDate', code: 'required' });
    expect(parseEventDate('2015', 'soon', false)).toEqual({ ok: false, field: 'eventDateEnd', code: 'invalidDate' });
  });
});

describe('form parsing', () => {
  it('derives a slug from the English name and normalises country codes', () => {
    const r = parseSiteForm({ name: 'Ḥatra: the City of the Sun', countryCodes: ' iq ; sy ', inDangerSince: '2015' });
    expect(r).toMatchObject({
      ok: true,
      data: { slug: 'hatra-the-city-of-the-sun', countryCodes: 'IQ,SY', inDanger: false, inDangerSince: null },
    });
    expect(parseSiteForm({ name: 'معبد', countryCodes: 'SY', latitude: '34.5' })).toEqual({
      ok: false,
      fieldErrors: { slug: ['slugRequired'], longitude: ['coordinatesPair'] },
    });
  });

  it('reads repeated rows by their index, ignoring empty ones and naming errors by row', () => {
    const r = parseMonumentForm({
      siteId: '1',
      name: 'Temple',
      kind: 'temple',
      'altNames.0.name': 'معبد',
      'altNames.0.lang': 'ar',
      'altNames.4.name': '',
      'altNames.4.lang': '',
      'altNames.7.name': 'Temple',
      'altNames.7.lang': 'French',
      'altNames.9.name': 'معبد',
      'altNames.9.lang': 'ar',
    });
    expect(r).toEqual({
      ok: false,
      fieldErrors: { 'altNames.7.lang': ['langFormat'], 'altNames.9.name': ['duplicate'] },
    });
  });

  it('never keeps a password among the values sent back to a form', () => {
    const fd = new FormData();
    fd.append('email', 'a@b.c');
    fd.append('password', 'hunter2-hunter2');
    fd.append('newPassword', 'x');
    fd.append('$ACTION_ID_1', '');
    expect(formValues(fd)).toEqual({ email: 'a@b.c' });
  });
});

describe('stale edits', () => {
  const fields = ['name', 'period', 'description', 'altNames'];
  it("keeps the curator's changes, takes the others from what is saved now, and flags real clashes", () => {
    const opened = { name: 'Bel', period: '', description: 'Old', 'altNames.0.name': 'بل', 'altNames.0.lang': 'ar' };
    const current = {
      name: 'Bel',
      period: 'Roman',
      description: 'Theirs',
      'altNames.0.name': 'بل',
      'altNames.0.lang': 'ar',
      'altNames.1.name': 'Bêl',
      'altNames.1.lang': 'fr',
    };
    const yours = {
      name: 'Temple of Bel',
      period: '',
      description: 'Mine',
      'altNames.0.name': 'بل',
      'altNames.0.lang': 'ar',
      version: '3',
    };
    const { merged, rows } = mergeStaleEdit(opened, current, yours, fields);
    expect(merged).toEqual({
      name: 'Temple of Bel',
      period: 'Roman',
      description: 'Mine',
      'altNames.0.name': 'بل',
      'altNames.0.lang': 'ar',
      'altNames.1.name': 'Bêl',
      'altNames.1.lang': 'fr',
      version: '3',
    });
    expect(rows.map((r) => [r.field, r.theirs, r.mine, r.clash])).toEqual([
      ['name', false, true, false],
      ['period', true, false, false],
      ['description', true, true, true],
      ['altNames', true, false, false],
    ]);
    expect(rows.find((r) => r.field === 'altNames')!.current).toBe('بل (ar); Bêl (fr)');
  });

  it('without the opened version (no revision), keeps everything the curator sent', () => {
    const { merged, rows } = mergeStaleEdit(undefined, { name: 'A', period: 'P' }, { name: 'B', period: 'P' }, fields);
    expect(merged).toEqual({ name: 'B', period: 'P' });
    expect(rows).toEqual([
      { field: 'name', opened: '', current: 'A', yours: 'B', theirs: false, mine: true, clash: false },
    ]);
  });
});

describe('diffs and public paths', () => {
  it('lists changed fields, leaving out bookkeeping, and hides private ones from the public', () => {
    const before = {
      id: 1,
      version: 1,
      updatedAt: 'a',
      summary: 'Old',
      reviewState: 'draft',
      reviewComment: null,
      citations: [],
    };
    const after = {
      id: 1,
      version: 2,
      updatedAt: 'b',
      summary: 'New',
      reviewState: 'published',
      reviewComment: 'ok',
      citations: [{ sourceId: 3, stance: 'disputes', quote: 'no' }],
    };
    expect(diffSnapshots(before, after).map((c) => c.field)).toEqual([
      'summary',
      'reviewState',
      'reviewComment',
      'citations',
    ]);
    expect(publicChangedFields(before, after)).toEqual(['summary', 'citations']);
    expect(formatValue(after.citations)).toBe('#3 disputes: “no”');
    expect(formatValue([{ name: 'معبد بل', lang: 'ar' }])).toBe('معبد بل (ar)');
  });
});

import { describe, expect, it } from 'vitest';
import { foldText, slugify } from '@/lib/text';
import { formatEventDate, parsePartialDate } from '@/lib/dates';

describe('text folding for search', () => {
  it('drops Latin accents and transliteration marks', () => {
    expect(foldText('Baʿalshamin')).toBe(foldText('Baalshamin'));
    expect(foldText('Palmyre — Théâtre')).toBe('palmyre — theatre');
  });
  it('normalises Arabic: short vowels, hamza and alef forms, ta marbuta, tatweel', () => {
    expect(foldText('مَعْبَدُ بِل')).toBe('معبد بل');
    expect(foldText('معبد بــل')).toBe('معبد بل');
    expect(foldText('أسد اللات')).toBe(foldText('اسد اللات'));
    expect(foldText('قلعة')).toBe(foldText('قلعه'));
  });
  it('makes ASCII slugs', () => {
    expect(slugify('Temple of Baʿalshamin')).toBe('temple-of-baalshamin');
    // At most 80 characters, cut after a whole word (the UNESCO list has 33 names longer than that).
    const long = 'Ancient and Primeval Beech Forests of the Carpathians and Other Regions of Europe';
    expect(slugify(long)).toBe('ancient-and-primeval-beech-forests-of-the-carpathians-and-other-regions-of');
    expect(slugify(`${long} Forever`).length).toBeLessThanOrEqual(80);
    expect(slugify('x'.repeat(90))).toBe('x'.repeat(80));
  });
});

describe('dates shown no more precisely than known', () => {
  const d = (
    eventDate: string | null,
    eventDatePrecision: 'day' | 'month' | 'year' | 'approximate',
    eventDateEnd: string | null = null,
  ) => ({ eventDate, eventDatePrecision, eventDateEnd });
  it('formats each precision in English and Arabic', () => {
    expect(formatEventDate(d('2015-08-30', 'day'), 'en')).toBe('30 Aug 2015');
    expect(formatEventDate(d('2015-08-01', 'month'), 'en')).toBe('Aug 2015');
    expect(formatEventDate(d('2015-01-01', 'year'), 'en')).toBe('2015');
    expect(formatEventDate(d('2015-06-01', 'approximate', '2015-07-31'), 'en')).toBe('c. 2015');
    expect(formatEventDate(d('2015-05-21', 'approximate', '2016-03-27'), 'en')).toBe('c. 2015–2016');
    expect(formatEventDate(d('2015-08-01', 'month'), 'ar')).toBe('آب 2015');
    expect(formatEventDate(d('2015-06-01', 'approximate', '2015-07-31'), 'ar')).toBe('حوالي 2015');
    expect(formatEventDate(d(null, 'day'), 'en')).toBe('date unknown');
  });
  it('parses partial dates and rejects impossible ones', () => {
    expect(parsePartialDate('2015-08')).toEqual({ date: '2015-08-01', precision: 'month' });
    expect(parsePartialDate('2015')).toEqual({ date: '2015-01-01', precision: 'year' });
    expect(parsePartialDate('2015-02-30')).toBeNull();
    expect(parsePartialDate('30/08/2015')).toBeNull();
  });
});

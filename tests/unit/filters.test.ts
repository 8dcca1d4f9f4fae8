import { beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase } from '../setup/test-db';
import type { Db } from '@/db';
import { seedDatabase } from '@/db/seed';
import { parseFilters, type Filters } from '@/lib/filters';
import { ftsQuery, monumentConditions } from '@/db/queries/filters';

let db: Db;
beforeEach(() => {
  db = freshDatabase();
  seedDatabase();
});

function slugs(query: string): string[] {
  const parsed = parseFilters(new URLSearchParams(query));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const c = monumentConditions(parsed.value as Filters);
  return (
    db.$client
      .prepare(`SELECT m.slug FROM monuments m JOIN sites s ON s.id = m.site_id WHERE ${c.sql} ORDER BY m.slug`)
      .all(...c.params) as { slug: string }[]
  ).map((r) => r.slug);
}

describe('shared filters', () => {
  it('name each bad parameter with its own message', () => {
    const r = parseFilters(new URLSearchParams('status=flattened&country=Syria&from=2015-13&kind=temple'));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(Object.keys(r.errors).sort()).toEqual(['country', 'from', 'status']);
      expect(r.errors.status).toMatch(/unknown status "flattened"/);
    }
    const order = parseFilters(new URLSearchParams('from=2016&to=2015'));
    expect(order.ok).toBe(false);
  });

  it('select by country, kind, status, cause, verification and date range, in combination', () => {
    expect(slugs('country=IQ')).toEqual(['hatra-great-temple']);
    expect(slugs('kind=temple&country=SY')).toEqual(['temple-of-baalshamin', 'temple-of-bel']);
    expect(slugs('status=destroyed&kind=arch,tomb')).toEqual(['arch-of-triumph', 'tower-of-elahbel']);
    expect(slugs('cause=misuse')).toEqual(['roman-theatre']);
    expect(slugs('verification=disputed')).toEqual(['palmyra-archaeological-area']);
    expect(slugs('from=2017&to=2017')).toEqual(['roman-theatre', 'tetrapylon']);
    // An approximate range overlapping the filter counts: the museum's damage spans May 2015 – March 2016.
    expect(slugs('from=2016-01&to=2016-02&kind=museum')).toEqual(['palmyra-museum']);
  });

  it('search text safely: FTS syntax is text, accents and Arabic variants fold', () => {
    expect(slugs('q=Baalshamin')).toEqual(['temple-of-baalshamin']);
    expect(slugs('q=Baʿalshamin')).toEqual(['temple-of-baalshamin']);
    expect(slugs('q=' + encodeURIComponent('مَعْبَد بِل'))).toContain('temple-of-bel');
    expect(slugs('q=' + encodeURIComponent('"bel" AND (temple OR -x*'))).toEqual([]);
    expect(slugs('q=' + encodeURIComponent('*()"'))).toEqual([]);
    expect(ftsQuery('temple "of" bel')).toBe('{names body reports} : ("temple"* "of"* "bel"*)');
  });
});

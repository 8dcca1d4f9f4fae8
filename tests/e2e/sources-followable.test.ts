import { describe, expect, inject, it } from 'vitest';
import { openDatabase } from '@/db';
import { getMonumentBySlug } from '@/db/queries/monuments';
import { insertReport } from '@/db/queries/reports';
import { insertSource } from '@/db/queries/sources';
import { baseUrl, readRow } from './helpers';
import { RUN, curator, httpSignIn } from './curator-helpers';
import { currentFormFields, postForm } from '../support/curator-http';

/**
 * Sources a reader can follow: a source's web address is a link out of the registry (marked for sighted readers and
 * screen readers, without an opener handle or a referrer), and a curator who records a source with no address at
 * all is asked for a citation detail instead.
 */
describe('sources a reader can follow', () => {
  it('shows a source address as a marked external link, in English and in Arabic', async () => {
    const url = `https://example.org/report-${RUN}?page=2`;
    const db = openDatabase(inject('databasePath'));
    let slug: string;
    try {
      const monument = getMonumentBySlug(db, 'tetrapylon')!;
      slug = monument.slug;
      db.$client
        .transaction(() => {
          const tx = db;
          const source = insertSource(
            tx,
            { title: `Field report ${RUN}`, publisher: 'Example survey', sourceType: 'field_survey', url },
            { agent: 'e2e' },
          );
          insertReport(
            tx,
            {
              monumentId: monument.id,
              damageLevel: 'moderate_damage',
              certainty: 'medium',
              summary: `Linked report ${RUN}`,
              reviewState: 'published',
            },
            [{ sourceId: source.id, stance: 'supports' }],
            { agent: 'e2e' },
          );
        })
        .immediate();
    } finally {
      db.$client.close();
    }
    const cited = { slug, url: url.replace(/&/g, '&amp;') };
    for (const [prefix, phrase] of [
      ['', '(external link)'],
      ['/ar', '(رابط خارجي)'],
    ] as const) {
      const html = await (await fetch(`${baseUrl()}${prefix}/monuments/${cited.slug}`)).text();
      const link = new RegExp(
        `<a href="${cited.url.replace(/[.?]/g, '\\$&')}" rel="noopener noreferrer"[^>]*>(.*?)</a>`,
      );
      const found = link.exec(html);
      expect(found, `${prefix} link to ${cited.url}`).not.toBeNull();
      expect(found![1]).toContain('↗');
      expect(found![1]).toContain(phrase);
    }
  });

  it('asks for a citation detail when a source has no address, and stops asking once it has one', async () => {
    const { cookie } = await httpSignIn(curator('editor').email, curator('editor').password);
    const form = await (await fetch(`${baseUrl()}/admin/sources/new`, { headers: { cookie } })).text();
    const title = `Broadcast without an address ${Date.now()}`;
    const saved = await postForm(baseUrl(), '/admin/sources/new', cookie, {
      ...currentFormFields(form, 'title'),
      title,
      sourceType: 'news',
    });
    expect(saved.status).toBe(303);
    const edit = new URL(saved.location!, baseUrl()).pathname;
    const page = await (await fetch(`${baseUrl()}${edit}`, { headers: { cookie } })).text();
    expect(page).toContain('id="unlinked-source"');

    const updated = await postForm(baseUrl(), edit, cookie, {
      ...currentFormFields(page, 'title'),
      citationDetail: 'Evening news, 21:00, 31 August 2015',
    });
    expect(updated.status).toBe(303);
    const after = await (await fetch(`${baseUrl()}${edit}`, { headers: { cookie } })).text();
    expect(after).not.toContain('id="unlinked-source"');
    expect(
      readRow<{ detail: string }>('SELECT citation_detail AS detail FROM sources WHERE title = ?', title).detail,
    ).toBe('Evening news, 21:00, 31 August 2015');
  });
});

/**
 * A site UNESCO lists under no state code (as the list does for Jerusalem, id_no 148) on a real server: its page,
 * the list by country and the API show UNESCO's own states text, in both languages, and no invented code.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '@/db';
import { insertSite } from '@/db/queries/sites';
import { baseUrl } from './helpers';

const tag = `states${Date.now().toString(36)}`;
const slug = `${tag}-old-city`;
const STATES = `Jerusalem (Site proposed by Jordan) ${tag}`;
const STATES_AR = `القدس (موقع اقترحه الأردن) ${tag}`;

beforeAll(() => {
  const db = openDatabase(inject('databasePath'));
  insertSite(
    db,
    { slug, name: `Old City ${tag}`, countryCodes: '', statesName: STATES, statesNameAr: STATES_AR, unescoIdNo: null },
    { agent: 'e2e-states' },
  );
  db.$client.close();
});

const page = async (path: string) => {
  const res = await fetch(`${baseUrl()}${path}`);
  return { status: res.status, text: await res.text() };
};

describe('a site without a state code', () => {
  it('shows UNESCO’s states text on its page, in English and Arabic', async () => {
    const en = await page(`/en/sites/${slug}`);
    expect(en.status).toBe(200);
    expect(en.text).toContain(STATES);
    const ar = await page(`/ar/sites/${slug}`);
    expect(ar.status).toBe(200);
    expect(ar.text).toContain(STATES_AR);
  });

  it('is listed by country under that text', async () => {
    const list = await page('/en/sites');
    expect(list.status).toBe(200);
    const heading = list.text.indexOf(STATES);
    expect(heading).toBeGreaterThan(0);
    expect(list.text.indexOf(`/sites/${slug}"`, heading)).toBeGreaterThan(heading);
  });

  it('is served by the API with no code and the states text', async () => {
    const res = await fetch(`${baseUrl()}/api/v1/sites/${slug}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: Record<string, unknown> };
    expect(body.data).toMatchObject({ country_codes: [], states_name: STATES, states_name_ar: STATES_AR });
  });
});
